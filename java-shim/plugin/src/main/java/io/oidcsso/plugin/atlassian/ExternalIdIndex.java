package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * (iss, sub) hash -> the account, in PluginSettings: Crowd's embedded API cannot search by attribute, so
 * this index finds the user; the user attribute confirms the link. An entry names the account by its stable
 * user key ({@link #KEY_PREFIX}): a rename keeps the key, so the index still finds the renamed account, and a
 * new account under the old name has another key. Entries written before keys ({@link #PREFIX}) name the
 * account by username; they are read still, and rewritten by key once found.
 */
final class ExternalIdIndex {
    /** hash -> username (before user keys). */
    static final String PREFIX = "io.oidcsso.xid.";
    /** hash -> SAL user key. */
    static final String KEY_PREFIX = "io.oidcsso.xidk.";

    /** Where the index points: exactly one of the two is set. */
    record Target(String userKey, String username) {}

    private final PluginSettingsFactory settingsFactory;

    ExternalIdIndex(PluginSettingsFactory settingsFactory) {
        this.settingsFactory = Objects.requireNonNull(settingsFactory, "settingsFactory");
    }

    Optional<Target> lookup(String externalIdHash) {
        PluginSettings settings = settingsFactory.createGlobalSettings();
        Optional<String> key = text(settings.get(KEY_PREFIX + externalIdHash));
        if (key.isPresent()) {
            return Optional.of(new Target(key.get(), null));
        }
        return text(settings.get(PREFIX + externalIdHash)).map(name -> new Target(null, name));
    }

    /** Points the hash at the account with {@code userKey}, replacing an entry by username. */
    void putKey(String externalIdHash, String userKey) {
        PluginSettings settings = settingsFactory.createGlobalSettings();
        settings.put(KEY_PREFIX + externalIdHash, userKey);
        if (settings.get(PREFIX + externalIdHash) != null) {
            settings.remove(PREFIX + externalIdHash);
        }
    }

    /** Only for an account the product gives no key (its SAL profile is missing). */
    void putName(String externalIdHash, String username) {
        settingsFactory.createGlobalSettings().put(PREFIX + externalIdHash, username);
    }

    void remove(String externalIdHash) {
        PluginSettings settings = settingsFactory.createGlobalSettings();
        settings.remove(KEY_PREFIX + externalIdHash);
        settings.remove(PREFIX + externalIdHash);
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }
}
