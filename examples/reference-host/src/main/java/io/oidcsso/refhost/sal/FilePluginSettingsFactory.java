package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import io.oidcsso.refhost.store.SafeNames;
import java.nio.file.Path;

/** SAL plugin settings persisted under {@code <home>/settings/}: {@code global/} and {@code key-<name>/}. */
public final class FilePluginSettingsFactory implements PluginSettingsFactory {
    private final Path root;

    public FilePluginSettingsFactory(Path home) {
        this.root = home.resolve("settings");
    }

    @Override
    public PluginSettings createSettingsForKey(String key) {
        if (key == null) {
            return createGlobalSettings();
        }
        return new FilePluginSettings(root.resolve("key-" + SafeNames.of(key)));
    }

    @Override
    public PluginSettings createGlobalSettings() {
        return new FilePluginSettings(root.resolve("global"));
    }
}
