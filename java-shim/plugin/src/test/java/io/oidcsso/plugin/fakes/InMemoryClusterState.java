package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.host.ClusterState;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** ClusterState for one JVM: ConcurrentHashMap#remove is the atomic take. */
public final class InMemoryClusterState implements ClusterState {
    private record Entry(String value, long expiresAt) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;

    public InMemoryClusterState(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean put(String key, String value, Duration ttl) {
        long now = clock.millis();
        entries.values().removeIf(entry -> entry.expiresAt() <= now);
        if (!entries.containsKey(key) && entries.size() >= capacity) {
            return false;
        }
        entries.put(key, new Entry(value, now + ttl.toMillis()));
        return true;
    }

    @Override
    public synchronized PutResult putIfAbsent(String key, String value, Duration ttl) {
        long now = clock.millis();
        entries.values().removeIf(entry -> entry.expiresAt() <= now);
        if (entries.containsKey(key)) {
            return PutResult.EXISTS;
        }
        if (entries.size() >= capacity) {
            return PutResult.FULL;
        }
        entries.put(key, new Entry(value, now + ttl.toMillis()));
        return PutResult.STORED;
    }

    @Override
    public Optional<String> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null || entry.expiresAt() <= clock.millis()) {
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    @Override
    public Optional<String> take(String key) {
        Entry entry = entries.remove(key);
        if (entry == null || entry.expiresAt() <= clock.millis()) {
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    @Override
    public int capacity() {
        return capacity;
    }

    public int size() {
        return entries.size();
    }

    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(entries.keySet());
    }
}
