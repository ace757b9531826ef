package io.oidcsso.plugin.atlassian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.ClusterStateContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PluginSettingsClusterStateContractTest extends ClusterStateContract {
    private final InMemoryPluginSettings settings = new InMemoryPluginSettings().withReadLatency(1);

    @Override
    protected ClusterState create(Clock clock, int capacity) {
        return new PluginSettingsClusterState(settings, new FakeClusterLockService(), clock, capacity);
    }

    @Test
    void putWhenKeyIsLongThenStoredUnderHashedKeyWithinSalLimit() {
        ClusterState state = create(clock, 10);
        String longKey = "pending:" + "s".repeat(400);
        assertTrue(state.put(longKey, "v", Duration.ofMinutes(1)));
        assertTrue(settings.store().keySet().stream().allMatch(key -> key.length() <= 100));
        assertEquals("v", state.take(longKey).orElseThrow());
    }

    @Test
    void takeWhenRecordTakenThenNothingLeftInSettings() {
        ClusterState state = create(clock, 10);
        state.put("pending:a", "v", Duration.ofMinutes(1));
        state.take("pending:a");
        assertTrue(settings.store().keySet().stream().noneMatch(key -> key.startsWith(PluginSettingsClusterState.ENTRY_PREFIX)));
    }

    @Test
    void putWhenExpiredRecordsPresentThenTheirEntriesAreDeleted() {
        ClusterState state = create(clock, 10);
        state.put("pending:old", "v", Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(6));
        state.put("pending:new", "v", Duration.ofSeconds(5));
        long entries = settings.store().keySet().stream()
                .filter(key -> key.startsWith(PluginSettingsClusterState.ENTRY_PREFIX)).count();
        assertEquals(1, entries);
    }

    @Test
    void constructWhenCapacityExceedsIndexValueLimitThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> create(clock, PluginSettingsClusterState.MAX_CAPACITY + 1));
    }

    @Test
    void putWhenCapacityIsMaximumThenIndexStaysWithinSalValueLimit() {
        settings.withReadLatency(0);
        ClusterState state = create(clock, PluginSettingsClusterState.MAX_CAPACITY);
        for (int i = 0; i < PluginSettingsClusterState.MAX_CAPACITY; i++) {
            assertTrue(state.put("pending:" + i, "v", Duration.ofMinutes(5)));
        }
        String index = (String) settings.store().get(PluginSettingsClusterState.INDEX_KEY);
        assertTrue(index.length() <= 99_000, "index length " + index.length());
    }
}
