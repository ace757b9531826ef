package io.oidcsso.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.fakes.FakeEngineFactory;
import io.oidcsso.plugin.fakes.InMemoryConfigStore;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.fakes.TestRuntime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineSlotTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final FakeEngineFactory engines = new FakeEngineFactory();
    /** Saves on it stand for another node's: this node's slot reads through its own polled view. */
    private final InMemoryConfigStore store = new InMemoryConfigStore();
    private final EngineSlot slot = new EngineSlot(engines, new PolledConfigStore(store, clock, Duration.ofSeconds(30)),
            () -> new HostContext("http://h", "n1", PluginRuntime.CALLBACK_PATH));

    @Test
    void hasIdentityProvidersWhenEmptyOrMalformedThenFalse() {
        assertFalse(EngineSlot.hasIdentityProviders("{\"idps\":[]}"));
        assertFalse(EngineSlot.hasIdentityProviders("not json"));
        assertFalse(EngineSlot.hasIdentityProviders("[1]"));
        assertTrue(EngineSlot.hasIdentityProviders("{\"idps\":[{\"id\":\"x\"}]}"));
    }

    @Test
    void currentWhenNothingStoredThenNoEngine() {
        assertTrue(slot.current().isEmpty());
        assertEquals("unconfigured", slot.status());
    }

    @Test
    void currentWhenConfigStoredThenEngineCreatedWithHostContext() {
        store.save(TestRuntime.CONFIG, 0);
        assertTrue(slot.current().isPresent());
        assertEquals("http://h", engines.lastHostContext.baseUrl());
        assertEquals("active (revision 1)", slot.status());
    }

    @Test
    void currentWhenAnotherNodeSavedThenReloadedAfterPollInterval() {
        store.save(TestRuntime.CONFIG, 0);
        slot.current();
        store.save(TestRuntime.CONFIG.replace("dev", "dev2"), 1);
        slot.current();
        assertEquals(0, engines.engine.reloads());
        clock.advance(Duration.ofSeconds(31));
        slot.current();
        assertEquals(1, engines.engine.reloads());
        assertEquals(1, engines.created);
    }

    @Test
    void currentWhenIdpsRemovedThenEngineClosed() {
        store.save(TestRuntime.CONFIG, 0);
        slot.current();
        store.save("{\"schemaVersion\":1,\"idps\":[]}", 1);
        clock.advance(Duration.ofSeconds(31));
        assertTrue(slot.current().isEmpty());
        assertTrue(engines.engine.closed());
    }

    @Test
    void closeWhenEngineActiveThenEngineClosedAndNativeRuntimeShutDownOnce() {
        store.save(TestRuntime.CONFIG, 0);
        slot.current();
        slot.close();
        slot.close();
        assertTrue(engines.engine.closed());
        assertEquals(1, engines.shutdowns);
    }

    @Test
    void currentWhenSlotDisabledThenNeverAnEngine() {
        EngineSlot disabled = EngineSlot.disabled("library missing");
        assertTrue(disabled.current().isEmpty());
        assertEquals("disabled: library missing", disabled.status());
    }

    @Test
    void currentWhenManyConcurrentRequestsWithinThePollIntervalThenOneRevisionReadAndTheSavedRevisionWithinIt()
            throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        InMemoryConfigStore backing = new InMemoryConfigStore();
        io.oidcsso.plugin.host.ConfigStore counted = new io.oidcsso.plugin.host.ConfigStore() {
            @Override
            public java.util.Optional<io.oidcsso.plugin.host.StoredConfig> load() {
                return backing.load();
            }

            @Override
            public long currentRevision() {
                reads.incrementAndGet();
                return backing.currentRevision();
            }

            @Override
            public long save(String json, long expectedRevision) {
                return backing.save(json, expectedRevision);
            }
        };
        counted.save(TestRuntime.CONFIG, 0);
        PolledConfigStore watch = new PolledConfigStore(counted, clock, RuntimeFactory.CONFIG_POLL);
        EngineSlot polling = new EngineSlot(engines, watch,
                () -> new HostContext("http://h", "n1", PluginRuntime.CALLBACK_PATH));
        // The local-login gate follows the same watch: its reads are not extra store reads.
        io.oidcsso.plugin.emergency.EmergencySettingsSource emergency =
                new io.oidcsso.plugin.emergency.EmergencySettingsSource(watch);
        polling.current();
        emergency.current();
        assertEquals(1, reads.get());
        // Another node saves; 64 requests on 8 threads arrive before and after the interval ends.
        counted.save(TestRuntime.CONFIG.replace("dev", "dev2"), 1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            runConcurrently(pool, polling, 64);
            assertFalse(emergency.current().gated());
            assertEquals(1, reads.get(), "no read within the interval");
            clock.advance(RuntimeFactory.CONFIG_POLL);
            runConcurrently(pool, polling, 64);
            emergency.current();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, reads.get(), "one read for all the requests and readers once the interval is over");
        assertEquals(2, polling.loadedRevision());
        assertTrue(RuntimeFactory.CONFIG_POLL.compareTo(Duration.ofSeconds(5)) < 0, "the 5 s propagation bound");
    }

    private static void runConcurrently(java.util.concurrent.ExecutorService pool, EngineSlot slot, int calls)
            throws Exception {
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int i = 0; i < calls; i++) {
            done.add(pool.submit(slot::current));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
