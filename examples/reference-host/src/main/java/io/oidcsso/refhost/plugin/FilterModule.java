package io.oidcsso.refhost.plugin;

import javax.servlet.Filter;

/** A started servlet-filter module of plugin {@code pluginKey}, called with {@code classLoader} as context loader. */
record FilterModule(String pluginKey, FilterModuleDescriptor descriptor, Filter filter, boolean unrestricted,
        ClassLoader classLoader) {}
