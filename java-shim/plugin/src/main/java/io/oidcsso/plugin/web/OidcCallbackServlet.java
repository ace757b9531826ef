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
 * The {@code servlet} module at {@code /oidc/callback} (served at {@value PluginRuntime#CALLBACK_PATH}):
 * the IdP's redirect back. GET for the query response mode, POST for form_post.
 */
@UnrestrictedAccess
public final class OidcCallbackServlet extends LeasedServlet<CallbackHandler> {
    private static final long serialVersionUID = 1L;

    /** Created by the host, which injects its services. */
    public OidcCallbackServlet(PluginSettingsFactory pluginSettingsFactory, UserManager userManager,
            ApplicationProperties applicationProperties, WebSudoManager webSudoManager,
            XsrfTokenValidator xsrfTokenValidator, CrowdService crowdService, ClusterLockService clusterLockService) {
        this(ModuleRuntime.lease(pluginSettingsFactory, userManager, applicationProperties, webSudoManager,
                xsrfTokenValidator, crowdService, clusterLockService));
    }

    OidcCallbackServlet(RuntimeLease lease) {
        super(lease);
    }

    @Override
    CallbackHandler handlerFor(PluginRuntime runtime) {
        return new CallbackHandler(runtime, OidcLoginFilter.failurePage(runtime));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response);
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CallbackHandler current = handler();
        if (current == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        current.handle(request, response);
    }
}
