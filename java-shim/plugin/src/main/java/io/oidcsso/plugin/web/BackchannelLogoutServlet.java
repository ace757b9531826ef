package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.atlassian.beehive.ClusterLockService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import io.oidcsso.plugin.runtime.PluginRuntime;
import io.oidcsso.plugin.runtime.RuntimeLease;
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc/backchannel-logout} (served at
 * {@code /plugins/servlet/oidc/backchannel-logout}): the IdP's server-to-server logout call. Open to
 * anonymous callers (the IdP has no session); the logout token is the credential.
 */
@UnrestrictedAccess
public final class BackchannelLogoutServlet extends LeasedServlet<BackchannelLogoutHandler> {
    private static final long serialVersionUID = 1L;

    /** Created by the host, which injects its services. */
    public BackchannelLogoutServlet(PluginSettingsFactory pluginSettingsFactory, UserManager userManager,
            ApplicationProperties applicationProperties, WebSudoManager webSudoManager,
            XsrfTokenValidator xsrfTokenValidator, CrowdService crowdService, ClusterLockService clusterLockService) {
        this(ModuleRuntime.lease(pluginSettingsFactory, userManager, applicationProperties, webSudoManager,
                xsrfTokenValidator, crowdService, clusterLockService));
    }

    BackchannelLogoutServlet(RuntimeLease lease) {
        super(lease);
    }

    @Override
    BackchannelLogoutHandler handlerFor(PluginRuntime runtime) {
        return new BackchannelLogoutHandler(runtime);
    }

    @Override
    java.util.Set<String> allowedMethods() {
        return AllowedMethods.POST;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BackchannelLogoutHandler current = handler();
        if (current == null) {
            BackchannelLogoutHandler.writeError(response, "sso_disabled", ReferenceIds.next());
            return;
        }
        current.handle(request, response);
    }
}
