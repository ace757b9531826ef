package io.oidcsso.refhost.testplugin;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.atlassian.sal.api.user.UserManager;
import java.io.IOException;
import java.io.Serializable;
import java.security.Principal;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * Test plugin, at /plugins/servlet/bind?user=NAME[&foreign=true][&rotate=true]: binds the session
 * the way an SSO plugin does, with the principal from SAL resolve, or (foreign=true) with a
 * principal type of its own that the host must refuse; rotate=true changes the session id first.
 */
@UnrestrictedAccess
public class BindServlet extends HttpServlet {
    private final transient UserManager users;

    public BindServlet(UserManager users) {
        this.users = users;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("user");
        Principal principal = Boolean.parseBoolean(request.getParameter("foreign")) ? new OwnPrincipal(name) : users.resolve(name);
        if (principal == null) {
            response.sendError(404, "no such user");
            return;
        }
        HttpSession session = request.getSession(true);
        if (Boolean.parseBoolean(request.getParameter("rotate"))) {
            request.changeSessionId();
        }
        session.setAttribute("seraph_defaultauthenticator_user", principal);
        session.setAttribute("seraph_defaultauthenticator_user_id", principal.getName());
        session.removeAttribute("seraph_defaultauthenticator_logged_out_user");
        response.setContentType("text/plain");
        response.getWriter().print("bound " + principal.getClass().getName());
    }

    private static final class OwnPrincipal implements Principal, Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;

        OwnPrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
