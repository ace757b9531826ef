package io.oidcsso.refhost.plugin;

/** A plugin module could not be created or its init threw: the host must not start. */
public final class PluginStartException extends RuntimeException {
    private final String moduleKey;

    public PluginStartException(String moduleKey, String message, Throwable cause) {
        super(message, cause);
        this.moduleKey = moduleKey;
    }

    public String moduleKey() {
        return moduleKey;
    }
}
