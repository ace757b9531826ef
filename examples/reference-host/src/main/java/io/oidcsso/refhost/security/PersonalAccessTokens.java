package io.oidcsso.refhost.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import javax.servlet.http.HttpServletRequest;

/**
 * The products' personal access tokens, minimally: {@code Authorization: Bearer <token>} with an opaque
 * token the product issued (Jira 8.14+, Confluence 7.9+, Bitbucket HTTP access tokens; no JWT, no
 * dots), authenticating its owner for that request without a session. The tokens live in
 * {@code HOME/personal-access-tokens.properties} ({@code token=username}; read per request, so a test
 * can add one while the host runs); the products keep them hashed in their database and offer a UI.
 * A bearer header whose token is unknown here is refused with 401 (docs/host-api.md).
 */
public final class PersonalAccessTokens {
    public static final String FILE = "personal-access-tokens.properties";
    private static final String PREFIX = "bearer ";

    private final Path file;

    public PersonalAccessTokens(Path home) {
        this.file = home.resolve(FILE);
    }

    static boolean isPresent(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** The owner of the request's token, if the host issued it. */
    Optional<String> owner(HttpServletRequest request) {
        String token = request.getHeader("Authorization").substring(PREFIX.length()).trim();
        if (token.isEmpty() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties tokens = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            tokens.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        for (String known : tokens.stringPropertyNames()) {
            if (MessageDigest.isEqual(presented, sha256(known))) {
                return Optional.of(tokens.getProperty(known));
            }
        }
        return Optional.empty();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
