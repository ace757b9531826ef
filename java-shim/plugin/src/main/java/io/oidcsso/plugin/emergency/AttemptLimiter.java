package io.oidcsso.plugin.emergency;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window attempt counters for the local login, per client address and per (client address,
 * username), kept on this node. Never per username alone: someone hammering an administrator's name
 * from one address must not lock that administrator out from another (docs/security.md). Per node
 * rather than cluster-wide: a count in the cluster store would cost a cluster lock per attempt and
 * could fill the store that pending logins need; with N nodes an attacker gets at most N times the
 * limit, still a few dozen guesses a minute.
 */
public final class AttemptLimiter {
    /** Most counters held at once; when full, expired ones go first, then all of them. */
    static final int CAPACITY = 10_000;

    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, int count) {}

    public AttemptLimiter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Counts one attempt of {@code username} from {@code client}; false when either limit of the
     * window is already reached (the attempt is then not counted).
     */
    public boolean tryAcquire(String client, String username, int perClient, int perClientAndUser,
            int windowSeconds) {
        long now = clock.millis();
        long windowMillis = windowSeconds * 1000L;
        String clientKey = "c\u0000" + client;
        String pairKey = "u\u0000" + client + "\u0000" + EmergencySettings.fold(username);
        if (count(clientKey, now, windowMillis) >= perClient || count(pairKey, now, windowMillis) >= perClientAndUser) {
            return false;
        }
        makeRoom(now, windowMillis);
        increment(clientKey, now, windowMillis);
        increment(pairKey, now, windowMillis);
        return true;
    }

    /** Seconds until the client's window ends (for Retry-After), at least 1. */
    public long retryAfterSeconds(String client, int windowSeconds) {
        Window window = windows.get("c\u0000" + client);
        long left = window == null ? 1 : (window.start + windowSeconds * 1000L - clock.millis()) / 1000;
        return Math.max(1, left);
    }

    private int count(String key, long now, long windowMillis) {
        Window window = windows.get(key);
        return window == null || now - window.start >= windowMillis ? 0 : window.count;
    }

    private void increment(String key, long now, long windowMillis) {
        windows.compute(key, (k, w) -> w == null || now - w.start >= windowMillis ? new Window(now, 1)
                : new Window(w.start, w.count + 1));
    }

    private void makeRoom(long now, long windowMillis) {
        if (windows.size() < CAPACITY) {
            return;
        }
        windows.values().removeIf(w -> now - w.start >= windowMillis);
        if (windows.size() >= CAPACITY) {
            // A flood from many addresses: forgetting the counts lets some guesses through (each still
            // needs the password); refusing everyone would lock the administrators out.
            windows.clear();
        }
    }

    int size() {
        return windows.size();
    }
}
