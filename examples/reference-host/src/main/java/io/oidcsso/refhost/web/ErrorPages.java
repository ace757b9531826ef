package io.oidcsso.refhost.web;

import java.io.IOException;
import java.security.SecureRandom;
import javax.servlet.RequestDispatcher;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's error page: the status, a generic sentence and a reference id, never an exception
 * class, message or stack trace (Jetty's default page lists every "CAUSED BY"). The same reference
 * goes to the log: one INFO line for a client's mistake (4xx), a WARN with the stack trace for the
 * host's own failures (5xx). Each Jetty environment's error handler calls {@link #write}.
 */
public final class ErrorPages {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int MAX_LOGGED = 200;

    private ErrorPages() {}

    /** Writes the error page for {@code code}; {@code message} is Jetty's reason, logged only. */
    public static void write(HttpServletRequest request, HttpServletResponse response, int code, String message)
            throws IOException {
        Object cause = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String title = HttpStatus.getMessage(code);
        String body = body(request.getMethod(), request.getRequestURI(), code, message, cause);
        Html.messagePage(request, response, code, title, body);
    }

    /**
     * Logs the failure and returns the whole page for {@code code} (for an environment whose error
     * handler writes the response itself); {@code message} and {@code cause} are logged only.
     */
    public static String document(String method, String uri, int code, String message, Object cause) {
        return Html.document(HttpStatus.getMessage(code), body(method, uri, code, message, cause));
    }

    private static String body(String method, String uri, int code, String message, Object cause) {
        String reference = reference();
        String what = printable(method + " " + uri);
        if (code >= 500) {
            LOG.warn("request failed [ref {}]: {} -> {}", reference, what, code,
                    cause instanceof Throwable ? (Throwable) cause : null);
        } else {
            String detail = cause instanceof Throwable ? ((Throwable) cause).getClass().getSimpleName() + ": "
                    + ((Throwable) cause).getMessage() : String.valueOf(message);
            LOG.info("request refused [ref {}]: {} -> {}: {}", reference, what, code, printable(detail));
        }
        String sentence = code >= 500 ? "Something went wrong on our side."
                : code == HttpServletResponse.SC_NOT_FOUND ? "There is nothing at this address."
                : "The request could not be handled.";
        return "<p>" + Html.escape(sentence) + "</p><p>Reference: <code id=\"error-reference\">" + reference
                + "</code></p><div class=\"actions\">" + Html.button("home-link", "/", "Go to the home page", true)
                + "</div>";
    }

    private static String reference() {
        char[] id = new char[10];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /** Printable and short: what the client sent may be quoted in it. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX_LOGGED; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
