package io.oidcsso.plugin.web;

import io.oidcsso.plugin.runtime.PluginRuntime;
import io.oidcsso.plugin.runtime.RuntimeLease;
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
 * A plugin servlet's lifecycle: it holds a runtime lease from {@code init} to {@code destroy} and
 * hands requests to a handler built once on that runtime. {@link #handler()} is null before
 * {@code init} and after {@code destroy}; the servlet then answers without the runtime.
 */
abstract class LeasedServlet<H> extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient RuntimeLease lease;
    private transient volatile H handler;

    LeasedServlet(RuntimeLease lease) {
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /** The handler for the leased runtime; called once, at {@code init}. */
    abstract H handlerFor(PluginRuntime runtime);

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

    @Override
    public final void init() throws ServletException {
        handler = handlerFor(lease.acquire());
    }

    /** The current handler, or null when the servlet is not (or no longer) in service. */
    final H handler() {
        return handler;
    }

    @Override
    public final void destroy() {
        handler = null;
        lease.release();
    }
}
