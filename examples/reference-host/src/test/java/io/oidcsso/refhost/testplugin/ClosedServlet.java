package io.oidcsso.refhost.testplugin;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Test plugin: a servlet without @UnrestrictedAccess. */
public class ClosedServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("closed servlet for " + request.getRemoteUser());
    }
}
