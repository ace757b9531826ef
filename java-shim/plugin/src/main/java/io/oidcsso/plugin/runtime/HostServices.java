package io.oidcsso.plugin.runtime;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import java.util.Objects;

/** The host services injected into the plugin's module constructors. */
public record HostServices(
        PluginSettingsFactory pluginSettingsFactory,
        UserManager userManager,
        ApplicationProperties applicationProperties,
        WebSudoManager webSudoManager,
        XsrfTokenValidator xsrfTokenValidator,
        CrowdService crowdService,
        ClusterLockService clusterLockService) {
    public HostServices {
        Objects.requireNonNull(pluginSettingsFactory, "pluginSettingsFactory");
        Objects.requireNonNull(userManager, "userManager");
        Objects.requireNonNull(applicationProperties, "applicationProperties");
        Objects.requireNonNull(webSudoManager, "webSudoManager");
        Objects.requireNonNull(xsrfTokenValidator, "xsrfTokenValidator");
        Objects.requireNonNull(crowdService, "crowdService");
        Objects.requireNonNull(clusterLockService, "clusterLockService");
    }
}
