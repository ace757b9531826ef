package io.oidcsso.refhost.plugin;

import java.io.IOException;
import javax.servlet.ServletException;

/** Runs plugin code with the plugin's class loader as the thread context loader, as the plugin framework does. */
final class PluginCalls {
    private PluginCalls() {}

    @FunctionalInterface
    interface Call {
        void run() throws IOException, ServletException;
    }

    static void run(ClassLoader pluginLoader, Call call) throws IOException, ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(pluginLoader);
        try {
            call.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
