package io.oidcsso.plugin.runtime;

import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StoredConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's one watch on the stored revision: {@link #currentRevision()} asks the product's store
 * (a database read in a cluster) at most once per interval, however many requests and readers ask (the
 * engine slot on every login request, the emergency settings on every local login), and a save
 * through this node makes the next call read again. A save on another node is seen here within the
 * interval (docs/cluster.md).
 *
 * <p>When the read fails, the failure goes to the caller that made it and the next read waits for the
 * next interval; callers meanwhile get the last revision read (a store that was readable a moment ago
 * is not hammered on every request while it is down).
 */
public final class PolledConfigStore implements ConfigStore {
    private final ConfigStore store;
    private final Clock clock;
    private final long intervalMillis;
    private final Object readLock = new Object();
    private volatile long revision = -1;
    private volatile long nextReadAt;

    public PolledConfigStore(ConfigStore store, Clock clock, Duration interval) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.intervalMillis = Objects.requireNonNull(interval, "interval").toMillis();
    }

    @Override
    public Optional<StoredConfig> load() {
        return store.load();
    }

    @Override
    public long currentRevision() {
        if (clock.millis() < nextReadAt) {
            return revision;
        }
        // Requests that find the read due together wait here; only the first asks the store.
        synchronized (readLock) {
            if (clock.millis() < nextReadAt) {
                return revision;
            }
            nextReadAt = clock.millis() + intervalMillis;
            long read = store.currentRevision();
            revision = read;
            return read;
        }
    }

    @Override
    public long save(String json, long expectedRevision) {
        try {
            return store.save(json, expectedRevision);
        } finally {
            // Saved, or refused because another node saved first: either way the revision moved.
            invalidate();
        }
    }

    /** The next {@link #currentRevision()} asks the store. */
    public void invalidate() {
        nextReadAt = 0;
    }
}
