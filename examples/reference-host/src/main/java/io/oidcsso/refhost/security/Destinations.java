package io.oidcsso.refhost.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Checks {@code os_destination} values: only a path on this host is a valid place to send the
 * browser after login (no scheme, no host, no {@code //} or backslash tricks), or an absolute URL
 * with exactly the origin of the canonical base URL, which is reduced to its path.
 */
public final class Destinations {
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
            uri = new URI(destination);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null && uri.getRawAuthority() == null) {
            return destination.startsWith("/") && !destination.startsWith("//") ? Optional.of(destination) : Optional.empty();
        }
        if (!sameOriginAsBase(uri)) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return Optional.of(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
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
