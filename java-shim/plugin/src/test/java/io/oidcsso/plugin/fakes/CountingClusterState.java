package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.host.ClusterState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts every call that reaches the shared store (reads and writes alike). */
public final class CountingClusterState implements ClusterState {
    private final ClusterState delegate;
    private final AtomicInteger calls;

    public CountingClusterState(ClusterState delegate, AtomicInteger calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public boolean put(String key, String value, Duration ttl) {
        calls.incrementAndGet();
        return delegate.put(key, value, ttl);
    }

    @Override
    public PutResult putIfAbsent(String key, String value, Duration ttl) {
        calls.incrementAndGet();
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
