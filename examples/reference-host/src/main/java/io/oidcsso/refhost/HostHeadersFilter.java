package io.oidcsso.refhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * First in the chain, like a product's encoding filter: UTF-8 request bodies, and a header
 * naming the node that served the response (useful behind a load balancer). TRACE is refused
 * with 405 on the host's own pages, as Tomcat does by default ({@code allowTrace="false"}):
 * HttpServlet would echo the request, cookies included. Plugin servlets answer for themselves.
 */
final class HostHeadersFilter implements Filter {
    static final String NODE_HEADER = "X-Reference-Host-Node";
    /** The servlet path of the plugin servlet dispatcher ({@code /plugins/servlet/*}). */
    private static final String PLUGIN_SERVLETS = "/plugins/servlet";

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
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        httpResponse.setHeader(NODE_HEADER, nodeId);
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        if ("TRACE".equals(httpRequest.getMethod()) && !PLUGIN_SERVLETS.equals(httpRequest.getServletPath())) {
            httpResponse.setHeader("Allow", "GET, HEAD, POST");
            httpResponse.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        chain.doFilter(request, response);
    }
}
