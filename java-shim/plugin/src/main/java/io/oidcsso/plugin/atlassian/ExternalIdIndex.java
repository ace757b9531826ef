package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * (iss, sub) hash -> username, in PluginSettings: Crowd's embedded API cannot search by attribute,
 * so this index finds the user; the user attribute confirms the link.
 */
final class ExternalIdIndex {
    static final String PREFIX = "io.oidcsso.xid.";

    private final PluginSettingsFactory settingsFactory;

    ExternalIdIndex(PluginSettingsFactory settingsFactory) {
        this.settingsFactory = Objects.requireNonNull(settingsFactory, "settingsFactory");
    }

    Optional<String> lookup(String externalIdHash) {
        Object username = settingsFactory.createGlobalSettings().get(PREFIX + externalIdHash);
        return username instanceof String && !((String) username).isEmpty()
                ? Optional.of((String) username)
                : Optional.empty();
    }

    void put(String externalIdHash, String username) {
        settingsFactory.createGlobalSettings().put(PREFIX + externalIdHash, username);
    }

    void remove(String externalIdHash) {
        settingsFactory.createGlobalSettings().remove(PREFIX + externalIdHash);
    }
}
