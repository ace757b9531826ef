package io.oidcsso.plugin.web;

import java.time.Clock;
import java.time.Duration;

/**
 * The one record a login leaves in ClusterState: a single-use marker under its {@code state},
 * written by the callback once the core accepted the login and before the session is bound, so a
 * replay of that callback on any node binds nothing ({@link PendingCookies} carries the pending login
 * itself). Only a login the IdP vouched for writes one, never an anonymous request.
 */
final class PendingLogins {
    static final String USED_PREFIX = "login-used:";
    static final int MAX_STATE_LENGTH = 512;
    /** Room for clocks of two nodes that disagree a little. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Duration MIN_TTL = Duration.ofSeconds(30);
    /** The longest pending login the core allows (pendingLoginTtlSeconds 3600), plus skew. */
    private static final Duration MAX_TTL = Duration.ofHours(1).plus(CLOCK_SKEW);

    private PendingLogins() {}

    static String usedKey(String state) {
        return USED_PREFIX + state;
    }

    static boolean isPlausibleState(String state) {
        return state != null && !state.isEmpty() && state.length() <= MAX_STATE_LENGTH;
    }

    /** Until the login's cookie can no longer open anywhere (its expiry, plus skew), clamped. */
    static Duration usedTtl(long expiresAtEpochSeconds, Clock clock) {
        Duration left = Duration.ofSeconds(expiresAtEpochSeconds - clock.instant().getEpochSecond()).plus(CLOCK_SKEW);
        if (left.compareTo(MIN_TTL) < 0) {
            return MIN_TTL;
        }
        return left.compareTo(MAX_TTL) > 0 ? MAX_TTL : left;
    }
}
