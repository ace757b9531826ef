package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.host.ClusterState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the calls that reach the shared store: every call, or only the reads ({@link #readsOnly}). */
public final class CountingClusterState implements ClusterState {
    private final ClusterState delegate;
    private final AtomicInteger calls;
    private final boolean countWrites;

    /** Counts reads and writes alike. */
    public CountingClusterState(ClusterState delegate, AtomicInteger calls) {
        this(delegate, calls, true);
    }

    private CountingClusterState(ClusterState delegate, AtomicInteger calls, boolean countWrites) {
        this.delegate = delegate;
        this.calls = calls;
        this.countWrites = countWrites;
    }

    /** Counts only {@code get} and {@code take}. */
    public static CountingClusterState readsOnly(ClusterState delegate, AtomicInteger reads) {
        return new CountingClusterState(delegate, reads, false);
    }

    @Override
    public boolean put(String key, String value, Duration ttl) {
        if (countWrites) {
            calls.incrementAndGet();
        }
        return delegate.put(key, value, ttl);
    }

    @Override
    public PutResult putIfAbsent(String key, String value, Duration ttl) {
        if (countWrites) {
            calls.incrementAndGet();
        }
        return delegate.putIfAbsent(key, value, ttl);
    }

    @Override
    public Optional<String> get(String key) {
        calls.incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public Optional<String> take(String key) {
        calls.incrementAndGet();
        return delegate.take(key);
    }

    @Override
    public int capacity() {
        return delegate.capacity();
    }
}
