package io.oidcsso.plugin.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The small HttpOnly cookie that ties a pending login to the browser that started it. One cookie,
 * reused across logins, so parallel tabs never pile cookies up (no 431s). SameSite=Lax: it is sent
 * on the IdP's top-level redirect back to the callback. Its value is the 43-character binding, then
 * {@code .<slot>}: the {@link PendingCookies} slot of the browser's latest login, so the next login
 * takes the next slot instead of overwriting the one just started in another tab.
 */
public final class BrowserBinding {
    public static final String COOKIE_NAME = "OIDCSSO_BIND";
    private static final Pattern BINDING = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9_-]{43})(?:\\.([0-9]))?");
    private static final int MAX_AGE_SECONDS = 3_600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrowserBinding() {}

    /** The binding (without the slot) when the cookie is well-formed. */
    public static Optional<String> read(HttpServletRequest request) {
        return cookie(request).map(m -> m.group(1));
    }

    /** The pending-login slot the browser's latest login used, or -1. */
    static int lastSlot(HttpServletRequest request) {
        return cookie(request).map(m -> m.group(2) == null ? -1 : Integer.parseInt(m.group(2))).orElse(-1);
    }

    private static Optional<Matcher> cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE_NAME.equals(cookie.getName()) && cookie.getValue() != null) {
                Matcher matcher = FORMAT.matcher(cookie.getValue());
                if (matcher.matches()) {
                    return Optional.of(matcher);
                }
            }
        }
        return Optional.empty();
    }

    public static String readOrCreate(HttpServletRequest request) {
        return read(request).orElseGet(BrowserBinding::newValue);
    }

    static String newValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Written as a header because the Servlet 4 Cookie class cannot say SameSite. */
    public static void write(HttpServletResponse response, String value, String contextPath, boolean secure) {
        write(response, value, -1, contextPath, secure);
    }

    /** {@code slot}: the pending-login slot this login took, or -1 for none. */
    static void write(HttpServletResponse response, String value, int slot, String contextPath, boolean secure) {
        if (!BINDING.matcher(value).matches() || slot > 9) {
            throw new IllegalArgumentException("malformed browser binding");
        }
        String path = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        response.addHeader("Set-Cookie", COOKIE_NAME + "=" + value + (slot < 0 ? "" : "." + slot) + "; Path=" + path
                + "; Max-Age=" + MAX_AGE_SECONDS + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }
}
