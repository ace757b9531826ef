package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.atlassian.beehive.ClusterLockService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.runtime.PluginRuntime;
import io.oidcsso.plugin.runtime.RuntimeLease;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc/initiate}: the {@code initiate_login_uri} of OIDC Core 4
 * (third-party-initiated login). {@code iss} must equal an enabled IdP's issuer exactly (else a 400
 * page with {@code unknown_issuer}); {@code target_link_uri} is kept only when same-origin.
 */
@UnrestrictedAccess
public final class OidcInitiateServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient RuntimeLease lease;
    private transient volatile PluginRuntime runtime;
    private transient volatile LoginStarter starter;

    /** Created by the host, which injects its services. */
    public OidcInitiateServlet(PluginSettingsFactory pluginSettingsFactory, UserManager userManager,
            ApplicationProperties applicationProperties, WebSudoManager webSudoManager,
            XsrfTokenValidator xsrfTokenValidator, CrowdService crowdService, ClusterLockService clusterLockService) {
        this(ModuleRuntime.lease(pluginSettingsFactory, userManager, applicationProperties, webSudoManager,
                xsrfTokenValidator, crowdService, clusterLockService));
    }

    OidcInitiateServlet(RuntimeLease lease) {
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    @Override
    public void init() throws ServletException {
        PluginRuntime acquired = lease.acquire();
        starter = new LoginStarter(acquired, OidcLoginFilter.failurePage(acquired));
        runtime = acquired;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        handle(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        handle(request, response);
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        if (request instanceof HttpServletRequest && response instanceof HttpServletResponse
                && AllowedMethods.refused((HttpServletRequest) request, (HttpServletResponse) response,
                        AllowedMethods.GET_POST)) {
            return;
        }
        super.service(request, response);
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        PluginRuntime current = runtime;
        Optional<LoginEngine> engine = current == null ? Optional.empty() : current.activeEngine();
        if (engine.isEmpty()) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        try {
            String issuer = RequestParameters.single(request, "iss");
            String target = RequestParameters.single(request, "target_link_uri");
            // Nothing follows this servlet: "local" or "pass" fall back to the product's login page.
            starter.initiate(request, response, (req, res) -> ((HttpServletResponse) res).sendRedirect(
                    request.getContextPath() + OidcLoginFilter.failurePage(current).loginPath()), engine.get(),
                    issuer, target);
        } catch (MalformedRequestException e) {
            RequestParameters.refuse(request, response, OidcLoginFilter.failurePage(current), e);
        }
    }

    @Override
    public void destroy() {
        runtime = null;
        lease.release();
    }
}
