package io.oidcsso.plugin.web;

import java.util.Objects;

/**
 * A plugin servlet in service from creation (its collaborators come built from {@link OidcSso}) until
 * {@code destroy}; {@link #handler()} is then null and the servlet answers without it ("not in
 * service"). The runtime itself belongs to {@link OidcSso}, closed with the plugin's Spring context.
 * Only the servlet's own methods are answered; any other is 405 ({@link MethodCheckingServlet}).
 */
abstract class LeasedServlet<H> extends MethodCheckingServlet {
    private static final long serialVersionUID = 1L;

    private transient volatile H handler;

    LeasedServlet(H handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
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
