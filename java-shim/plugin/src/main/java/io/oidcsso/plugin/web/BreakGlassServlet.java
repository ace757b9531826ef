package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.admin.UnreadBody;
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/break-glass} and {@code /oidc-sso/break-glass/codes}
 * (served under {@code /plugins/servlet}): the break-glass form (anonymous: it is the way in when
 * every other one fails) and the administrators' generation endpoint, which checks system
 * administrator, websudo and XSRF itself ({@link BreakGlassHandler}).
 */
@UnrestrictedAccess
public final class BreakGlassServlet extends LeasedServlet<OidcSso> {
    private static final long serialVersionUID = 1L;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public BreakGlassServlet(OidcSso sso) {
        super(sso);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OidcSso sso = handler();
        if (sso == null || isCodes(request)) {
            notHere(request, response, sso == null);
            return;
        }
        sso.breakGlass().form(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OidcSso sso = handler();
        if (sso == null) {
            notHere(request, response, true);
            return;
        }
        if (isCodes(request)) {
            sso.breakGlass().generate(request, response);
        } else if (BreakGlassHandler.PATH.equals(LoginRequestPolicy.pathOf(request))) {
            sso.breakGlass().use(request, response);
        } else {
            notHere(request, response, false);
        }
    }

    private static boolean isCodes(HttpServletRequest request) {
        // The context-relative path: what a plugin servlet's getPathInfo holds differs between hosts.
        return (BreakGlassHandler.PATH + "/codes").equals(LoginRequestPolicy.pathOf(request));
    }

    private static void notHere(HttpServletRequest request, HttpServletResponse response, boolean stopping)
            throws IOException {
        if (stopping) {
            notInService(request, response);
        } else {
            UnreadBody.settle(request, response);
            response.setHeader("Allow", "POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        }
    }
}
