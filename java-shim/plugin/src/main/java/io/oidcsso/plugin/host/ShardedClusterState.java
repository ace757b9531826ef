package io.oidcsso.plugin.host;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several {@link ClusterState}s as one: each key lives in exactly one shard (by
 * {@link String#hashCode}, which the Java language fixes, so every node picks the same shard). Used
 * where one store's room (one index value) is too small, e.g. the index of live OIDC sessions.
 */
public final class ShardedClusterState implements ClusterState {
    private final List<ClusterState> shards;

    public ShardedClusterState(List<ClusterState> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one shard");
        }
        this.shards = List.copyOf(shards);
    }

    private ClusterState shard(String key) {
        Objects.requireNonNull(key, "key");
        return shards.get(Math.floorMod(key.hashCode(), shards.size()));
    }

    @Override
    public boolean put(String key, String value, Duration ttl) {
        return shard(key).put(key, value, ttl);
    }

    @Override
    public PutResult putIfAbsent(String key, String value, Duration ttl) {
        return shard(key).putIfAbsent(key, value, ttl);
    }

    @Override
    public Optional<String> get(String key) {
        return shard(key).get(key);
    }

    @Override
    public Optional<String> take(String key) {
        return shard(key).take(key);
    }

    /** The sum of the shards' capacities (keys spread evenly, so about that many fit). */
    @Override
    public int capacity() {
        return shards.stream().mapToInt(ClusterState::capacity).sum();
    }
}
