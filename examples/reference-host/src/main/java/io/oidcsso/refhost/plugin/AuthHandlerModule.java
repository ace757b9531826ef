package io.oidcsso.refhost.plugin;

import com.atlassian.bitbucket.auth.HttpAuthenticationHandler;

/** A started {@code http-auth-handler} module of plugin {@code pluginKey}, called with {@code classLoader} as context loader. */
record AuthHandlerModule(String pluginKey, AuthHandlerDescriptor descriptor, HttpAuthenticationHandler handler,
        ClassLoader classLoader) {}
