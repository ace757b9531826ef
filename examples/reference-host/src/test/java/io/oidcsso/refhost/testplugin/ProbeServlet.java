package io.oidcsso.refhost.testplugin;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.UrlMode;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import java.io.IOException;
import java.util.List;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Test plugin, served at /plugins/servlet/probe/*: reports its paths, which classes it can see,
 * the canonical base URL, and reads/writes global plugin settings.
 */
@UnrestrictedAccess
public class ProbeServlet extends HttpServlet {
    private final transient PluginSettingsFactory settings;
    private final transient ApplicationProperties properties;

    public ProbeServlet(PluginSettingsFactory settings, ApplicationProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("servletPath=").append(request.getServletPath()).append('\n');
        out.append("pathInfo=").append(request.getPathInfo()).append('\n');
        out.append("baseUrl=").append(properties.getBaseUrl(UrlMode.CANONICAL)).append('\n');
        for (String name : List.of("org.eclipse.jetty.server.Server", "com.google.gson.Gson",
                "io.oidcsso.refhost.ReferenceHost", "javax.servlet.Filter", "com.atlassian.sal.api.user.UserManager",
                "com.atlassian.crowd.embedded.api.CrowdService")) {
            out.append("visible ").append(name).append('=').append(visible(name)).append('\n');
        }
        String key = request.getParameter("setting");
        if (key != null) {
            out.append("setting=").append(settings.createGlobalSettings().get(key)).append('\n');
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(out);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        settings.createGlobalSettings().put(request.getParameter("setting"), request.getParameter("value"));
        response.setStatus(204);
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, ProbeServlet.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
