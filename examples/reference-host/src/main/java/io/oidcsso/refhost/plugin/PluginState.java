package io.oidcsso.refhost.plugin;

/** A plugin's state, as UPM shows it. */
public enum PluginState {
    ENABLED,
    DISABLED,
    /** Replaced by an "unloadable plugin": it does nothing, and {@link PluginInfo#reason()} says why. */
    UNLOADABLE
}
