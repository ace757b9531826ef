package io.oidcsso.plugin.web;

import java.util.logging.Logger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Reads request parameters so that a malformed request is the client's problem, reported as such:
 * {@link MalformedRequestException} instead of a container exception reaching a stack trace. Servlet
 * containers differ here: Jetty throws from {@code getParameter} (a form over its size limit or with
 * too many keys, a bad {@code %} escape, invalid UTF-8 in the query, an unknown charset) or decodes
 * invalid UTF-8 in a form as U+FFFD, which is refused too; Tomcat, the products' container, drops
 * the parameters silently and only marks the request with an attribute, which is checked.
 */
final class RequestParameters {
    /** Longest parameter value the plugin accepts (codes, states and tokens are far shorter). */
    static final int MAX_LENGTH = 8_192;
    /** Tomcat's {@code Globals.PARAMETER_PARSE_FAILED_ATTR}: set when it dropped parameters. */
    static final String TOMCAT_PARSE_FAILED = "org.apache.catalina.parameter_parse_failed";
    private static final int MAX_REASON_LENGTH = 200;
    /** What a container puts where it met invalid UTF-8; no value the plugin reads ever carries it. */
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';
    private static final Logger LOG = Logger.getLogger(RequestParameters.class.getName());

    private RequestParameters() {}

    /** The parameter's only value, or null; repeated (ambiguous, RFC 6749 §3.1) or too long is malformed. */
    static String single(HttpServletRequest request, String name) {
        return single(request, name, MAX_LENGTH);
    }

    static String single(HttpServletRequest request, String name, int maxLength) {
        String[] values = values(request, name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new MalformedRequestException("parameter `" + name + "` given " + values.length + " times");
        }
        return checkLength(name, values[0], maxLength);
    }

    /** The parameter's first value, or null (for the product's own pages, where repeats are harmless). */
    static String first(HttpServletRequest request, String name) {
        String[] values = values(request, name);
        return values == null || values.length == 0 ? null : checkLength(name, values[0], MAX_LENGTH);
    }

    private static String[] values(HttpServletRequest request, String name) {
        String[] values;
        try {
            values = request.getParameterValues(name);
        } catch (RuntimeException e) {
            // Jetty's BadMessageException and kin: the container could not parse what was sent.
            throw new MalformedRequestException("the parameters cannot be parsed: " + describe(e));
        }
        if (request.getAttribute(TOMCAT_PARSE_FAILED) != null) {
            throw new MalformedRequestException("the container dropped the parameters (" + TOMCAT_PARSE_FAILED + ")");
        }
        return values;
    }

    private static String checkLength(String name, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new MalformedRequestException("parameter `" + name + "` is longer than " + maxLength + " characters");
        }
        if (value != null && value.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            // Jetty decodes invalid UTF-8 leniently (U+FFFD) where Tomcat drops the parameters.
            throw new MalformedRequestException("parameter `" + name + "` is not valid UTF-8");
        }
        return value;
    }

    /**
     * The 400 answer to a malformed request: the page (with the reference id) and one INFO line; no
     * stack trace, no audit warning, so an anonymous client cannot flood the log with either.
     */
    static void refuse(HttpServletRequest request, HttpServletResponse response, FailurePage page,
            MalformedRequestException e) throws java.io.IOException {
        String reference = ReferenceIds.next();
        LOG.info("oidc-sso: malformed request refused [ref " + reference + "]: " + request.getMethod() + " "
                + printable(LoginRequestPolicy.pathOf(request)) + ": " + e.getMessage());
        page.render(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request", reference);
    }

    /** The exception's class and message, printable and short: it may quote what the client sent. */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return printable(e.getClass().getSimpleName() + message);
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON_LENGTH));
        for (int i = 0; i < text.length() && out.length() < MAX_REASON_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return out.toString();
    }
}
