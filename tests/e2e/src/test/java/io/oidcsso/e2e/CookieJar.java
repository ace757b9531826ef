package io.oidcsso.e2e;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small RFC 6265 cookie jar for {@link ScriptedUserAgent}: host-only cookies keyed by host,
 * name and path, sent when the path matches, removed by an expiry in the past. Unlike
 * java.net.CookieManager it accepts a cookie whose Path is not a prefix of the request path
 * (oidc-provider sets its interaction cookie that way, and browsers accept it).
 */
final class CookieJar {
    private record Cookie(String host, String name, String value, String path) {}

    private final Map<String, Cookie> cookies = new LinkedHashMap<>();

    synchronized void store(HttpResponse<?> response) {
        URI uri = response.uri();
        for (String header : response.headers().allValues("Set-Cookie")) {
            store(uri, header);
        }
    }

    private void store(URI uri, String header) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String path = defaultPath(uri.getRawPath());
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            String lower = attribute.toLowerCase(Locale.ROOT);
            if (lower.startsWith("path=")) {
                path = attribute.substring(5);
            } else if (lower.startsWith("max-age=")) {
                expired |= maxAgeExpired(attribute.substring(8));
            } else if (lower.startsWith("expires=")) {
                expired |= inThePast(attribute.substring(8));
            }
        }
        String key = uri.getHost() + " " + name + " " + path;
        if (expired) {
            cookies.remove(key);
        } else {
            cookies.put(key, new Cookie(uri.getHost(), name, value, path));
        }
    }

    /** The Cookie header for {@code uri}, or null when no cookie applies. */
    synchronized String headerFor(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String header = cookies.values().stream()
                .filter(c -> c.host().equals(uri.getHost()) && pathMatches(path, c.path()))
                .map(c -> c.name() + "=" + c.value())
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? null : header;
    }

    /** RFC 6265 5.1.4. */
    private static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    private static String defaultPath(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/") || requestPath.lastIndexOf('/') == 0) {
            return "/";
        }
        return requestPath.substring(0, requestPath.lastIndexOf('/'));
    }

    private static boolean maxAgeExpired(String value) {
        try {
            return Long.parseLong(value.trim()) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean inThePast(String value) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .isBefore(ZonedDateTime.now());
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
