package io.oidcsso.plugin.web;

import io.oidcsso.plugin.host.ClusterState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that seal pending logins into cookies ({@link PendingCookies}), shared by every
 * node. One key per {@link #PERIOD} ("epoch"), created once cluster-wide by whichever node needs it
 * first ({@link ClusterState#putIfAbsent}: exactly one creator wins, the others read the winner's
 * key) and kept {@link #LIFETIME}, so a login sealed just before a rotation still opens after it.
 * Rotation needs no coordination: the epoch is the key id, carried in the cookie. Keys are cached
 * per node once read; they never change once stored.
 */
final class SealingKeys {
    static final Duration PERIOD = Duration.ofDays(1);
    /** A key outlives its period by two more: longer than any pending login (at most an hour). */
    static final Duration LIFETIME = PERIOD.multipliedBy(3);
    static final String KEY_PREFIX = "pending-key:";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key and its id. */
    record Key(long epoch, SecretKey secret) {}

    private final ClusterState state;
    private final Clock clock;
    private final Map<Long, SecretKey> cache = new ConcurrentHashMap<>();

    SealingKeys(ClusterState state, Clock clock) {
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The key to seal with now: this period's, created if no node has yet. When the shared store is
     * full and this period's key cannot be created, the newest key of the last two periods (each
     * valid for {@link #LIFETIME}) is used.
     *
     * @throws IllegalStateException when no usable key exists and none can be created
     */
    Key current() {
        long epoch = epochNow();
        Optional<SecretKey> existing = forEpoch(epoch);
        if (existing.isPresent()) {
            return new Key(epoch, existing.get());
        }
        byte[] fresh = new byte[KEY_BYTES];
        RANDOM.nextBytes(fresh);
        switch (state.putIfAbsent(KEY_PREFIX + epoch, Base64.getEncoder().encodeToString(fresh), LIFETIME)) {
            case STORED:
                SecretKey mine = new SecretKeySpec(fresh, "AES");
                cache.put(epoch, mine);
                return new Key(epoch, mine);
            case EXISTS:
                // Another node created it between our read and our write: use the winner's.
                return new Key(epoch, forEpoch(epoch).orElseThrow(() -> new IllegalStateException(
                        "the login cookie key of epoch " + epoch + " exists but cannot be read")));
            default:
                // The store is full: a key of the last two periods still seals (and opens) safely.
                for (long previous = epoch - 1; previous >= epoch - 2; previous--) {
                    Optional<SecretKey> key = forEpoch(previous);
                    if (key.isPresent()) {
                        return new Key(previous, key.get());
                    }
                }
                throw new IllegalStateException("cannot create the login cookie key: the shared store is full");
        }
    }

    /**
     * The key with id {@code epoch} when it may still open cookies: from two periods ago up to one
     * ahead (a node whose clock runs ahead may have created it). Other ids are never looked up, so a
     * forged cookie costs at most a few store reads.
     */
    Optional<SecretKey> forEpoch(long epoch) {
        long now = epochNow();
        if (epoch < now - 2 || epoch > now + 1) {
            return Optional.empty();
        }
        SecretKey cached = cache.get(epoch);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<SecretKey> stored = state.get(KEY_PREFIX + epoch).flatMap(SealingKeys::decode);
        stored.ifPresent(key -> {
            cache.put(epoch, key);
            cache.keySet().removeIf(old -> old < now - 2);
        });
        return stored;
    }

    private long epochNow() {
        return Math.floorDiv(clock.millis(), PERIOD.toMillis());
    }

    private static Optional<SecretKey> decode(String stored) {
        try {
            byte[] bytes = Base64.getDecoder().decode(stored);
            return bytes.length == KEY_BYTES ? Optional.of(new SecretKeySpec(bytes, "AES")) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
