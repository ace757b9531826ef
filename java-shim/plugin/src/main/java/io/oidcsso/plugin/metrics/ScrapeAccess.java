package io.oidcsso.plugin.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The scrape token: {@code -Doidcsso.metrics.tokenSha256=<hex SHA-256 of the token>} on each node
 * (an operator's setting, next to the kill switch, outside the configuration document and its IdPs;
 * only the hash is stored). A request's {@code Authorization: OidcSsoMetrics <token>} is hashed and
 * compared in constant time; the token itself is never kept or logged. Unset or not 64 hex digits: no
 * token is accepted.
 *
 * <p>A scheme of its own, not {@code Bearer}: Jira, Confluence and Bitbucket read every {@code Bearer}
 * header as one of their personal access tokens and answer 401 to one they do not know before any
 * plugin servlet runs (the reference host does too), so a bearer scrape token would never arrive.
 * Prometheus sends any scheme: {@code authorization: {type: OidcSsoMetrics, credentials_file: ...}}.
 */
public final class ScrapeAccess {
    public static final String TOKEN_PROPERTY = "oidcsso.metrics.tokenSha256";
    /** The authorization scheme, with its space. */
    public static final String SCHEME = "OidcSsoMetrics ";
    /** Longer values are refused before hashing. */
    private static final int MAX_TOKEN = 512;

    private ScrapeAccess() {}

    /** Whether a token is configured on this node (a well-formed hash). */
    public static boolean tokenConfigured() {
        return configuredHash().isPresent();
    }

    /** True when {@code authorization} is {@code OidcSsoMetrics <token>} and the token's hash is the configured one. */
    public static boolean allows(String authorization) {
        Optional<byte[]> expected = configuredHash();
        if (expected.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0,
                SCHEME.length())) {
            return false;
        }
        String token = authorization.substring(SCHEME.length()).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            return false;
        }
        return MessageDigest.isEqual(expected.get(), sha256(token));
    }

    /** The hex SHA-256 of {@code token}: what the property holds. */
    public static String hashOf(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static Optional<byte[]> configuredHash() {
        String configured = System.getProperty(TOKEN_PROPERTY, "").trim();
        if (!configured.matches("[0-9a-fA-F]{64}")) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().parseHex(configured.toLowerCase(java.util.Locale.ROOT)));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
