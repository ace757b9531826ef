package io.oidcsso.plugin.host;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/** An IdP identity: the pair (iss, sub) is unique and stable (OIDC Core 2, "sub"). */
public record ExternalId(String issuer, String subject) {
    public ExternalId {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        if (issuer.isEmpty() || subject.isEmpty()) {
            throw new IllegalArgumentException("issuer and subject must not be empty");
        }
    }

    /**
     * A fixed-length key for indexes and attributes: base64url(SHA-256(len(iss) ":" iss sub)).
     * The length prefix keeps ("ab","c") and ("a","bc") apart.
     */
    public String hash() {
        String canonical = issuer.length() + ":" + issuer + subject;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
