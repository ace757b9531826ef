package io.oidcsso.plugin.web;

import io.oidcsso.plugin.runtime.PluginRuntime;
import io.oidcsso.plugin.runtime.RuntimeLease;

/** A lease on a runtime the test built; counts releases. */
final class FixedLease implements RuntimeLease {
    private final PluginRuntime runtime;
    int releases;

    FixedLease(PluginRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public PluginRuntime acquire() {
        return runtime;
    }

    @Override
    public void release() {
        releases++;
    }
}
