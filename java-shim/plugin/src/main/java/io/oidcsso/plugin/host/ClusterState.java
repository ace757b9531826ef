package io.oidcsso.plugin.host;

import java.time.Duration;
import java.util.Optional;

/** Short-lived records shared by every node, each taken at most once. */
public interface ClusterState {
    /**
     * Stores {@code value} under {@code key} for {@code ttl}, replacing an existing record.
     *
     * @return false when the store is full (bounded) even after dropping expired records
     */
    boolean put(String key, String value, Duration ttl);

    /** Atomically removes and returns the record: across all nodes exactly one caller gets it. */
    Optional<String> take(String key);

    /** The most records the store holds at once. */
    int capacity();
}
