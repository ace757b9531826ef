package io.oidcsso.plugin.logout;

import io.oidcsso.plugin.host.ClusterState;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Logouts the IdP announced (back- or front-channel), shared by every node through
 * {@link ClusterState}: a record per ({@code iss}, {@code sid}) and per ({@code iss}, {@code sub}) holding
 * when it happened. A session bound by an OIDC login at or before that time is dead on every node, on
 * its next request. Records live {@link #RETENTION}: longer than the product keeps an idle session.
 */
public final class Revocations {
    /** How long a revocation is remembered; a session idle longer than this has expired anyway. */
    public static final Duration RETENTION = Duration.ofHours(24);
    static final String SID_PREFIX = "logout:sid:";
    static final String SUB_PREFIX = "logout:sub:";

    private final ClusterState state;
    private final Clock clock;

    public Revocations(ClusterState state, Clock clock) {
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Ends, on every node, the sessions of {@code issuer} with OP session {@code sid} and/or subject
     * {@code sub} (either may be null, not both).
     *
     * @return false when the shared store is full (nothing is lost: the caller reports a failure)
     */
    public boolean revoke(String issuer, String sub, String sid) {
        Objects.requireNonNull(issuer, "issuer");
        if (sub == null && sid == null) {
            throw new IllegalArgumentException("a revocation needs a sub or a sid");
        }
        String now = Long.toString(clock.millis());
        boolean stored = true;
        if (sid != null) {
            stored = state.put(key(SID_PREFIX, issuer, sid), now, RETENTION);
        }
        if (sub != null) {
            stored &= state.put(key(SUB_PREFIX, issuer, sub), now, RETENTION);
        }
        return stored;
    }

    /** True when the IdP ended this login after (or when) it was bound. At most two reads of the shared store. */
    public boolean isRevoked(OidcSession session) {
        if (session.sid() != null && revokedSince(key(SID_PREFIX, session.issuer(), session.sid()), session)) {
            return true;
        }
        return revokedSince(key(SUB_PREFIX, session.issuer(), session.subject()), session);
    }

    private boolean revokedSince(String key, OidcSession session) {
        Optional<String> at = state.get(key);
        if (at.isEmpty()) {
            return false;
        }
        try {
            return Long.parseLong(at.get()) >= session.boundAtMillis();
        } catch (NumberFormatException e) {
            // A damaged record: fail closed, the user logs in again.
            return true;
        }
    }

    /** Issuer and value joined by a character neither may contain unescaped in a URL or identifier. */
    static String key(String prefix, String issuer, String value) {
        return prefix + issuer + "\n" + value;
    }
}
