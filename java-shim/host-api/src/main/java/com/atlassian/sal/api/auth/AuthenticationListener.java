package com.atlassian.sal.api.auth;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Stub of SAL 5.1.4 {@code AuthenticationListener}: the product binds (or not) the session to an authenticated principal. */
public interface AuthenticationListener {
    void authenticationSuccess(Authenticator.Result result, HttpServletRequest request, HttpServletResponse response);

    void authenticationFailure(Authenticator.Result result, HttpServletRequest request, HttpServletResponse response);

    void authenticationError(Authenticator.Result result, HttpServletRequest request, HttpServletResponse response);

    void authenticationNotAttempted(HttpServletRequest request, HttpServletResponse response);
}
