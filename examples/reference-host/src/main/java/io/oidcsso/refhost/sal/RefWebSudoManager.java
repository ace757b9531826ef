package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.websudo.WebSudoSessionException;
import io.oidcsso.refhost.security.RequestPaths;
import io.oidcsso.refhost.security.SecurityFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * SAL WebSudo: a logged-in session is in "secure administrator" mode for ten minutes after the
 * user last typed their local password (on the login form or the {@value #PAGE} page); each
 * websudo request extends it, as in Jira.
 */
public final class RefWebSudoManager implements WebSudoManager {
    public static final String PAGE = "/secure/websudo";
    private static final String SESSION_KEY = "io.oidcsso.refhost.websudo.lastAuthenticated";
    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;

    public RefWebSudoManager(Clock clock) {
        this.clock = clock;
    }

    /** Marks the session as having just proven the local password. */
    public void grant(HttpServletRequest request) {
        request.getSession(true).setAttribute(SESSION_KEY, clock.millis());
    }

    @Override
    public boolean canExecuteRequest(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || request.getAttribute(SecurityFilter.USER_ATTRIBUTE) == null) {
            return false;
        }
        Object last = session.getAttribute(SESSION_KEY);
        return last instanceof Long millis && clock.millis() - millis < WINDOW.toMillis();
    }

    @Override
    public void enforceWebSudoProtection(HttpServletRequest request, HttpServletResponse response) {
        String destination = URLEncoder.encode(RequestPaths.withQuery(request), StandardCharsets.UTF_8);
        try {
            response.sendRedirect(PAGE + "?os_destination=" + destination);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send the websudo redirect", e);
        }
    }

    @Override
    public void willExecuteWebSudoRequest(HttpServletRequest request) throws WebSudoSessionException {
        if (!canExecuteRequest(request)) {
            throw new WebSudoSessionException("this request needs a secure administrator session");
        }
        grant(request);
    }
}
