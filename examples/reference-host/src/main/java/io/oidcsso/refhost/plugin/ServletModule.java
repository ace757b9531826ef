package io.oidcsso.refhost.plugin;

import javax.servlet.Servlet;

/** A started servlet module of plugin {@code pluginKey}, called with {@code classLoader} as context loader. */
record ServletModule(String pluginKey, ServletModuleDescriptor descriptor, Servlet servlet, boolean unrestricted,
        ClassLoader classLoader) {}
