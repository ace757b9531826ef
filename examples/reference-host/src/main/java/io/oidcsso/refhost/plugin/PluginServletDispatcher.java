package io.oidcsso.refhost.plugin;

import io.oidcsso.refhost.web.Html;
import java.io.IOException;
import java.util.Optional;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves {@code /plugins/servlet/*}: finds the plugin servlet whose url pattern matches the
 * rest of the path and calls it with servlet path and path info split as the plugin framework
 * does (pattern {@code /oidc/*}, request {@code /plugins/servlet/oidc/callback}: servlet path
 * {@code /plugins/servlet/oidc}, path info {@code /callback}).
 */
public final class PluginServletDispatcher extends HttpServlet {
    private final transient PluginManager plugins;
    private final transient ModuleAccess access;

    public PluginServletDispatcher(PluginManager plugins, ModuleAccess access) {
        this.plugins = plugins;
        this.access = access;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        Optional<ServletMatch> match = plugins.servletFor(path);
        if (match.isEmpty()) {
            Html.page(response, 404, "Not found", "<p>No plugin servlet serves " + Html.escape(path) + ".</p>");
            return;
        }
        ServletMatch m = match.get();
        if (!access.admit(m.module().descriptor().key(), m.module().unrestricted(), request, response)) {
            return;
        }
        HttpServletRequest wrapped = new PathRequest(request, m.servletPath(), m.pathInfo());
        PluginCalls.run(m.module().classLoader(), () -> m.module().servlet().service(wrapped, response));
    }

    private static final class PathRequest extends HttpServletRequestWrapper {
        private final String servletPath;
        private final String pathInfo;

        PathRequest(HttpServletRequest request, String servletPath, String pathInfo) {
            super(request);
            this.servletPath = servletPath;
            this.pathInfo = pathInfo;
        }

        @Override
        public String getServletPath() {
            return servletPath;
        }

        @Override
        public String getPathInfo() {
            return pathInfo;
        }
    }
}
