package io.oidcsso.plugin.engine;

import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Objects;

/**
 * {@code engineInfo}'s answer (fixture {@code EngineInfo.json}): the configured IdPs and each one's
 * availability, for the admin UI and the health endpoint. No secrets.
 */
public record EngineInfo(long schemaVersion, long pendingLoginTtlSeconds, String redirectUri, List<Idp> idps,
        String websudoViaIdp) {
    /** {@code signIn.websudoViaIdp}'s value that sends SSO-bound sessions to the IdP for websudo. */
    public static final String WEBSUDO_VIA_IDP_SSO_SESSIONS = "sso-sessions";

    public EngineInfo {
        Objects.requireNonNull(redirectUri, "redirectUri");
        idps = List.copyOf(idps);
        Objects.requireNonNull(websudoViaIdp, "websudoViaIdp");
    }

    /** True when websudo of a session bound by an SSO login goes through the IdP. */
    public boolean websudoViaIdpForSsoSessions() {
        return WEBSUDO_VIA_IDP_SSO_SESSIONS.equals(websudoViaIdp);
    }

    /** True when at least one IdP checks bearer tokens (its {@code bearer} section is on). */
    public boolean anyBearer() {
        return idps.stream().anyMatch(Idp::bearer);
    }

    /** True when at least one IdP introspects opaque bearer tokens ({@code bearer.introspection}). */
    public boolean anyIntrospection() {
        return idps.stream().anyMatch(idp -> idp.introspections() != null);
    }

    /**
     * One configured IdP; {@code preset} null when it is built on none. {@code discoveryFetches} and
     * {@code jwksFetches} count the IdP's documents fetched since this engine was built. {@code bearer}: its
     * {@code bearer} section is on; {@code introspections} null unless it introspects opaque tokens.
     */
    public record Idp(String id, String displayName, String issuer, String preset, boolean createUsers,
            boolean linkExistingAccounts, boolean insecureAllowHttpLoopback, String tokenEndpointAuthMethod,
            List<String> allowedAlgorithms, Quirks quirks, Availability availability, Fetches discoveryFetches,
            Fetches jwksFetches, boolean bearer, Introspections introspections) {
        public Idp {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(issuer, "issuer");
            allowedAlgorithms = List.copyOf(allowedAlgorithms);
            Objects.requireNonNull(quirks, "quirks");
            Objects.requireNonNull(availability, "availability");
            Objects.requireNonNull(discoveryFetches, "discoveryFetches");
            Objects.requireNonNull(jwksFetches, "jwksFetches");
        }
    }

    /**
     * Fetches of one document from one IdP since the engine was built (a reload starts again from zero): a
     * fetch that concurrent logins share counts once; answers from the cache count not at all.
     */
    public record Fetches(long ok, long failed) {
        /** Nothing fetched yet. */
        public static final Fetches NONE = new Fetches(0, 0);
    }

    /**
     * One IdP's introspection answers since the engine was built: requests sent to it by result, and answers
     * given from the cache (or shared with a request in flight) without asking it.
     */
    public record Introspections(long active, long inactive, long failed, long cacheHits) {}

    /** The quirks that change what is sent to the IdP. */
    public record Quirks(boolean tokenEndpointAsAudience) {}

    /**
     * The IdP's circuit (docs/config.md "When an IdP is down"): its state and since when (epoch seconds),
     * failures, the next probe, and logins in flight against the bulkhead's size.
     */
    public record Availability(CircuitState state, long since, long consecutiveFailures, String lastFailure,
            Long lastFailureAt, Long nextProbeAt, long failedProbes, long loginsInFlight, long maxConcurrentCalls) {
        public Availability {
            Objects.requireNonNull(state, "state");
        }
    }

    public enum CircuitState {
        @SerializedName("closed")
        CLOSED,
        @SerializedName("open")
        OPEN
    }
}
