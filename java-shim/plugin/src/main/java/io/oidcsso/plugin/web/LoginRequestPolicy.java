package io.oidcsso.plugin.web;

import io.oidcsso.plugin.host.LoginBinder;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * Decides whether a request starts an SSO login. Only an anonymous browser GET of the product's own
 * login page does; API traffic, static resources, the emergency local login and everything while
 * SSO is off or unconfigured pass through untouched (DESIGN.md §4).
 */
public final class LoginRequestPolicy {
    /** Why the filter did what it did; one value per rule, so tests and debug logs can name it. */
    public enum Outcome {
        START_LOGIN,
        PASS_KILL_SWITCH,
        PASS_NOT_GET,
        PASS_AUTHORIZATION_HEADER,
        PASS_XHR,
        PASS_JSON,
        PASS_REST,
        PASS_STATIC,
        PASS_NOT_LOGIN_PAGE,
        PASS_LOCAL_LOGIN,
        PASS_LOGGED_IN,
        PASS_UNCONFIGURED
    }

    /**
     * Request attribute: this request's session was found logged in by an earlier plugin filter of the same
     * request ({@link #loggedIn}). A request attribute lives as long as the request, so the answer never reaches
     * another request; whatever ends the login within the request removes it ({@link #forgetLoggedIn}).
     */
    static final String LOGGED_IN_ATTRIBUTE = "io.oidcsso.request.loggedIn";

    /** Session flag: this browser asked for the local login; keep showing it (survives the form's round trips). */
    static final String LOCAL_LOGIN_SESSION_KEY = "io.oidcsso.local_login";

    /** The plugin's own servlets (callback, initiate): never claimed by forceLogin. */
    private static final String PLUGIN_SERVLETS = "/plugins/servlet/oidc-sso/";
    /** Walked in place by {@link #isStatic}, ASCII case ignored. */
    private static final List<String> STATIC_PREFIXES = List.of("/s/", "/static/", "/download/", "/images/",
            "/styles/", "/scripts/", "/favicon.ico");
    private static final List<String> STATIC_SUFFIXES = List.of(".js", ".css", ".png", ".jpg", ".jpeg", ".gif",
            ".svg", ".ico", ".woff", ".woff2", ".ttf", ".map");

    private final Set<String> loginPaths;
    private final LoginBinder binder;
    /** The query parameter that opens the local login ({@code emergency.parameter}). */
    private final Supplier<String> localParameter;

    public LoginRequestPolicy(Set<String> loginPaths, LoginBinder binder) {
        this(loginPaths, binder, () -> FailurePage.LOCAL_LOGIN_PARAMETER);
    }

    public LoginRequestPolicy(Set<String> loginPaths, LoginBinder binder, Supplier<String> localParameter) {
        this.loginPaths = Set.copyOf(Objects.requireNonNull(loginPaths, "loginPaths"));
        this.binder = Objects.requireNonNull(binder, "binder");
        this.localParameter = Objects.requireNonNull(localParameter, "localParameter");
    }

    /** {@code engineReady} is asked last, so ordinary traffic never touches the engine or its store. */
    public Outcome decide(HttpServletRequest request, boolean killSwitch, BooleanSupplier engineReady) {
        if (killSwitch) {
            return Outcome.PASS_KILL_SWITCH;
        }
        if (!"GET".equalsIgnoreCase(request.getMethod())) {
            return Outcome.PASS_NOT_GET;
        }
        Outcome api = apiTraffic(request);
        if (api != null) {
            return api;
        }
        String path = pathOf(request);
        if (path.startsWith("/rest/")) {
            return Outcome.PASS_REST;
        }
        if (isStatic(path)) {
            return Outcome.PASS_STATIC;
        }
        if (!loginPaths.contains(path)) {
            return Outcome.PASS_NOT_LOGIN_PAGE;
        }
        if (wantsLocalLogin(request)) {
            return Outcome.PASS_LOCAL_LOGIN;
        }
        if (request.getRemoteUser() != null || loggedIn(request, binder)) {
            return Outcome.PASS_LOGGED_IN;
        }
        return engineReady.getAsBoolean() ? Outcome.START_LOGIN : Outcome.PASS_UNCONFIGURED;
    }

    /**
     * After {@link Outcome#PASS_NOT_LOGIN_PAGE}: an anonymous page view that {@code routing.forceLogin}
     * may claim (never the plugin's own servlets, never a logged-in or local-login user).
     */
    public boolean isAnonymousPage(HttpServletRequest request) {
        // Signed in first (session reads): a signed-in page view, the common case, parses no parameters.
        return request.getRemoteUser() == null && !loggedIn(request, binder)
                && !pathOf(request).startsWith(PLUGIN_SERVLETS) && !wantsLocalLogin(request);
    }

    /**
     * {@link LoginBinder#loggedIn}, asked of the session once per request for the plugin's filters: the logout
     * filter asks it of every OIDC session, and the login filter again on a page view; the second one reads the
     * first one's answer from the request ({@link #LOGGED_IN_ATTRIBUTE}) instead of the session's two or three
     * attributes, each of which takes the session's lock in the container. Only a "yes" is kept.
     */
    static boolean loggedIn(HttpServletRequest request, LoginBinder binder) {
        if (request.getAttribute(LOGGED_IN_ATTRIBUTE) == Boolean.TRUE) {
            return true;
        }
        if (!binder.loggedIn(request)) {
            return false;
        }
        request.setAttribute(LOGGED_IN_ATTRIBUTE, Boolean.TRUE);
        return true;
    }

    /** After the plugin ended the request's login: the next {@link #loggedIn} asks the session again. */
    static void forgetLoggedIn(HttpServletRequest request) {
        request.removeAttribute(LOGGED_IN_ATTRIBUTE);
    }

    private static Outcome apiTraffic(HttpServletRequest request) {
        if (request.getHeader("Authorization") != null) {
            return Outcome.PASS_AUTHORIZATION_HEADER;
        }
        if (request.getHeader("X-Requested-With") != null) {
            return Outcome.PASS_XHR;
        }
        return acceptsJsonNotHtml(request.getHeaders("Accept")) ? Outcome.PASS_JSON : null;
    }

    /**
     * Whether the Accept values name {@code application/json} and none names {@code text/html} (ASCII case
     * ignored). Read in place: this runs on every GET, and copying or lower-casing the values is the
     * larger part of what the filter would do for an ordinary request.
     */
    private static boolean acceptsJsonNotHtml(Enumeration<String> values) {
        if (values == null) {
            return false;
        }
        boolean json = false;
        while (values.hasMoreElements()) {
            String value = values.nextElement();
            if (value == null) {
                continue;
            }
            if (containsAsciiIgnoreCase(value, "text/html")) {
                return false;
            }
            json = json || containsAsciiIgnoreCase(value, "application/json");
        }
        return json;
    }

    private boolean wantsLocalLogin(HttpServletRequest request) {
        if ("true".equalsIgnoreCase(RequestParameters.first(request, localParameter.get()))) {
            request.getSession(true).setAttribute(LOCAL_LOGIN_SESSION_KEY, Boolean.TRUE);
            return true;
        }
        HttpSession session = request.getSession(false);
        return session != null && Boolean.TRUE.equals(session.getAttribute(LOCAL_LOGIN_SESSION_KEY));
    }

    /** Static resources by prefix or file extension, ASCII case ignored, without copying the path. */
    private static boolean isStatic(String path) {
        for (String prefix : STATIC_PREFIXES) {
            if (regionEqualsAsciiIgnoreCase(path, 0, prefix)) {
                return true;
            }
        }
        int dot = path.lastIndexOf('.');
        if (dot <= path.lastIndexOf('/')) {
            return false;
        }
        for (String suffix : STATIC_SUFFIXES) {
            if (suffix.length() == path.length() - dot && regionEqualsAsciiIgnoreCase(path, dot, suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAsciiIgnoreCase(String text, String lowerPart) {
        for (int at = 0, last = text.length() - lowerPart.length(); at <= last; at++) {
            if (regionEqualsAsciiIgnoreCase(text, at, lowerPart)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code text} holds {@code lowerPart} (lower-case ASCII) at {@code offset}, folding ASCII letters
     * only. The same answers as lower-casing with {@code Locale.ROOT} first for the ASCII words matched here:
     * the only other characters that lower-case to ASCII (U+0130 to "i" plus a combining dot, U+212A to "k")
     * cannot complete one of them.
     */
    private static boolean regionEqualsAsciiIgnoreCase(String text, int offset, String lowerPart) {
        if (offset < 0 || text.length() - offset < lowerPart.length()) {
            return false;
        }
        for (int i = 0; i < lowerPart.length(); i++) {
            char c = text.charAt(offset + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerPart.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Context-relative path without path parameters ({@code ;jsessionid=...}). */
    static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI() == null ? "/" : request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        int semicolon = path.indexOf(';');
        if (semicolon >= 0) {
            path = path.substring(0, semicolon);
        }
        return path.isEmpty() ? "/" : path;
    }

}
