package io.oidcsso.plugin.runtime;

import javax.servlet.ServletException;

/** A module's claim on the shared runtime: acquire in init, release in destroy. */
public interface RuntimeLease {
    PluginRuntime acquire() throws ServletException;

    void release();
}
