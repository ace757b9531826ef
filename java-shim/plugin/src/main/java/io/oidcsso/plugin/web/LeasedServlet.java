package io.oidcsso.plugin.web;

import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A plugin servlet in service from creation (its collaborators come built from {@link OidcSso}) until
 * {@code destroy}; {@link #handler()} is then null and the servlet answers without it ("not in
 * service"). The runtime itself belongs to {@link OidcSso}, closed with the plugin's Spring context.
 * Only the servlet's own methods are answered; any other is 405 ({@link AllowedMethods}).
 */
abstract class LeasedServlet<H> extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient volatile H handler;

    LeasedServlet(H handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The methods this servlet answers; any other is 405 ({@link AllowedMethods}). */
    Set<String> allowedMethods() {
        return AllowedMethods.GET_POST;
    }

    @Override
    public final void service(ServletRequest request, ServletResponse response) throws ServletException,
            IOException {
        if (request instanceof HttpServletRequest && response instanceof HttpServletResponse
                && AllowedMethods.refused((HttpServletRequest) request, (HttpServletResponse) response,
                        allowedMethods())) {
            return;
        }
        super.service(request, response);
    }

    /** The current handler, or null when the servlet is no longer in service. */
    final H handler() {
        return handler;
    }

    @Override
    public final void destroy() {
        handler = null;
    }
}
