package io.oidcsso.plugin.web;

import io.oidcsso.plugin.admin.UnreadBody;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The HTTP methods a plugin servlet answers. Anything else is 405 with an {@code Allow} header,
 * written here: HttpServlet would echo a TRACE request (its cookies included), answer OPTIONS, run
 * {@code doGet} for HEAD (a prefetcher must not use up a callback) and answer an unknown method
 * with 501, a server error for what is the client's mistake.
 */
final class AllowedMethods {
    static final Set<String> GET_POST = Set.of("GET", "POST");
    static final Set<String> GET = Set.of("GET");
    static final Set<String> POST = Set.of("POST");

    private AllowedMethods() {}

    /** True (and the 405 written) when {@code request}'s method is not in {@code allowed}. */
    static boolean refused(HttpServletRequest request, HttpServletResponse response, Set<String> allowed)
            throws IOException {
        if (allowed.contains(request.getMethod())) {
            return false;
        }
        refuse(request, response, allowed);
        return true;
    }

    /**
     * Writes the plain-text 405 with the {@code Allow} header, after settling the body nobody will read
     * ({@link UnreadBody}: the answer is flushed, so the connection must be left usable or said closed first).
     */
    static void refuse(HttpServletRequest request, HttpServletResponse response, Set<String> allowed)
            throws IOException {
        UnreadBody.settle(request, response);
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        response.setHeader("Allow", String.join(", ", new java.util.TreeSet<>(allowed)));
        response.setHeader("Cache-Control", BackchannelLogoutHandler.CACHE_CONTROL);
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print("Method not allowed\n");
        out.flush();
    }
}
