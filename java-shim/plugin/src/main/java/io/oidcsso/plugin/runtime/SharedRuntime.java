package io.oidcsso.plugin.runtime;

import java.util.Objects;
import javax.servlet.ServletException;

/**
 * One runtime shared by all modules of the plugin, created by the first module's init and closed
 * when the last module is destroyed. {@link #PER_CLASS_LOADER} is a static, so a plugin upgrade
 * (a new class loader) gets its own.
 */
public final class SharedRuntime {
    public static final SharedRuntime PER_CLASS_LOADER = new SharedRuntime();

    /** Builds the runtime; may fail (for example, an invalid configuration to import). */
    @FunctionalInterface
    public interface Factory {
        PluginRuntime create() throws ServletException;
    }

    private PluginRuntime runtime;
    private int holders;

    public RuntimeLease lease(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        return new RuntimeLease() {
            private boolean held;

            @Override
            public PluginRuntime acquire() throws ServletException {
                synchronized (SharedRuntime.this) {
                    if (held) {
                        return runtime;
                    }
                    if (runtime == null) {
                        runtime = factory.create();
                    }
                    holders++;
                    held = true;
                    return runtime;
                }
            }

            @Override
            public void release() {
                synchronized (SharedRuntime.this) {
                    if (!held) {
                        return;
                    }
                    held = false;
                    holders--;
                    if (holders == 0) {
                        PluginRuntime last = runtime;
                        runtime = null;
                        last.close();
                    }
                }
            }
        };
    }

    /** How many modules hold the runtime now (for tests and diagnostics). */
    public synchronized int holders() {
        return holders;
    }
}
