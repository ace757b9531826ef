package io.oidcsso.plugin.atlassian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.host.StoredConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginSettingsConfigStoreTest {
    private final InMemoryPluginSettings settings = new InMemoryPluginSettings();
    private final PluginSettingsConfigStore store = new PluginSettingsConfigStore(settings, new FakeClusterLockService());

    @Test
    void loadWhenWriterCrashedMidGenerationThenPreviousDocumentRead() {
        store.save("{\"v\":\"old\"}", 0);
        settings.failAfterPuts(2); // two of three chunks of revision 2, no pointer
        assertThrows(IllegalStateException.class, () -> store.save("x".repeat(250_000), 1));
        settings.stopFailing();
        assertEquals(Optional.of(new StoredConfig("{\"v\":\"old\"}", 1)), store.load());
        assertEquals(1, store.currentRevision());
    }

    @Test
    void saveWhenPreviousWriterCrashedAtSameRevisionThenItsLeftoversAreReplaced() {
        store.save("{\"v\":\"old\"}", 0);
        settings.failAfterPuts(2);
        assertThrows(IllegalStateException.class, () -> store.save("y".repeat(250_000), 1));
        settings.stopFailing();
        assertEquals(2, store.save("{\"v\":\"new\"}", 1));
        assertEquals("{\"v\":\"new\"}", store.load().orElseThrow().json());
        assertEquals(null, settings.store().get(PluginSettingsConfigStore.chunkKey(2, 1)));
    }

    @Test
    void loadWhenChunkCorruptedThenRefusedInsteadOfReturningMixedDocument() {
        store.save("{\"v\":\"" + "z".repeat(100_000) + "\"}", 0);
        settings.store().put(PluginSettingsConfigStore.chunkKey(1, 1), "tampered");
        assertThrows(IllegalStateException.class, store::load);
    }

    @Test
    void saveWhenNewRevisionStoredThenOldGenerationRemoved() {
        store.save("a".repeat(200_000), 0);
        store.save("b".repeat(10), 1);
        assertTrue(settings.store().keySet().stream().noneMatch(key -> key.startsWith("io.oidcsso.config.r1.")));
    }

    @Test
    void splitWhenBoundaryFallsInsideSurrogatePairThenPairKeptTogether() {
        String text = "a".repeat(4) + "\uD83D\uDE00" + "b";
        List<String> chunks = ConfigChunks.split(text, 5);
        assertEquals(List.of("aaaa", "\uD83D\uDE00b"), chunks);
        assertEquals(text, String.join("", chunks));
    }
}
