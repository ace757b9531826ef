package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Refusals anyone can cause (a bearer token with a bad signature, a forged callback) cannot flood the
 * cluster's audit ring: they have a part of their own and a per-node rate, the rest folded into
 * {@code audit.suppressed}; every event still reaches the log sink.
 */
class AuditStoreFloodTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_800_000_000L);
    private final InMemoryClusterState shared = new InMemoryClusterState(clock, AuditStore.STORE_CAPACITY);
    /** Stands in for the SLF4J sink: counts every entry handed to the log. */
    private final AtomicLong logged = new AtomicLong();

    private AuditLog node(String name, AuditStore store) {
        return new AuditLog(() -> name, clock, List.of(entry -> logged.incrementAndGet(), store));
    }

    private static List<AuditLog.Entry> events(AuditStore store, String event) {
        return store.recent(e -> e.event().equals(event), Integer.MAX_VALUE);
    }

    private static long suppressedIn(List<AuditLog.Entry> summaries) {
        return summaries.stream().mapToLong(e -> Long.parseLong(e.fields().get("count"))).sum();
    }

    @Test
    void recentWhenAFloodOf100000RefusalsThenTheLastConfigSaveAndLoginStayAndSummariesCountTheRest() {
        AuditStore store = new AuditStore(shared, clock);
        AuditLog audit = node("node-a", store);
        audit.record("config.saved", AuditLog.fields("by", "admin", "pointers", "changed /idps/0/displayName"));
        audit.record("login.bound", AuditLog.fields("user", "alice", "idp", "dev"));
        assertTrue(store.flush());

        // 100 seconds of 1,000 refusals a second, the flusher running once a second as on a node.
        for (int i = 0; i < 100_000; i++) {
            clock.advance(Duration.ofMillis(1));
            audit.record("bearer.refused", AuditLog.fields("code", i % 10 == 0 ? "expired" : "bad_signature",
                    "reference", "R" + i));
            if (i % 1_000 == 999) {
                assertTrue(store.flush());
            }
        }
        List<AuditLog.Entry> beforeClose = events(store, RefusalLimiter.SUMMARY);
        store.close();

        assertEquals(100_002, logged.get(), "the log gets every event");
        assertEquals(List.of("admin"), events(store, "config.saved").stream().map(e -> e.fields().get("by")).toList());
        assertEquals(List.of("alice"), events(store, "login.bound").stream().map(e -> e.fields().get("user")).toList());
        long kept = events(store, "bearer.refused").size();
        // 20 at once, then 20 a minute over 100 s: about 53.
        assertTrue(kept >= RefusalLimiter.BURST && kept <= RefusalLimiter.BURST + 35, "kept " + kept);
        assertEquals(1, beforeClose.size(), "one summary due after the first minute: " + beforeClose);
        List<AuditLog.Entry> summaries = events(store, RefusalLimiter.SUMMARY);
        assertEquals(2, summaries.size(), "and the rest when the node stops: " + summaries);
        assertEquals(100_000 - kept, suppressedIn(summaries));
        assertEquals(100_000 - kept, store.suppressed());
        AuditLog.Entry first = summaries.get(1);
        assertEquals(AuditLog.Level.WARNING, first.level());
        assertEquals("node-a", first.node());
        assertEquals("bearer.refused", first.fields().get("kind"));
        assertTrue(first.fields().get("codes").matches("bad_signature=\\d+ expired=\\d+"), first.fields().toString());
        assertTrue(first.fields().get("detail").startsWith(first.fields().get("count") + " bearer.refused suppressed"
                + " in the last 60 s"), first.fields().toString());
        assertEquals(0, store.dropped());
    }

    @Test
    void recentWhenRefusalsWithinTheRateOverflowTheirPartThenNoOtherEventIsEvicted() {
        AuditStore store = new AuditStore(shared, clock);
        AuditLog audit = node("node-a", store);
        audit.record("config.saved", AuditLog.fields("by", "admin"));
        audit.record("account.linked", AuditLog.fields("user", "bob", "by", "admin"));
        audit.record("break_glass.allowed", AuditLog.fields("user", "admin"));
        assertTrue(store.flush());

        // One every 3 s stays within the rate: all of them enter the refusals' part, which overflows.
        for (int i = 0; i < AuditStore.CAPACITY + 1_000; i++) {
            clock.advance(Duration.ofSeconds(3));
            audit.record("login.failed", AuditLog.fields("code", "state_mismatch", "user", "u" + i));
            if (i % 20 == 0) {
                assertTrue(store.flush());
            }
        }
        store.close();

        assertEquals(0, store.suppressed());
        for (String event : List.of("config.saved", "account.linked", "break_glass.allowed")) {
            assertEquals(1, events(store, event).size(), event);
        }
        List<AuditLog.Entry> failed = events(store, "login.failed");
        assertTrue(failed.size() <= AuditStore.REFUSAL_CAPACITY, "size " + failed.size());
        assertTrue(failed.size() > AuditStore.REFUSAL_CAPACITY - AuditStore.PAGE_EVENTS, "size " + failed.size());
        assertEquals("u" + (AuditStore.CAPACITY + 999), failed.get(0).fields().get("user"), "the newest kept");
        assertTrue(shared.size() <= AuditStore.STORE_CAPACITY);
    }

    @Test
    void acceptWhenTwoNodesAreFloodedAtOnceThenEachNodeHasItsOwnLimitAndNothingIsLostBetweenThem() throws Exception {
        AuditStore storeA = new AuditStore(shared, clock);
        AuditStore storeB = new AuditStore(shared, clock);
        AuditLog a = node("node-a", storeA);
        AuditLog b = node("node-b", storeB);
        a.record("config.saved", AuditLog.fields("by", "admin-a"));
        b.record("config.saved", AuditLog.fields("by", "admin-b"));
        // The clock stands still: no refill, so each node keeps exactly its burst.
        List<Thread> threads = new ArrayList<>();
        for (AuditLog node : List.of(a, b)) {
            threads.add(started(() -> {
                for (int i = 0; i < 50_000; i++) {
                    node.record("bearer.refused", AuditLog.fields("code", "bad_signature"));
                }
            }));
        }
        for (AuditStore store : List.of(storeA, storeB)) {
            threads.add(started(() -> {
                for (int i = 0; i < 200; i++) {
                    store.flush();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        storeA.close();
        storeB.close();

        assertEquals(100_002, logged.get());
        for (String node : List.of("node-a", "node-b")) {
            assertEquals(RefusalLimiter.BURST, storeA.recent(e -> e.node().equals(node)
                    && e.event().equals("bearer.refused"), Integer.MAX_VALUE).size(), node);
            List<AuditLog.Entry> summaries = storeA.recent(e -> e.node().equals(node)
                    && e.event().equals(RefusalLimiter.SUMMARY), Integer.MAX_VALUE);
            assertEquals(List.of("bad_signature=" + (50_000 - RefusalLimiter.BURST)),
                    summaries.stream().map(e -> e.fields().get("codes")).toList(), node);
        }
        assertEquals(2, events(storeB, "config.saved").size());
        // A flush that found the other node's lease retried later (failures() counts it): nothing was dropped.
        assertEquals(0, storeA.dropped() + storeB.dropped());
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    @Test
    void acceptWhenOneNodeIsFloodedThenAnotherNodesRefusalStillEntersTheRing() {
        AuditStore storeA = new AuditStore(shared, clock);
        AuditStore storeB = new AuditStore(shared, clock);
        AuditLog a = node("node-a", storeA);
        for (int i = 0; i < 1_000; i++) {
            a.record("login.failed", AuditLog.fields("code", "state_mismatch"));
        }
        node("node-b", storeB).record("login.failed", AuditLog.fields("code", "idp_error", "user", "carol"));
        assertTrue(storeA.flush());
        assertTrue(storeB.flush());

        assertEquals(1, storeA.recent(e -> "carol".equals(e.fields().get("user")), 10).size());
        assertEquals(1_000 - RefusalLimiter.BURST, storeA.suppressed());
        assertEquals(0, storeB.suppressed());
    }

    @Test
    void suppressWhenARefusalCarriesManyDistinctCodesThenTheCountsStayBounded() {
        AuditStore store = new AuditStore(shared, clock);
        AuditLog audit = node("node-a", store);
        for (int i = 0; i < 5_000; i++) {
            audit.record("break_glass.refused", AuditLog.fields("user", "u" + i, "reason", "reason-" + i));
        }
        store.close();

        AuditLog.Entry summary = events(store, RefusalLimiter.SUMMARY).get(0);
        String codes = summary.fields().get("codes");
        assertTrue(codes.startsWith(RefusalLimiter.OTHER + "=" + (5_000 - RefusalLimiter.BURST - RefusalLimiter.MAX_CODES)),
                codes);
        assertEquals(RefusalLimiter.MAX_CODES + 1, codes.split(" ").length, codes);
        assertEquals("break_glass.refused", summary.fields().get("kind"));
    }

    @Test
    void appendWhenTheHeadIsOfTheEarlierUndividedRingThenTheMainPartStartsAfreshAtItsFirstPage() {
        shared.put(AuditStore.HEAD_KEY, "35:20", Duration.ofDays(1));
        AuditStore store = new AuditStore(shared, clock);
        AuditLog old = node("old", store);
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < AuditStore.PAGE_EVENTS; i++) {
            page.append(i == 0 ? "" : "\n").append(old.entry("login.bound", AuditLog.fields("user", "old" + i)).json());
        }
        shared.put(AuditStore.PAGE_KEY + 0, page.toString(), Duration.ofDays(1));

        node("node-a", store).record("config.saved", AuditLog.fields("by", "admin"));
        assertTrue(store.flush());

        assertEquals(1, AuditStore.parsePage(shared.get(AuditStore.PAGE_KEY + 0).orElseThrow()).size());
        assertEquals("0:1", shared.get(AuditStore.HEAD_KEY).orElseThrow());
    }
}
