package io.oidcsso.refhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

/**
 * First in the chain, like a product's encoding filter: UTF-8 request bodies, and a header
 * naming the node that served the response (useful behind a load balancer).
 */
final class HostHeadersFilter implements Filter {
    static final String NODE_HEADER = "X-Reference-Host-Node";

    private final String nodeId;

    HostHeadersFilter(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        }
        ((HttpServletResponse) response).setHeader(NODE_HEADER, nodeId);
        chain.doFilter(request, response);
    }
}
