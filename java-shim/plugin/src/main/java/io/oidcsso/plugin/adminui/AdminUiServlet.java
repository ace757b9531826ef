package io.oidcsso.plugin.adminui;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.admin.UnreadBody;
import io.oidcsso.plugin.runtime.HostAdapters;
import io.oidcsso.plugin.web.OidcSso;
import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/admin} and {@code /oidc-sso/admin/ui/*} (served under
 * {@code /plugins/servlet}): the admin UI ({@link AdminUiHandler}). GET only: anything else is 405,
 * TRACE and OPTIONS included (HttpServlet would echo a TRACE with its cookies). Annotated
 * {@code @UnrestrictedAccess} so that an anonymous browser reaches the handler, which sends it to the
 * product's login page with the way back (Platform 7 would otherwise answer a bare 401); the handler
 * checks system administrator and websudo itself before it shows anything.
 */
@UnrestrictedAccess
public final class AdminUiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient volatile AdminUiHandler handler;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public AdminUiServlet(OidcSso sso) {
        HostAdapters adapters = sso.runtime().adapters();
        this.handler = new AdminUiHandler(adapters.adminGuard(), adapters.hostInfo(), AdminUiAssets.load());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException,
            IOException {
        AdminUiHandler current = handler;
        // Nothing here reads a body (a GET's pages and files, 405, 503): one sent along is settled first.
        UnreadBody.settle(request, response);
        if (!"GET".equals(request.getMethod())) {
            AdminUiHandler.securityHeaders(response);
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            response.setHeader("Allow", "GET");
            plain(response, "Method not allowed\n");
        } else if (current == null) {
            AdminUiHandler.securityHeaders(response);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            plain(response, "The single sign-on plugin is stopping.\n");
        } else {
            current.get(request, response);
        }
    }

    private static void plain(HttpServletResponse response, String text) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print(text);
        out.flush();
    }

    @Override
    public void destroy() {
        handler = null;
    }
}
