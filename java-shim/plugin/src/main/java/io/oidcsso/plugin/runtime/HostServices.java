package io.oidcsso.plugin.runtime;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.auth.AuthenticationController;
import com.atlassian.sal.api.auth.AuthenticationListener;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import java.util.Objects;

/**
 * The host services the plugin uses, the one Java list of them: a bean of the plugin's Spring context
 * built from the services it imports with {@code osgi:reference} (oidc-sso-context.xml), given to
 * {@code OidcSso}. Adding a service means adding it here and importing it in the XML.
 */
public record HostServices(
        PluginSettingsFactory pluginSettingsFactory,
        UserManager userManager,
        ApplicationProperties applicationProperties,
        WebSudoManager webSudoManager,
        XsrfTokenValidator xsrfTokenValidator,
        CrowdService crowdService,
        ClusterLockService clusterLockService,
        AuthenticationController authenticationController,
        AuthenticationListener authenticationListener) {
    public HostServices {
        Objects.requireNonNull(pluginSettingsFactory, "pluginSettingsFactory");
        Objects.requireNonNull(userManager, "userManager");
        Objects.requireNonNull(applicationProperties, "applicationProperties");
        Objects.requireNonNull(webSudoManager, "webSudoManager");
        Objects.requireNonNull(xsrfTokenValidator, "xsrfTokenValidator");
        Objects.requireNonNull(crowdService, "crowdService");
        Objects.requireNonNull(clusterLockService, "clusterLockService");
        Objects.requireNonNull(authenticationController, "authenticationController");
        Objects.requireNonNull(authenticationListener, "authenticationListener");
    }
}
