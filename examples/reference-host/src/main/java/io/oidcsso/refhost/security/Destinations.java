package io.oidcsso.refhost.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@code os_destination} values: only a path on this host is a valid place to send the
 * browser after login (no scheme, no host, no {@code //} or backslash tricks), or an absolute URL
 * with exactly the origin of the canonical base URL, which is reduced to its path. A path with a
 * dot segment ({@code .}, {@code ..}, also written {@code %2e}, also with a {@code ;} parameter) is
 * refused rather than resolved: {@code /..//evil.test} would climb to {@code //evil.test}, and Jetty
 * refuses to redirect above the root; so is a percent-encoded control character. What is kept is
 * returned in ASCII (non-ASCII characters percent-encoded as UTF-8), so a redirect header never
 * mangles it.
 */
public final class Destinations {
    private static final Set<String> DOT_SEGMENTS = Set.of(".", "..", "%2e", ".%2e", "%2e.", "%2e%2e");
    /** A control character, percent-encoded: {@code %0d%0a} has no business in a place to go. */
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9A-Fa-f]|7[Ff])");

    private final URI base;

    public Destinations(URI base) {
        this.base = base;
    }

    public Optional<String> sameOrigin(String destination) {
        if (destination == null || destination.isEmpty() || destination.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || destination.indexOf('\\') >= 0) {
            return Optional.empty();
        }
        URI uri;
        try {
            // Parsed twice: the ASCII form is what goes into the Location header.
            uri = new URI(new URI(destination).toASCIIString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (hasDotSegment(uri.getRawPath()) || ENCODED_CONTROL.matcher(uri.toASCIIString()).find()) {
            return Optional.empty();
        }
        if (uri.getScheme() == null && uri.getRawAuthority() == null) {
            String ascii = uri.toASCIIString();
            return ascii.startsWith("/") && !ascii.startsWith("//") ? Optional.of(ascii) : Optional.empty();
        }
        if (!sameOriginAsBase(uri)) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (path.startsWith("//")) {
            return Optional.empty();
        }
        return Optional.of(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }

    private static boolean hasDotSegment(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            int parameter = segment.indexOf(';');
            String name = parameter < 0 ? segment : segment.substring(0, parameter);
            if (DOT_SEGMENTS.contains(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private boolean sameOriginAsBase(URI uri) {
        return base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                && base.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                && effectivePort(base) == effectivePort(uri)
                && uri.getRawUserInfo() == null;
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
