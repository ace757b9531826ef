package com.atlassian.sal.api.xsrf;

import javax.servlet.http.HttpServletRequest;

/** Stub of SAL's XsrfTokenValidator (sal-api 5.1.4, [DECL]). */
public interface XsrfTokenValidator {
    boolean validateFormEncodedToken(HttpServletRequest request);

    String getXsrfParameterName();
}
