package com.atlassian.sal.api.pluginsettings;

/** Stub of SAL's PluginSettingsFactory (sal-api 5.1.4, [DECL]). */
public interface PluginSettingsFactory {
    PluginSettings createSettingsForKey(String key);

    PluginSettings createGlobalSettings();
}
