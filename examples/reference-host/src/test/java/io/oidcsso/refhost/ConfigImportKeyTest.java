package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import io.oidcsso.refhost.sal.FilePluginSettingsFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigImportKeyTest {
    @TempDir
    Path home;

    @Test
    void storeWhenDocumentFitsOneValueThenStoredAsIs() {
        PluginSettings settings = new FilePluginSettingsFactory(home).createGlobalSettings();
        ConfigImportKey.store(settings, "{\"idps\":[]}");
        assertEquals("{\"idps\":[]}", settings.get(ReferenceHost.IMPORT_KEY));
        assertNull(settings.get(ReferenceHost.IMPORT_KEY + ".c0"));
    }

    @Test
    void storeWhenDocumentLongerThanOneSettingsValueThenChunksAndAChecksummedAnnouncement() {
        PluginSettings settings = new FilePluginSettingsFactory(home).createGlobalSettings();
        // A surrogate pair right at the first chunk's end must not be cut in two.
        String document = "{\"x\":\"" + "a".repeat(ConfigImportKey.CHUNK - 7) + "\uD83D\uDE00" + "b".repeat(150_000)
                + "\"}";
        ConfigImportKey.store(settings, document);
        String announced = (String) settings.get(ReferenceHost.IMPORT_KEY);
        assertEquals("chunked:3:" + ConfigImportKey.sha256(document), announced);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String chunk = (String) settings.get(ReferenceHost.IMPORT_KEY + ".c" + i);
            assertTrue(chunk.length() <= ConfigImportKey.CHUNK);
            joined.append(chunk);
        }
        assertEquals(document, joined.toString());
    }
}
