package io.oidcsso.plugin.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract every {@link ClusterState} implementation must meet (run by one subclass per implementation). */
public abstract class ClusterStateContract {
    protected final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);

    protected abstract ClusterState create(Clock clock, int capacity);

    @Test
    public void takeWhenPutThenValueReturnedExactlyOnce() {
        ClusterState state = create(clock, 10);
        assertTrue(state.put("pending:a", "{\"x\":1}", Duration.ofMinutes(5)));
        assertEquals(Optional.of("{\"x\":1}"), state.take("pending:a"));
        assertEquals(Optional.empty(), state.take("pending:a"));
    }

    @Test
    public void takeWhenKeyNeverStoredThenEmpty() {
        assertEquals(Optional.empty(), create(clock, 10).take("pending:unknown"));
    }

    @Test
    public void takeWhen32ThreadsRaceForOneKeyThenExactlyOneWins() throws Exception {
        ClusterState state = create(clock, 100);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "pending:race-" + round;
                assertTrue(state.put(key, "value-" + round, Duration.ofMinutes(5)));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<String>>> results = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return state.take(key);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Optional<String>> result : results) {
                    Optional<String> taken = result.get(30, TimeUnit.SECONDS);
                    if (taken.isPresent()) {
                        assertEquals("value-" + round, taken.get());
                        winners++;
                    }
                }
                assertEquals(1, winners, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void takeWhenRecordExpiredThenEmpty() {
        ClusterState state = create(clock, 10);
        state.put("pending:old", "v", Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Optional.empty(), state.take("pending:old"));
    }

    @Test
    public void takeWhenRecordNotYetExpiredThenReturned() {
        ClusterState state = create(clock, 10);
        state.put("pending:young", "v", Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Optional.of("v"), state.take("pending:young"));
    }

    @Test
    public void putWhenFullThenRefused() {
        ClusterState state = create(clock, 3);
        for (int i = 0; i < 3; i++) {
            assertTrue(state.put("pending:" + i, "v", Duration.ofMinutes(5)));
        }
        assertFalse(state.put("pending:overflow", "v", Duration.ofMinutes(5)));
        assertEquals(Optional.empty(), state.take("pending:overflow"));
        assertEquals(3, state.capacity());
    }

    @Test
    public void putWhenFullOfExpiredRecordsThenAccepted() {
        ClusterState state = create(clock, 3);
        for (int i = 0; i < 3; i++) {
            state.put("pending:" + i, "v", Duration.ofSeconds(10));
        }
        clock.advance(Duration.ofSeconds(11));
        assertTrue(state.put("pending:fresh", "new", Duration.ofMinutes(5)));
        assertEquals(Optional.of("new"), state.take("pending:fresh"));
    }

    @Test
    public void putWhenTakenThenSlotIsFreeAgain() {
        ClusterState state = create(clock, 1);
        state.put("pending:a", "v", Duration.ofMinutes(5));
        state.take("pending:a");
        assertTrue(state.put("pending:b", "v", Duration.ofMinutes(5)));
    }

    @Test
    public void putIfAbsentWhenKeyFreeThenStoredAndSecondCallerSeesExists() {
        ClusterState state = create(clock, 10);
        assertEquals(ClusterState.PutResult.STORED, state.putIfAbsent("jti:a", "1", Duration.ofMinutes(5)));
        assertEquals(ClusterState.PutResult.EXISTS, state.putIfAbsent("jti:a", "2", Duration.ofMinutes(5)));
        assertEquals(Optional.of("1"), state.get("jti:a"));
    }

    @Test
    public void putIfAbsentWhenRecordExpiredThenStoredAgain() {
        ClusterState state = create(clock, 10);
        state.putIfAbsent("jti:a", "1", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(ClusterState.PutResult.STORED, state.putIfAbsent("jti:a", "2", Duration.ofMinutes(5)));
    }

    @Test
    public void putIfAbsentWhenFullThenFullAndNothingStored() {
        ClusterState state = create(clock, 1);
        state.put("pending:a", "v", Duration.ofMinutes(5));
        assertEquals(ClusterState.PutResult.FULL, state.putIfAbsent("jti:b", "1", Duration.ofMinutes(5)));
        assertEquals(Optional.empty(), state.get("jti:b"));
    }

    @Test
    public void putIfAbsentWhen32ThreadsRaceForOneKeyThenExactlyOneStores() throws Exception {
        ClusterState state = create(clock, 100);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ClusterState.PutResult>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String value = "v" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return state.putIfAbsent("jti:race", value, Duration.ofMinutes(5));
                }));
            }
            start.countDown();
            int stored = 0;
            for (Future<ClusterState.PutResult> result : results) {
                if (result.get(30, TimeUnit.SECONDS) == ClusterState.PutResult.STORED) {
                    stored++;
                }
            }
            assertEquals(1, stored);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void getWhenPutThenValueReturnedAndKept() {
        ClusterState state = create(clock, 10);
        state.put("logout:a", "123", Duration.ofMinutes(5));
        assertEquals(Optional.of("123"), state.get("logout:a"));
        assertEquals(Optional.of("123"), state.get("logout:a"));
        assertEquals(Optional.of("123"), state.take("logout:a"));
    }

    @Test
    public void getWhenExpiredOrMissingThenEmpty() {
        ClusterState state = create(clock, 10);
        state.put("logout:a", "123", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(Optional.empty(), state.get("logout:a"));
        assertEquals(Optional.empty(), state.get("logout:never"));
    }

    @Test
    public void putWhenKeyExistsThenReplacedWithoutUsingASecondSlot() {
        ClusterState state = create(clock, 1);
        state.put("pending:a", "first", Duration.ofMinutes(5));
        assertTrue(state.put("pending:a", "second", Duration.ofMinutes(5)));
        assertEquals(Optional.of("second"), state.take("pending:a"));
    }
}
