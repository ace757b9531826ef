package io.oidcsso.plugin.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.CountingClusterState;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DebugSwitchTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final InMemoryClusterState shared = new InMemoryClusterState(clock, 100);

    @Test
    void isOnWhenEnabledThenOnUntilTheEndAndOffAfterWithoutAnyCall() {
        DebugSwitch debug = new DebugSwitch(shared, clock);
        Instant until = debug.enable("dev", 5);

        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), until);
        assertTrue(debug.isOn("dev"));
        assertFalse(debug.isOn("other"));
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertTrue(debug.isOn("dev"));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(debug.isOn("dev"));
    }

    @Test
    void isOnWhenAnotherNodeSwitchesThenSeenWithinTheRefreshAndReadAtMostOncePerRefresh() {
        AtomicInteger reads = new AtomicInteger();
        DebugSwitch thisNode = new DebugSwitch(CountingClusterState.readsOnly(shared, reads), clock);
        DebugSwitch otherNode = new DebugSwitch(shared, clock);
        assertFalse(thisNode.isOn("dev"));

        otherNode.enable("dev", 10);
        for (int i = 0; i < 100; i++) {
            assertFalse(thisNode.isOn("dev"), "cached for up to the refresh interval");
        }
        assertEquals(1, reads.get());
        clock.advance(DebugSwitch.REFRESH);
        assertTrue(thisNode.isOn("dev"));
        assertEquals(2, reads.get());

        otherNode.disable("dev");
        clock.advance(DebugSwitch.REFRESH);
        assertFalse(thisNode.isOn("dev"));
    }

    @Test
    void enableWhenMinutesOutOfRangeThenRefusedAndNothingStored() {
        DebugSwitch debug = new DebugSwitch(shared, clock);

        assertThrows(IllegalArgumentException.class, () -> debug.enable("dev", 0));
        assertThrows(IllegalArgumentException.class, () -> debug.enable("dev", DebugSwitch.MAX_MINUTES + 1));
        assertTrue(shared.get(DebugSwitch.KEY + "dev").isEmpty());
    }

    @Test
    void activeWhenSomeOnThenOnlyThoseWithTheirEnds() {
        DebugSwitch debug = new DebugSwitch(shared, clock);
        Instant until = debug.enable("b", 60);

        assertEquals(Map.of("b", until), debug.active(List.of("a", "b", "c")));
    }

    @Test
    void isOnWhenStoredValueGarbledThenOff() {
        shared.put(DebugSwitch.KEY + "dev", "not-a-number", Duration.ofMinutes(5));

        assertFalse(new DebugSwitch(shared, clock).isOn("dev"));
    }
}
