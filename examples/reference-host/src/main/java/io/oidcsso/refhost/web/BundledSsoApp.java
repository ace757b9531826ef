package io.oidcsso.refhost.web;

import io.oidcsso.refhost.plugin.PluginManager;
import io.oidcsso.refhost.plugin.ServletModuleDescriptor;
import io.oidcsso.refhost.plugin.UrlPattern;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atlassian's SSO app (atlassian-authentication-plugin), which the products bundle: its servlets
 * are registered before any installed plugin, at their real paths (plugin-system-review.md §5,
 * read in version 4.2.26), so that a plugin claiming one of them never gets its requests (exact
 * path: first registered wins). They answer as the app does when SSO is not configured for them:
 * the IdP's redirect to {@code /plugins/servlet/oidc/callback} fails with "Unknown state in response".
 */
public final class BundledSsoApp extends HttpServlet {
    public static final String APP_KEY = "com.atlassian.plugins.authentication.atlassian-authentication-plugin";
    /** The app's servlet paths under {@code /plugins/servlet}. */
    public static final List<String> PATHS = List.of("/oidc/callback", "/oidc/initiate-login", "/samlconsumer",
            "/login", "/external-login", "/sso-logout", "/authentication-config");
    private static final Logger LOG = LoggerFactory.getLogger(BundledSsoApp.class);

    private BundledSsoApp() {}

    public static void register(PluginManager plugins) {
        for (String path : PATHS) {
            String key = "servlet" + path.replace('/', '-');
            plugins.registerBundledServlet(APP_KEY, new ServletModuleDescriptor(key, BundledSsoApp.class.getName(),
                    List.of(new UrlPattern(path)), Map.of()), new BundledSsoApp());
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        LOG.warn("Atlassian SSO app: request to {} while it has no SSO configuration: Unknown state in response", path);
        Html.page(response, 401, "Authentication error",
                "<p id=\"atlassian-sso-error\">Atlassian SSO: Unknown state in response. (served by the bundled"
                        + " authentication app at " + Html.escape(path) + ")</p>");
    }
}
