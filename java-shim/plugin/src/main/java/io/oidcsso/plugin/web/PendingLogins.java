package io.oidcsso.plugin.web;

import java.time.Clock;
import java.time.Duration;

/** How pending logins are keyed in ClusterState and how long they live. */
final class PendingLogins {
    static final String KEY_PREFIX = "pending:";
    static final int MAX_STATE_LENGTH = 512;
    private static final Duration MIN_TTL = Duration.ofSeconds(30);
    private static final Duration MAX_TTL = Duration.ofHours(1);
    private static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private PendingLogins() {}

    static String key(String state) {
        return KEY_PREFIX + state;
    }

    static boolean isPlausibleState(String state) {
        return state != null && !state.isEmpty() && state.length() <= MAX_STATE_LENGTH;
    }

    /** Until the engine's {@code expiresAt}, clamped; the core checks expiry itself as well. */
    static Duration ttl(long expiresAtEpochSeconds, Clock clock) {
        if (expiresAtEpochSeconds <= 0) {
            return DEFAULT_TTL;
        }
        Duration left = Duration.ofSeconds(expiresAtEpochSeconds - clock.instant().getEpochSecond());
        if (left.compareTo(MIN_TTL) < 0) {
            return MIN_TTL;
        }
        return left.compareTo(MAX_TTL) > 0 ? MAX_TTL : left;
    }
}
