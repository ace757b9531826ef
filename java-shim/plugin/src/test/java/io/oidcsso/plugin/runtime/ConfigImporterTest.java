package io.oidcsso.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.engine.NativeEngineFactory;
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
    void importWhenSsoEnforcedAndNobodyMayLogInLocallyThenRefusedSayingWhatWouldHappenAndNothingStored() {
        String[] lockouts = {
            "{\"idps\":[{}],\"routing\":{\"enforceSso\":true},\"emergency\":{\"enabled\":false}}",
            "{\"idps\":[{}],\"routing\":{\"enforceSso\":true},\"emergency\":{\"allowedGroups\":[]}}",
            "{\"idps\":[{}],\"routing\":{\"enforceSso\":true},\"emergency\":{\"allowedNetworks\":[]}}",
        };
        String[] pointers = {"/emergency/enabled", "/emergency/allowedGroups", "/emergency/allowedNetworks"};
        for (int i = 0; i < lockouts.length; i++) {
            settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, lockouts[i]);

            ConfigImportException failure = assertThrows(ConfigImportException.class, importer::importIfPresent);

            assertTrue(failure.getMessage().contains("would lock every administrator out; nothing was stored"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains(pointers[i] + ": "), failure.getMessage());
            assertTrue(failure.getMessage().contains("IdP outage"), failure.getMessage());
            assertTrue(store.load().isEmpty());
            assertEquals(lockouts[i], settings.createGlobalSettings().get(ConfigImporter.IMPORT_KEY));
        }
        // Not enforced, or enforced with the defaults: stored.
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY,
                "{\"idps\":[{}],\"routing\":{\"enforceSso\":false},\"emergency\":{\"enabled\":false}}");
        assertTrue(importer.importIfPresent());
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, "{\"idps\":[{}],\"routing\":{\"enforceSso\":true}}");
        assertTrue(importer.importIfPresent());
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
    void importWhenWholeDocumentWrongThenTheCoresProblemListThroughTheRealLibraryNotAProtocolError() {
        // Issue 8 item 7: the core reports these at the pointer "", which the shim used to refuse.
        ConfigImporter withLibrary = new ConfigImporter(settings, new NativeEngineFactory(), store);
        for (String document : java.util.List.of("", "{\"idps\": [", "null", "[]", "{} trailing")) {
            settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, document);

            ConfigImportException failure = assertThrows(ConfigImportException.class, withLibrary::importIfPresent);

            assertEquals("", failure.problems().get(0).pointer(), document);
            assertTrue(failure.getMessage().contains("\n(the document): "), failure.getMessage());
            assertFalse(failure.getMessage().contains("engine_protocol_error"), failure.getMessage());
            assertTrue(store.load().isEmpty());
        }
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
    void importWhenDocumentEqualsTheStoredOneThenNoNewRevisionAndImportKeyRemoved() {
        // Issue 16 item 2: restarting with the same --config file must not make a new revision.
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, "{\"a\":1,\"b\":[true,null]}");
        assertTrue(importer.importIfPresent());
        for (String same : java.util.List.of("{\"a\":1,\"b\":[true,null]}", "{\n  \"b\": [true, null],\n  \"a\": 1\n}\n")) {
            settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, same);

            assertFalse(importer.importIfPresent(), same);

            assertEquals(1, store.load().orElseThrow().revision(), same);
            assertEquals("{\"a\":1,\"b\":[true,null]}", store.load().orElseThrow().json());
            assertNull(settings.createGlobalSettings().get(ConfigImporter.IMPORT_KEY));
        }
    }

    @Test
    void importWhenDocumentDiffersInOneValueThenNextRevision() {
        store.save("{\"a\":1,\"b\":[true,null]}", 0);
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, "{\"a\":1,\"b\":[true,false]}");

        assertTrue(importer.importIfPresent());

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

    @Test
    void importWhenDocumentArrivesInChunksThenStoredWholeAndEveryKeyRemoved() {
        StringBuilder idps = new StringBuilder();
        for (int i = 0; i < 450; i++) {
            idps.append(i == 0 ? "" : ",").append("{\"id\":\"idp-").append(i).append("\",\"issuer\":\"https://idp")
                    .append(i).append(".example.com/realms/some-long-realm-name\",\"clientId\":\"client-")
                    .append(i).append("\",\"displayName\":\"A configured identity provider of a large organisation with many departments\"")
                    .append(",\"clientSecret\":\"secret-of-idp-number-").append(i).append("\"}");
        }
        String document = "{\"schemaVersion\":1,\"idps\":[" + idps + "]}";
        assertTrue(document.length() > 99_000, "length " + document.length());
        var global = settings.createGlobalSettings();
        int count = (document.length() + 89_999) / 90_000;
        for (int i = 0; i < count; i++) {
            global.put(ConfigImporter.chunkKey(i), document.substring(i * 90_000, Math.min(document.length(),
                    (i + 1) * 90_000)));
        }
        global.put(ConfigImporter.IMPORT_KEY, ConfigImporter.CHUNKED_PREFIX + count + ":" + ConfigImporter.sha256(document));

        assertTrue(importer.importIfPresent());

        assertEquals(document, store.load().orElseThrow().json());
        assertNull(global.get(ConfigImporter.IMPORT_KEY));
        assertNull(global.get(ConfigImporter.chunkKey(0)));
        assertNull(global.get(ConfigImporter.chunkKey(count - 1)));
    }

    @Test
    void importWhenChunkMissingOrChecksumWrongThenClearProblemAndNothingStored() {
        var global = settings.createGlobalSettings();
        global.put(ConfigImporter.chunkKey(0), "{\"idps\":");
        global.put(ConfigImporter.IMPORT_KEY, ConfigImporter.CHUNKED_PREFIX + "2:" + ConfigImporter.sha256("x"));
        ConfigImportException missing = assertThrows(ConfigImportException.class, importer::importIfPresent);
        assertTrue(missing.getMessage().contains("chunk 1 of 2"), missing.getMessage());
        global.put(ConfigImporter.chunkKey(1), "[]}");
        ConfigImportException checksum = assertThrows(ConfigImportException.class, importer::importIfPresent);
        assertTrue(checksum.getMessage().contains("do not match the checksum"), checksum.getMessage());
        global.put(ConfigImporter.IMPORT_KEY, ConfigImporter.CHUNKED_PREFIX + "many:x");
        assertThrows(ConfigImportException.class, importer::importIfPresent);
        assertTrue(store.load().isEmpty());
    }
}
