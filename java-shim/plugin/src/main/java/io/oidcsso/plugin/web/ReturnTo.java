package io.oidcsso.plugin.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Where to go after login: a path relative to the canonical base URL, on this site only. The same
 * rules as the core's {@code url_policy::same_origin_return_to}, and tested against the same
 * {@code open-redirect-payloads.txt}: a path must start with one {@code /}, with no backslash,
 * whitespace or control character, also once and twice percent-decoded; an absolute URL must have
 * the base URL's scheme and authority (case-insensitive, default port explicit, no user-info) and
 * lie under its context path, which is cut off. Dot segments are then removed ({@code %2e} counts as
 * a dot, as in browsers) and the path refused when that makes it start with {@code //}
 * ({@code /..//evil.test}); what a URL may not carry is percent-encoded as UTF-8. Everything else is
 * dropped, so the login can never become an open redirect, and the result is a path every servlet
 * container redirects to without complaint.
 */
public final class ReturnTo {
    private static final int MAX_LENGTH = 2_048;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ReturnTo() {}

    /** The safe base-relative path, or null when {@code candidate} is absent or unsafe. */
    public static String sanitize(String candidate, String baseUrl) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return null;
        }
        String path = candidate.startsWith("/") ? candidate : sameOriginPath(candidate, baseUrl);
        return path == null ? null : localReturnPath(path);
    }

    /** The core's {@code url_policy::local_return_path}: a safe, canonical, encoded path, or null. */
    static String localReturnPath(String raw) {
        if (!isSafeLocalPath(raw)) {
            return null;
        }
        int end = raw.length();
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '?' || raw.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        String path = removeDotSegments(raw.substring(0, end));
        if (path == null) {
            return null;
        }
        String encoded = percentEncode(path + raw.substring(end));
        return isSafeLocalPath(encoded) ? encoded : null;
    }

    /** RFC 3986 5.2.4 on a path starting with {@code /}; null for a dot segment with a {@code ;} parameter. */
    private static String removeDotSegments(String path) {
        String[] segments = path.substring(1).split("/", -1);
        Deque<String> out = new ArrayDeque<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            int dots = dots(segment);
            if (dots > 0) {
                if (dots == 2) {
                    out.pollLast();
                }
                if (i == segments.length - 1) {
                    out.addLast("");
                }
            } else if (segment.indexOf(';') >= 0 && dots(segment.substring(0, segment.indexOf(';'))) > 0) {
                return null;
            } else {
                out.addLast(segment);
            }
        }
        return "/" + String.join("/", out);
    }

    /** 1 for {@code .}, 2 for {@code ..}, each dot possibly written {@code %2e}; else 0. */
    private static int dots(String segment) {
        switch (segment.toLowerCase(Locale.ROOT)) {
            case ".":
            case "%2e":
                return 1;
            case "..":
            case ".%2e":
            case "%2e.":
            case "%2e%2e":
                return 2;
            default:
                return 0;
        }
    }

    /**
     * Percent-encodes (UTF-8, upper-case hex) every byte outside RFC 3986's unreserved, sub-delims,
     * {@code :}, {@code @}, {@code /} and {@code ?}; a {@code %} starting a valid escape and the first
     * {@code #} stay.
     */
    private static String percentEncode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        boolean inFragment = false;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            boolean fragmentStart = b == '#' && !inFragment;
            if (escape || fragmentStart || isUrlChar(b)) {
                inFragment |= fragmentStart;
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isUrlChar(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || "-._~!$&'()*+,;=:@/?".indexOf(b) >= 0;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static String sameOriginPath(String url, String baseUrl) {
        if (baseUrl == null) {
            return null;
        }
        String[] target = splitAbsolute(url);
        String[] base = splitAbsolute(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (target == null || base == null || target[1].contains("@")
                || !target[0].equalsIgnoreCase(base[0])
                || !withPort(target[0], target[1]).equals(withPort(base[0], base[1]))
                || !target[2].startsWith(base[2])) {
            return null;
        }
        String rest = target[2].substring(base[2].length());
        if (rest.isEmpty()) {
            return "/";
        }
        char first = rest.charAt(0);
        if (first == '/') {
            return rest;
        }
        return first == '?' || first == '#' ? "/" + rest : null;
    }

    /** {scheme, authority, rest} of {@code http(s)://authority/rest}, or null. */
    private static String[] splitAbsolute(String url) {
        int separator = url.indexOf("://");
        if (separator < 0) {
            return null;
        }
        String scheme = url.substring(0, separator);
        if (!scheme.equalsIgnoreCase("https") && !scheme.equalsIgnoreCase("http")) {
            return null;
        }
        String after = url.substring(separator + 3);
        int end = after.length();
        for (int i = 0; i < after.length(); i++) {
            char c = after.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return new String[] {scheme, after.substring(0, end), after.substring(end)};
    }

    private static String withPort(String scheme, String authority) {
        String lower = authority.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        if (colon >= 0 && colon < lower.length() - 1 && lower.substring(colon + 1).chars().allMatch(Character::isDigit)
                && lower.substring(colon + 1).chars().allMatch(c -> c < 128)) {
            return lower;
        }
        return lower + (scheme.equalsIgnoreCase("https") ? ":443" : ":80");
    }

    private static boolean isSafeLocalPath(String path) {
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            if (isWhitespace(path.charAt(i))) {
                return false;
            }
        }
        String once = percentDecode(path);
        String twice = percentDecode(once);
        return isPlainLocalPath(path) && isPlainLocalPath(once) && isPlainLocalPath(twice);
    }

    private static boolean isPlainLocalPath(String path) {
        if (!path.startsWith("/") || path.startsWith("//") || path.indexOf('\\') >= 0) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Unicode White_Space, as Rust's {@code char::is_whitespace}. */
    private static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** RFC 3986 percent-decoding ({@code +} stays); invalid escapes are kept; bytes read as UTF-8. */
    static String percentDecode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int hi = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
            int lo = i + 2 < bytes.length ? Character.digit(bytes[i + 2], 16) : -1;
            if (bytes[i] == '%' && hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
