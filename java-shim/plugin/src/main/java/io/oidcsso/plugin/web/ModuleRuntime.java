package io.oidcsso.plugin.web;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import io.oidcsso.plugin.engine.NativeEngineFactory;
import io.oidcsso.plugin.runtime.HostServices;
import io.oidcsso.plugin.runtime.RuntimeFactory;
import io.oidcsso.plugin.runtime.RuntimeLease;
import io.oidcsso.plugin.runtime.SharedRuntime;

/** The lease every module constructor takes on the one runtime of this class loader. */
final class ModuleRuntime {
    private ModuleRuntime() {}

    static RuntimeLease lease(PluginSettingsFactory pluginSettingsFactory, UserManager userManager,
            ApplicationProperties applicationProperties, WebSudoManager webSudoManager,
            XsrfTokenValidator xsrfTokenValidator, CrowdService crowdService, ClusterLockService clusterLockService) {
        HostServices services = new HostServices(pluginSettingsFactory, userManager, applicationProperties,
                webSudoManager, xsrfTokenValidator, crowdService, clusterLockService);
        return SharedRuntime.PER_CLASS_LOADER.lease(() -> RuntimeFactory.create(services, new NativeEngineFactory()));
    }
}
