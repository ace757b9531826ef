package com.atlassian.sal.api.auth;

import java.security.Principal;
import javax.servlet.http.HttpServletRequest;

/** Stub of SAL 5.1.4 {@code AuthenticationController}: whether a principal may log in to the product. */
public interface AuthenticationController {
    boolean shouldAttemptAuthentication(HttpServletRequest request);

    boolean canLogin(Principal principal, HttpServletRequest request);
}
