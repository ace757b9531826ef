package io.oidcsso.refhost.web;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Everything no other servlet serves. */
public final class NotFoundServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Html.page(response, 404, "Not found", "<p>Nothing here: " + Html.escape(request.getRequestURI()) + "</p>");
    }
}
