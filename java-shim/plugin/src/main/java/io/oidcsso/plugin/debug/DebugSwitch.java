package io.oidcsso.plugin.debug;

import io.oidcsso.plugin.host.ClusterState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-IdP, time-limited debug switch, shared by the cluster: one record {@code debug.idp.<id>}
 * in the shared {@link ClusterState} holding the end as epoch seconds, stored with a TTL of the same
 * length. A node reads an IdP's record at most once per {@link #REFRESH} (the login path never asks
 * the store per request) and compares the end with its clock on every question, so the switch goes
 * off at its end on every node without anyone calling anything.
 */
public final class DebugSwitch {
    public static final int MAX_MINUTES = 60;
    static final Duration REFRESH = Duration.ofSeconds(2);
    static final String KEY = "debug.idp.";
    /** A bound on the per-node cache: IdP ids come from the configuration, this only guards against a flood. */
    static final int MAX_CACHED = 256;

    private final ClusterState store;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Instant readAt, Instant until) {}

    public DebugSwitch(ClusterState store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Turns debug on for {@code idp} until now + {@code minutes} (1..{@value #MAX_MINUTES}); the end. */
    public Instant enable(String idp, int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("minutes must be 1.." + MAX_MINUTES);
        }
        Instant until = clock.instant().plus(Duration.ofMinutes(minutes));
        if (!store.put(KEY + idp, Long.toString(until.getEpochSecond()), Duration.ofMinutes(minutes))) {
            throw new IllegalStateException("the shared store is full");
        }
        cache.put(idp, new Cached(clock.instant(), until));
        return until;
    }

    /** Turns debug off for {@code idp} on every node (within {@link #REFRESH}). */
    public void disable(String idp) {
        store.take(KEY + idp);
        cache.put(idp, new Cached(clock.instant(), null));
    }

    /** The end of {@code idp}'s debug window when it is on now. */
    public Optional<Instant> until(String idp) {
        if (idp == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Cached cached = cache.get(idp);
        if (cached == null || !now.isBefore(cached.readAt().plus(REFRESH)) || now.isBefore(cached.readAt())) {
            cached = new Cached(now, read(idp));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(idp, cached);
        }
        Instant until = cached.until();
        return until != null && now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    public boolean isOn(String idp) {
        return until(idp).isPresent();
    }

    /** The IdPs of {@code idps} with debug on now, with their ends, in that order. */
    public Map<String, Instant> active(Collection<String> idps) {
        Map<String, Instant> on = new LinkedHashMap<>();
        for (String idp : idps) {
            until(idp).ifPresent(until -> on.put(idp, until));
        }
        return on;
    }

    private Instant read(String idp) {
        try {
            return store.get(KEY + idp).map(value -> Instant.ofEpochSecond(Long.parseLong(value.trim()))).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        } catch (RuntimeException e) {
            // A store that cannot be read must not fail a login: debug stays off until it can.
            return null;
        }
    }
}
