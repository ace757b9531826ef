package io.oidcsso.refhost.plugin;

import java.util.List;

/** What the admin endpoint shows of one plugin; {@code configureUrl} is null when it declares none. */
public record PluginInfo(String key, String name, String version, PluginState state, String reason, String kind,
        List<String> modules, String configureUrl) {}
