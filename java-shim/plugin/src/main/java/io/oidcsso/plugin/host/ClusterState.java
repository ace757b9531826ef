package io.oidcsso.plugin.host;

import java.time.Duration;
import java.util.Optional;

/** Short-lived records shared by every node, each taken at most once. */
public interface ClusterState {
    /** What {@link #putIfAbsent} did. */
    enum PutResult {
        /** The record was stored: this caller is the first. */
        STORED,
        /** A live record already holds the key (e.g. a replayed {@code jti}); nothing changed. */
        EXISTS,
        /** The store is full even after dropping expired records; nothing changed. */
        FULL
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl}, replacing an existing record.
     *
     * @return false when the store is full (bounded) even after dropping expired records
     */
    boolean put(String key, String value, Duration ttl);

    /** Atomically stores the record unless a live one holds the key: across all nodes exactly one caller stores it. */
    PutResult putIfAbsent(String key, String value, Duration ttl);

    /** The live record, left in place (cheap: no cluster lock). */
    Optional<String> get(String key);

    /** Atomically removes and returns the record: across all nodes exactly one caller gets it. */
    Optional<String> take(String key);

    /** The most records the store holds at once. */
    int capacity();
}
