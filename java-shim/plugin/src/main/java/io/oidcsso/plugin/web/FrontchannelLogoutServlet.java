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
 * The {@code servlet} module at {@code /oidc/frontchannel-logout} (served at
 * {@code /plugins/servlet/oidc/frontchannel-logout}): the IdP logout page's iframe. Open to
 * anonymous callers: the cross-site iframe carries no product cookie.
 */
@UnrestrictedAccess
public final class FrontchannelLogoutServlet extends LeasedServlet<FrontchannelLogoutHandler> {
    private static final long serialVersionUID = 1L;

    /** Created by the host, which injects its services. */
    public FrontchannelLogoutServlet(PluginSettingsFactory pluginSettingsFactory, UserManager userManager,
            ApplicationProperties applicationProperties, WebSudoManager webSudoManager,
            XsrfTokenValidator xsrfTokenValidator, CrowdService crowdService, ClusterLockService clusterLockService) {
        this(ModuleRuntime.lease(pluginSettingsFactory, userManager, applicationProperties, webSudoManager,
                xsrfTokenValidator, crowdService, clusterLockService));
    }

    FrontchannelLogoutServlet(RuntimeLease lease) {
        super(lease);
    }

    @Override
    FrontchannelLogoutHandler handlerFor(PluginRuntime runtime) {
        return new FrontchannelLogoutHandler(runtime);
    }

    @Override
    java.util.Set<String> allowedMethods() {
        return AllowedMethods.GET;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FrontchannelLogoutHandler current = handler();
        if (current == null) {
            BackchannelLogoutHandler.writeError(response, "sso_disabled", ReferenceIds.next());
            return;
        }
        current.handle(request, response);
    }
}
