package io.oidcsso.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oidcsso.plugin.fakes.InMemoryConfigStore;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StaleRevisionException;
import io.oidcsso.plugin.host.StoredConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PolledConfigStoreTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final InMemoryConfigStore backing = new InMemoryConfigStore();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    private final ConfigStore counted = new ConfigStore() {
        @Override
        public Optional<StoredConfig> load() {
            return backing.load();
        }

        @Override
        public long currentRevision() {
            reads.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("database down");
            }
            return backing.currentRevision();
        }

        @Override
        public long save(String json, long expectedRevision) {
            return backing.save(json, expectedRevision);
        }
    };
    private final PolledConfigStore watch = new PolledConfigStore(counted, clock, Duration.ofSeconds(2));

    @Test
    void currentRevisionWhenAnotherNodeSavesThenSeenOnlyAfterTheIntervalWithOneRead() {
        assertEquals(0, watch.currentRevision());
        backing.save("{}", 0);
        assertEquals(0, watch.currentRevision());
        assertEquals(1, reads.get());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(1, watch.currentRevision());
        assertEquals(1, watch.currentRevision());
        assertEquals(2, reads.get());
    }

    @Test
    void currentRevisionWhenSavedThroughThisNodeOrRefusedAsStaleThenReadAgainAtOnce() {
        assertEquals(0, watch.currentRevision());
        assertEquals(1, watch.save("{}", 0));
        assertEquals(1, watch.currentRevision(), "this node's own save, without waiting for the interval");
        backing.save("{\"a\":1}", 1);
        assertThrows(StaleRevisionException.class, () -> watch.save("{\"b\":1}", 1));
        assertEquals(2, watch.currentRevision(), "a refused save tells the revision moved");
        assertEquals(3, reads.get());
    }

    @Test
    void currentRevisionWhenTheStoreFailsThenTheCallerSeesItOnceAndTheLastRevisionUntilTheNextInterval() {
        backing.save("{}", 0);
        assertEquals(1, watch.currentRevision());
        clock.advance(Duration.ofSeconds(2));
        down.set(true);

        assertThrows(IllegalStateException.class, watch::currentRevision);
        assertEquals(1, watch.currentRevision(), "the last revision read, not another failing read per request");
        assertEquals(2, reads.get());
        clock.advance(Duration.ofSeconds(2));
        down.set(false);
        assertEquals(1, watch.currentRevision());
        assertEquals(3, reads.get());
    }
}
