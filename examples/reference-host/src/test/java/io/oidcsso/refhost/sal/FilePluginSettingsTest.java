package io.oidcsso.refhost.sal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePluginSettingsTest {
    @TempDir
    Path home;

    private PluginSettings global() {
        return new FilePluginSettingsFactory(home).createGlobalSettings();
    }

    @Test
    void putWhenSupportedTypesThenReadBackByAnotherFactory() {
        PluginSettings settings = global();
        Properties props = new Properties();
        props.setProperty("p", "q");
        settings.put("s", "text");
        settings.put("l", List.of("a", "b"));
        settings.put("m", Map.of("k", "v"));
        settings.put("p", props);
        PluginSettings other = global();
        assertEquals("text", other.get("s"));
        assertEquals(List.of("a", "b"), other.get("l"));
        assertEquals(Map.of("k", "v"), other.get("m"));
        assertEquals(props, other.get("p"));
    }

    @Test
    void putWhenValueReplacedThenPreviousReturned() {
        PluginSettings settings = global();
        assertNull(settings.put("k", "one"));
        assertEquals("one", settings.put("k", "two"));
        assertEquals("two", settings.remove("k"));
        assertNull(settings.get("k"));
    }

    @Test
    void putWhenNullValueThenRemoved() {
        PluginSettings settings = global();
        settings.put("k", "v");
        settings.put("k", null);
        assertNull(settings.get("k"));
    }

    @Test
    void putWhenStringOver99000CharsThenRejected() {
        PluginSettings settings = global();
        settings.put("ok", "x".repeat(99_000));
        assertThrows(IllegalArgumentException.class, () -> settings.put("big", "x".repeat(99_001)));
    }

    @Test
    void putWhenUnsupportedTypeThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> global().put("k", 42));
        assertThrows(IllegalArgumentException.class, () -> global().put("k", List.of(1, 2)));
    }

    @Test
    void putWhenKeyNullOrOver255CharsThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> global().put(null, "v"));
        assertThrows(IllegalArgumentException.class, () -> global().put("k".repeat(256), "v"));
        assertThrows(IllegalArgumentException.class, () -> global().get(null));
    }

    @Test
    void namespacesWhenSameKeyThenSeparate() {
        FilePluginSettingsFactory factory = new FilePluginSettingsFactory(home);
        factory.createSettingsForKey("a").put("k", "in a");
        factory.createGlobalSettings().put("k", "global");
        assertEquals("in a", factory.createSettingsForKey("a").get("k"));
        assertNull(factory.createSettingsForKey("b").get("k"));
        assertEquals("global", factory.createGlobalSettings().get("k"));
    }

    @Test
    void keysWhenUnusualCharactersThenStoredDistinctly() {
        PluginSettings settings = global();
        settings.put("a/b", "slash");
        settings.put("a%2Fb", "escaped");
        settings.put("../x", "dots");
        assertEquals("slash", settings.get("a/b"));
        assertEquals("escaped", settings.get("a%2Fb"));
        assertEquals("dots", settings.get("../x"));
    }
}
