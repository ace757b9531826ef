package io.oidcsso.refhost.plugin;

/** The plugin could not be started while the host was told to import a configuration into it: the host must not start. */
public final class PluginStartException extends RuntimeException {
    private final String pluginKey;

    public PluginStartException(String pluginKey, String message, Throwable cause) {
        super(message, cause);
        this.pluginKey = pluginKey;
    }

    public String pluginKey() {
        return pluginKey;
    }
}
