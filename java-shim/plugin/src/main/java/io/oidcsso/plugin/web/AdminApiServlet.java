package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.admin.AdminApi;
import io.oidcsso.plugin.admin.UnreadBody;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/admin/api/*} (served under {@code /plugins/servlet}):
 * the admin REST API ({@link AdminApi}, docs/admin-api.openapi.yaml). Unrestricted for the
 * products' own annotation checks because {@link AdminApi} applies the rules itself, the same for
 * every endpoint (system administrator, websudo, XSRF header, body size), and answers JSON where
 * the products would answer a login page.
 */
@UnrestrictedAccess
public final class AdminApiServlet extends LeasedServlet<OidcSso> {
    private static final long serialVersionUID = 1L;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

    /** Created by the plugin's Spring context (autowired by constructor). */
    public AdminApiServlet(OidcSso sso) {
        super(sso);
    }

    @Override
    Set<String> allowedMethods() {
        return METHODS;
    }

    /** JSON, like every other answer of the API, rather than the plain-text 405 of the other servlets. */
    @Override
    void refuseMethod(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AdminApi.refuseMethod(endpoint(request), request, response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response);
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OidcSso sso = handler();
        if (sso == null) {
            UnreadBody.settle(request, response);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType("application/json; charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            PrintWriter out = response.getWriter();
            out.print("{\"error\":\"unavailable\",\"message\":\"the plugin is stopping\"}");
            out.flush();
            return;
        }
        sso.adminApi().handle(endpoint(request), request, response);
    }

    /** The path after {@code .../admin/api/}; context-relative, since hosts fill getPathInfo differently. */
    static String endpoint(HttpServletRequest request) {
        String path = LoginRequestPolicy.pathOf(request);
        String prefix = AdminApi.PATH + "/";
        return path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    }
}
