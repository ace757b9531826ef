package io.oidcsso.plugin.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardedClusterStateTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);

    @Test
    void putWhenMoreKeysThanOneShardHoldsThenAllStoredAcrossShardsAndEachFoundAgain() {
        List<InMemoryClusterState> shards = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            shards.add(new InMemoryClusterState(clock, 100));
        }
        ShardedClusterState sharded = new ShardedClusterState(List.copyOf(shards));

        for (int i = 0; i < 400; i++) {
            assertTrue(sharded.put("live:sid:https://idp\nsid-" + i, "1", Duration.ofHours(1)), "key " + i);
        }

        assertEquals(800, sharded.capacity());
        assertEquals(400, shards.stream().mapToInt(InMemoryClusterState::size).sum());
        assertTrue(shards.stream().allMatch(shard -> shard.size() > 0), "every shard holds some");
        for (int i = 0; i < 400; i++) {
            assertEquals("1", sharded.get("live:sid:https://idp\nsid-" + i).orElseThrow());
        }
        assertEquals("1", sharded.take("live:sid:https://idp\nsid-7").orElseThrow());
        assertTrue(sharded.get("live:sid:https://idp\nsid-7").isEmpty());
    }
}
