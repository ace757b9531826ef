package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * SAL XSRF validation with a session-bound random token in form parameter {@value #PARAMETER}.
 * The security filter hands the token to browsers in the {@value #COOKIE} cookie, as Jira does.
 */
public final class RefXsrfTokenValidator implements XsrfTokenValidator {
    public static final String PARAMETER = "atl_token";
    public static final String COOKIE = "atlassian.xsrf.token";
    private static final String SESSION_KEY = "io.oidcsso.refhost.xsrf.token";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The session's token, created on first use. */
    public static String tokenFor(HttpSession session) {
        Object token = session.getAttribute(SESSION_KEY);
        if (token instanceof String s) {
            return s;
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String created = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(SESSION_KEY, created);
        return created;
    }

    @Override
    public boolean validateFormEncodedToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sent = request.getParameter(PARAMETER);
        if (session == null || sent == null || !(session.getAttribute(SESSION_KEY) instanceof String expected)) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String getXsrfParameterName() {
        return PARAMETER;
    }
}
