package io.oidcsso.refhost.web;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Everything no other servlet serves. */
public final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        notFound(request, response);
    }

    /** The 404 page, with the way back (shared by the host's servlets). */
    static void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Html.messagePage(request, response, 404, "Page not found",
                "<p id=\"not-found\">There is nothing at <code>" + Html.escape(request.getRequestURI())
                        + "</code>. The link may be old, or the address mistyped.</p><div class=\"actions\">"
                        + Html.button("home-link", "/", "Go to the home page", true)
                        + Html.button("dashboard-link", "/secure/dashboard", "Your dashboard", false) + "</div>");
    }
}
