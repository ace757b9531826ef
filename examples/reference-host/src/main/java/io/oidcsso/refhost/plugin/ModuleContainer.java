package io.oidcsso.refhost.plugin;

/**
 * Creates a plugin's module objects, as atlassian-plugins' ContainerAccessor does for
 * ClassPrefixModuleFactory: through the plugin's Spring context, or not at all for a plugin that
 * has none.
 */
interface ModuleContainer {
    <T> T createBean(Class<T> type);

    /** A plugin without a container: every module creation fails as OsgiPluginUtil's accessor does. */
    static ModuleContainer none(String pluginKey) {
        return new ModuleContainer() {
            @Override
            public <T> T createBean(Class<T> type) {
                throw new UnsupportedOperationException(String.format("Plugin '%s' has no container", pluginKey));
            }
        };
    }
}
