package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import io.oidcsso.refhost.store.AtomicFiles;
import io.oidcsso.refhost.store.SafeNames;
import java.nio.file.Path;

/**
 * One namespace of plugin settings: one file per key under the namespace folder, each replaced
 * atomically, so two host processes over one home never read a torn value. Like SAL, a single
 * put or remove is atomic; anything larger is the caller's business (a cluster lock).
 */
final class FilePluginSettings implements PluginSettings {
    /** SAL rejects keys longer than this on write. */
    static final int MAX_KEY_CHARS = 255;

    private final Path folder;

    FilePluginSettings(Path folder) {
        this.folder = folder;
    }

    @Override
    public Object get(String key) {
        requireKey(key);
        return AtomicFiles.read(file(key)).map(SettingsCodec::decode).orElse(null);
    }

    @Override
    public Object put(String key, Object value) {
        requireKey(key);
        if (key.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("PluginSettings key is " + key.length()
                    + " characters; keys longer than " + MAX_KEY_CHARS + " are not supported");
        }
        if (value == null) {
            return remove(key);
        }
        String encoded = SettingsCodec.encode(key, value);
        Object previous = get(key);
        AtomicFiles.write(file(key), encoded);
        return previous;
    }

    @Override
    public Object remove(String key) {
        requireKey(key);
        Object previous = get(key);
        AtomicFiles.delete(file(key));
        return previous;
    }

    private Path file(String key) {
        return folder.resolve(SafeNames.of(key) + ".json");
    }

    private static void requireKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("PluginSettings key must not be null");
        }
    }
}
