package io.oidcsso.plugin.web;

import io.oidcsso.plugin.admin.UnreadBody;
import java.io.IOException;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A servlet that answers only its own methods; any other is 405 ({@link AllowedMethods}).
 *
 * <p>Not generic on purpose, and {@link LeasedServlet} extends it rather than {@code HttpServlet}:
 * Eclipse Transformer 1.0.0 leaves the servlet type unchanged in the generic signature of a class
 * that has type parameters and a servlet superclass, and the Platform 8 jar must not name
 * {@code javax.servlet} anywhere (plugin-jakarta's JakartaJarIT).
 */
abstract class MethodCheckingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The methods this servlet answers; any other is 405 ({@link AllowedMethods}). */
    Set<String> allowedMethods() {
        return AllowedMethods.GET_POST;
    }

    /**
     * Writes the 405 for a method not in {@link #allowedMethods()}; plain text unless the servlet
     * speaks another format to its clients (the admin API answers JSON).
     */
    void refuseMethod(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AllowedMethods.refuse(request, response, allowedMethods());
    }

    /**
     * The 503 of a servlet not (or no longer) in service, after settling the body nobody will read
     * ({@link UnreadBody}): the request may carry one (a form post, a logout token). Here, not in the
     * generic {@link LeasedServlet}, for the reason above.
     */
    static void notInService(HttpServletRequest request, HttpServletResponse response) throws IOException {
        UnreadBody.settle(request, response);
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    @Override
    public final void service(ServletRequest request, ServletResponse response) throws ServletException,
            IOException {
        if (request instanceof HttpServletRequest && response instanceof HttpServletResponse
                && !allowedMethods().contains(((HttpServletRequest) request).getMethod())) {
            refuseMethod((HttpServletRequest) request, (HttpServletResponse) response);
            return;
        }
        super.service(request, response);
    }
}
