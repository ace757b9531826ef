package io.oidcsso.plugin.logout;

import io.oidcsso.plugin.host.ClusterState;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logouts the IdP announced (back- or front-channel), shared by every node through
 * {@link ClusterState}: a record per ({@code iss}, {@code sid}) and per ({@code iss}, {@code sub}) holding
 * when it happened. A session bound by an OIDC login at or before that time is dead on every node.
 * Records live {@link #RETENTION}: longer than the product keeps an idle session.
 *
 * <p>One instance per node. Each request of an OIDC session is answered from this node's memory
 * (a verdict per login); the shared store is read only for a login the node has not seen since the
 * last change, and for the revocation generation, at most once per {@link #PROPAGATION_BOUND}. Every
 * revocation changes the generation, so a revocation recorded on any node ends the session on this
 * node at its first request that starts {@link #PROPAGATION_BOUND} or more after the revocation was
 * answered (on the recording node: at once).
 *
 * <p>Front-channel logout is anonymous, so it may only record a revocation for a {@code sid} a live
 * session of this deployment has: each OIDC login with a {@code sid} is listed in the live-session
 * index (a store of its own, written only by logins the IdP vouched for), see {@link #revokeLiveSid}.
 */
public final class Revocations {
    /** How long a revocation is remembered; a session idle longer than this has expired anyway. */
    public static final Duration RETENTION = Duration.ofHours(24);
    /** How long a revocation recorded on another node may take to end a session on this one. */
    public static final Duration PROPAGATION_BOUND = Duration.ofSeconds(2);
    /** Verdicts kept per node before the view starts over (one per OIDC login seen since the last change). */
    static final int MAX_VERDICTS = 100_000;
    static final String SID_PREFIX = "logout:sid:";
    static final String SUB_PREFIX = "logout:sub:";
    static final String LIVE_PREFIX = "live:sid:";
    static final String GENERATION_KEY = "logout:generation";

    /** What {@link #revokeLiveSid} did. */
    public enum Outcome {
        REVOKED,
        /** No live session of this deployment has that {@code sid}: nothing was written. */
        UNKNOWN_SESSION,
        /** The shared store is full: nothing is lost, the caller reports a failure. */
        FULL
    }

    private final ClusterState state;
    private final ClusterState liveSessions;
    private final Clock clock;
    private final long boundMillis;
    private volatile Map<OidcSession, Boolean> verdicts = new ConcurrentHashMap<>();
    private volatile long nextGenerationCheckAt = Long.MIN_VALUE;
    private String generation;

    public Revocations(ClusterState state, ClusterState liveSessions, Clock clock) {
        this(state, liveSessions, clock, PROPAGATION_BOUND);
    }

    Revocations(ClusterState state, ClusterState liveSessions, Clock clock, Duration bound) {
        this.state = Objects.requireNonNull(state, "state");
        this.liveSessions = Objects.requireNonNull(liveSessions, "liveSessions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.boundMillis = bound.toMillis();
    }

    /**
     * Lists a just bound login in the live-session index, so that a front-channel logout for its
     * {@code sid} is honoured. A login without a {@code sid} has nothing to list.
     *
     * @return false when the index is full (the login stands; only front-channel logout misses it)
     */
    public boolean recordLogin(OidcSession session) {
        if (session.sid() == null) {
            return true;
        }
        return liveSessions.put(key(LIVE_PREFIX, session.issuer(), session.sid()), "1", RETENTION);
    }

    /**
     * Ends, on every node, the sessions of {@code issuer} with OP session {@code sid} and/or subject
     * {@code sub} (either may be null, not both). For back-channel logout, whose token the IdP signed.
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
        // Announced even when a record did not fit: what did fit must reach every node.
        boolean announced = changed();
        return stored && announced;
    }

    /**
     * Front-channel logout (anonymous): records the revocation only when a live session of this
     * deployment has {@code sid}, so no number of made-up {@code sid}s writes anything.
     */
    public Outcome revokeLiveSid(String issuer, String sid) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(sid, "sid");
        if (liveSessions.get(key(LIVE_PREFIX, issuer, sid)).isEmpty()) {
            return Outcome.UNKNOWN_SESSION;
        }
        return revoke(issuer, null, sid) ? Outcome.REVOKED : Outcome.FULL;
    }

    /** A new generation for every node to notice; this node's own view starts over at once. */
    private boolean changed() {
        verdicts = new ConcurrentHashMap<>();
        return state.put(GENERATION_KEY, UUID.randomUUID().toString(), RETENTION);
    }

    /**
     * True when the IdP ended this login after (or when) it was bound. From memory, except for a
     * login this node has not judged since the last change (two reads of the shared store) and the
     * generation (one read, at most once per {@link #PROPAGATION_BOUND}).
     */
    public boolean isRevoked(OidcSession session) {
        if (clock.millis() >= nextGenerationCheckAt) {
            checkGeneration();
        }
        // Taken before the reads: a verdict read before a change lands in the map the change replaced.
        Map<OidcSession, Boolean> current = verdicts;
        // Keyed by the login itself: OidcSession.lookup hands a session's requests the same instance, which the
        // map finds by identity before equals, and nothing is allocated for the check.
        Boolean known = current.get(session);
        if (known != null) {
            return known;
        }
        boolean revoked = readRevoked(session);
        if (current.size() >= MAX_VERDICTS) {
            verdicts = new ConcurrentHashMap<>();
        } else {
            current.put(session, revoked);
        }
        return revoked;
    }

    /** Blocks the node's other requests for one read, so none of them answers from a view older than the bound. */
    private synchronized void checkGeneration() {
        long now = clock.millis();
        if (now < nextGenerationCheckAt) {
            return;
        }
        String seen = state.get(GENERATION_KEY).orElse("");
        if (!seen.equals(generation)) {
            generation = seen;
            verdicts = new ConcurrentHashMap<>();
        }
        nextGenerationCheckAt = now + boundMillis;
    }

    private boolean readRevoked(OidcSession session) {
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
