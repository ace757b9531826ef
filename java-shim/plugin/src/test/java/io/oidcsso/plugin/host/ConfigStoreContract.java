package io.oidcsso.plugin.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract every {@link ConfigStore} implementation must meet. */
public abstract class ConfigStoreContract {
    protected abstract ConfigStore create();

    @Test
    public void loadWhenNothingSavedThenEmptyAndRevisionZero() {
        ConfigStore store = create();
        assertEquals(Optional.empty(), store.load());
        assertEquals(0, store.currentRevision());
    }

    @Test
    public void saveWhenRevisionCurrentThenStoredWithNextRevision() {
        ConfigStore store = create();
        assertEquals(1, store.save("{\"a\":1}", 0));
        assertEquals(2, store.save("{\"a\":2}", 1));
        assertEquals(Optional.of(new StoredConfig("{\"a\":2}", 2)), store.load());
        assertEquals(2, store.currentRevision());
    }

    @Test
    public void saveWhenWriterIsStaleThenRejectedAndDocumentKept() {
        ConfigStore store = create();
        store.save("{\"v\":\"first\"}", 0);
        store.save("{\"v\":\"second\"}", 1);
        StaleRevisionException stale = assertThrows(StaleRevisionException.class, () -> store.save("{\"v\":\"lost\"}", 1));
        assertEquals(1, stale.expected());
        assertEquals(2, stale.actual());
        assertEquals("{\"v\":\"second\"}", store.load().orElseThrow().json());
    }

    @Test
    public void saveWhen250000CharacterDocumentThenRoundTrips() {
        ConfigStore store = create();
        String document = largeDocument(250_000);
        long revision = store.save(document, 0);
        StoredConfig loaded = store.load().orElseThrow();
        assertEquals(revision, loaded.revision());
        assertEquals(document, loaded.json());
    }

    @Test
    public void saveWhenLargeDocumentReplacedBySmallOneThenSmallOneLoaded() {
        ConfigStore store = create();
        store.save(largeDocument(250_000), 0);
        store.save("{\"small\":true}", 1);
        assertEquals("{\"small\":true}", store.load().orElseThrow().json());
    }

    /** Varied content (not one repeated char) with non-ASCII and a surrogate pair at chunk-sized strides. */
    protected static String largeDocument(int length) {
        StringBuilder out = new StringBuilder(length + 16).append("{\"blob\":\"");
        int i = 0;
        while (out.length() < length - 2) {
            if (i % 89_999 == 89_998) {
                out.append("\uD83D\uDE00");
            } else {
                out.append((char) ('a' + (i % 26))).append(i % 1000 == 0 ? "é" : "");
            }
            i++;
        }
        return out.append("\"}").toString();
    }
}
