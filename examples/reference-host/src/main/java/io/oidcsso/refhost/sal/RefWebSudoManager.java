package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.websudo.WebSudoSessionException;
import io.oidcsso.refhost.Product;
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
 * user last typed their local password (on the login form or the product's websudo page,
 * {@link Product#webSudoPage()}) or Confluence mode's own manager started it; each websudo
 * request extends it, as in Jira.
 */
public final class RefWebSudoManager implements WebSudoManager {
    private static final String SESSION_KEY = "io.oidcsso.refhost.websudo.lastAuthenticated";
    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final String page;
    private final String destinationParameter;

    public RefWebSudoManager(Clock clock, Product product) {
        this.clock = clock;
        this.page = product.webSudoPage();
        this.destinationParameter = product.webSudoDestinationParameter();
    }

    /** The product's websudo page, context-relative. */
    public String page() {
        return page;
    }

    /** The parameter of {@link #page()} that names where to go afterwards. */
    public String destinationParameter() {
        return destinationParameter;
    }

    /** True when {@code session} is in websudo mode now. */
    public boolean isValid(HttpSession session) {
        Object last = session == null ? null : session.getAttribute(SESSION_KEY);
        return last instanceof Long millis && clock.millis() - millis < WINDOW.toMillis();
    }

    /** Marks the session as having just proven the local password. */
    public void grant(HttpServletRequest request) {
        request.getSession(true).setAttribute(SESSION_KEY, clock.millis());
    }

    @Override
    public boolean canExecuteRequest(HttpServletRequest request) {
        return request.getAttribute(SecurityFilter.USER_ATTRIBUTE) != null && isValid(request.getSession(false));
    }

    @Override
    public void enforceWebSudoProtection(HttpServletRequest request, HttpServletResponse response) {
        String destination = URLEncoder.encode(RequestPaths.withQuery(request), StandardCharsets.UTF_8);
        try {
            response.sendRedirect(page + "?" + destinationParameter + "=" + destination);
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
