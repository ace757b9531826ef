package io.oidcsso.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.fakes.FakeEngineFactory;
import io.oidcsso.plugin.fakes.InMemoryConfigStore;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import org.junit.jupiter.api.Test;

class ConfigImporterTest {
    private final InMemoryPluginSettings settings = new InMemoryPluginSettings();
    private final FakeEngineFactory engines = new FakeEngineFactory();
    private final InMemoryConfigStore store = new InMemoryConfigStore();
    private final ConfigImporter importer = new ConfigImporter(settings, engines, store);

    @Test
    void importWhenDocumentValidThenStoredAndImportKeyRemoved() {
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, "{\"idps\":[{}]}");
        assertTrue(importer.importIfPresent());
        assertEquals("{\"idps\":[{}]}", store.load().orElseThrow().json());
        assertNull(settings.createGlobalSettings().get(ConfigImporter.IMPORT_KEY));
    }

    @Test
    void importWhenDocumentInvalidThenEveryProblemListedAndNothingStored() {
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, "{\"idps\":[{}]}");
        engines.problems.add(new ConfigProblem("/idps/0/issuer", "missing; set the issuer URL"));
        engines.problems.add(new ConfigProblem("/idps/0/clientId", "missing"));

        ConfigImportException failure = assertThrows(ConfigImportException.class, importer::importIfPresent);

        assertTrue(failure.getMessage().contains("/idps/0/issuer: missing; set the issuer URL"));
        assertTrue(failure.getMessage().contains("/idps/0/clientId: missing"));
        assertEquals(2, failure.problems().size());
        assertTrue(store.load().isEmpty());
        assertEquals("{\"idps\":[{}]}", settings.createGlobalSettings().get(ConfigImporter.IMPORT_KEY));
    }

    @Test
    void importWhenNothingPlacedThenNothingHappens() {
        assertFalse(importer.importIfPresent());
        assertTrue(store.load().isEmpty());
    }

    @Test
    void importWhenConfigurationExistsThenReplacedAsNextRevision() {
        store.save("{\"old\":true}", 0);
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, "{\"new\":true}");
        importer.importIfPresent();
        assertEquals(2, store.load().orElseThrow().revision());
    }

    @Test
    void importWhenNativeLibraryUnavailableThenDocumentKeptUnstored() {
        engines.available = false;
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, "{}");
        assertFalse(importer.importIfPresent());
        assertTrue(store.load().isEmpty());
        assertEquals("{}", settings.createGlobalSettings().get(ConfigImporter.IMPORT_KEY));
    }
}
