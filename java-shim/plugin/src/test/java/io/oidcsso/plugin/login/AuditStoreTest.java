package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.host.ClusterState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The cluster's ring of recent audit events: shared by nodes, bounded, never in the way of a login. */
class AuditStoreTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_800_000_000L);
    private final InMemoryClusterState shared = new InMemoryClusterState(clock, AuditStore.STORE_CAPACITY);

    private AuditLog node(String name, AuditStore store) {
        return new AuditLog(() -> name, clock, List.of(store));
    }

    private void record(AuditLog audit, String event, String user) {
        clock.advance(Duration.ofMillis(1));
        audit.record(event, AuditLog.fields("user", user, "idp", "dev"));
    }

    @Test
    void recentWhenTwoNodesFlushThenBothNodesEventsNewestFirst() {
        AuditStore storeA = new AuditStore(shared, clock);
        AuditStore storeB = new AuditStore(shared, clock);
        AuditLog a = node("node-a", storeA);
        AuditLog b = node("node-b", storeB);

        record(a, "login.bound", "alice");
        record(b, "login.bound", "bob");
        record(a, "logout.rp_initiated", "alice");
        assertTrue(storeB.flush());
        assertTrue(storeA.flush());

        List<AuditLog.Entry> recent = storeA.recent(e -> true, 10);
        assertEquals(List.of("node-a logout.rp_initiated alice", "node-b login.bound bob", "node-a login.bound alice"),
                recent.stream().map(e -> e.node() + " " + e.event() + " " + e.fields().get("user")).toList());
        assertEquals(recent, storeB.recent(e -> true, 10), "every node reads the same ring");
        assertEquals(2, storeA.recent(e -> e.node().equals("node-a"), 10).size());
        assertEquals(1, storeA.recent(e -> true, 1).size());
    }

    @Test
    void recentWhenMoreEventsThanTheRingHoldsThenTheNewestAreKeptAndTheBoundHolds() {
        AuditStore store = new AuditStore(shared, clock);
        AuditLog audit = node("node-a", store);

        for (int i = 0; i < AuditStore.CAPACITY + 500; i++) {
            record(audit, "login.bound", "user" + i);
            if (i % 37 == 0) {
                assertTrue(store.flush());
            }
        }
        assertTrue(store.flush());

        List<AuditLog.Entry> recent = store.recent(e -> true, Integer.MAX_VALUE);
        assertTrue(recent.size() <= AuditStore.MAIN_CAPACITY, "size " + recent.size());
        assertTrue(recent.size() > AuditStore.MAIN_CAPACITY - AuditStore.PAGE_EVENTS, "size " + recent.size());
        assertEquals("user" + (AuditStore.CAPACITY + 499), recent.get(0).fields().get("user"));
        assertTrue(shared.size() <= AuditStore.STORE_CAPACITY);
    }

    @Test
    void appendWhenEventsAreLongThenEachPageStaysUnderItsCharacterBound() {
        AuditStore store = new AuditStore(shared, clock);
        AuditLog audit = node("node-a", store);
        for (int i = 0; i < 300; i++) {
            audit.record("login.bound", AuditLog.fields("detail", "word ".repeat(400), "user", "u" + i));
        }
        assertTrue(store.flush());

        for (int page = 0; page < AuditStore.PAGES; page++) {
            Optional<String> value = shared.get(AuditStore.PAGE_KEY + page);
            value.ifPresent(v -> assertTrue(v.length() <= AuditStore.PAGE_CHARS, "page of " + v.length()));
        }
        assertEquals(300, store.recent(e -> true, 1000).size());
    }

    @Test
    void flushWhenTheStoreFailsThenRecordingNeverThrowsAndTheEventsArriveOnceItWorksAgain() {
        AtomicBoolean down = new AtomicBoolean(true);
        AuditStore store = new AuditStore(failing(shared, down));
        AuditLog audit = node("node-a", store);

        record(audit, "login.bound", "alice");
        assertFalse(store.flush());
        record(audit, "login.bound", "bob");
        assertFalse(store.flush());
        assertEquals(2, store.failures());

        down.set(false);
        assertTrue(store.flush());
        assertEquals(List.of("bob", "alice"), store.recent(e -> true, 10).stream().map(e -> e.fields().get("user")).toList());
    }

    @Test
    void acceptWhenTheQueueIsFullThenDroppedAndCountedNotBlocked() {
        AuditStore store = new AuditStore(shared, clock);
        AuditLog audit = node("node-a", store);

        for (int i = 0; i < AuditStore.QUEUE + 3; i++) {
            audit.record("login.bound", AuditLog.fields("user", "u" + i));
        }

        assertEquals(3, store.dropped());
        assertTrue(store.flush());
        assertEquals(AuditStore.QUEUE, store.recent(e -> true, Integer.MAX_VALUE).size());
    }

    @Test
    void flushWhenAnotherNodeHoldsTheLeaseThenKeptUntilTheLeaseEnds() {
        AuditStore store = new AuditStore(shared, clock);
        AuditLog audit = node("node-a", store);
        shared.putIfAbsent(AuditStore.LEASE_KEY, "other-node", AuditStore.LEASE_TTL);

        record(audit, "login.bound", "alice");
        assertFalse(store.flush());
        assertEquals(List.of(), store.recent(e -> true, 10));

        clock.advance(AuditStore.LEASE_TTL);
        assertTrue(store.flush());
        assertEquals(1, store.recent(e -> true, 10).size());
    }

    @Test
    void parsePageWhenALineIsDamagedThenOnlyThatLineIsSkipped() {
        AuditLog.Entry entry = new AuditLog(() -> "n", clock, List.of()).entry("login.bound",
                AuditLog.fields("user", "alice"));

        List<AuditLog.Entry> parsed = AuditStore.parsePage(entry.json() + "\n{\"ts\":\"x\"}\nnot json\n[1]\n"
                + entry.json());

        assertEquals(List.of(entry, entry), parsed);
    }

    private static ClusterState failing(ClusterState inner, AtomicBoolean down) {
        return new ClusterState() {
            @Override
            public boolean put(String key, String value, Duration ttl) {
                check();
                return inner.put(key, value, ttl);
            }

            @Override
            public PutResult putIfAbsent(String key, String value, Duration ttl) {
                check();
                return inner.putIfAbsent(key, value, ttl);
            }

            @Override
            public Optional<String> get(String key) {
                check();
                return inner.get(key);
            }

            @Override
            public Optional<String> take(String key) {
                return inner.take(key);
            }

            @Override
            public int capacity() {
                return inner.capacity();
            }

            private void check() {
                if (down.get()) {
                    throw new IllegalStateException("database down");
                }
            }
        };
    }
}
