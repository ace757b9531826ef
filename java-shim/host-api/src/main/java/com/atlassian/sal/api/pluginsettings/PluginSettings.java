package com.atlassian.sal.api.pluginsettings;

/**
 * Stub of SAL's PluginSettings (sal-api 5.1.4, [DECL]). Values: String, List, Properties or Map
 * of Strings; a String value should not exceed 99,000 characters; keys up to 100 characters;
 * instances are not thread-safe ([JAVADOC] SAL 3.0.0).
 */
public interface PluginSettings {
    Object get(String key);

    Object put(String key, Object value);

    Object remove(String key);
}
