package io.oidcsso.refhost.security;

import javax.servlet.http.HttpServletRequest;

/** The decoded, normalised path of a request inside the web application. */
public final class RequestPaths {
    private RequestPaths() {}

    public static String of(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    /** Path plus query string, as sent, for {@code os_destination}. */
    public static String withQuery(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        return query == null ? uri : uri + "?" + query;
    }

    public static boolean isUnder(String path, String folder) {
        return path.equals(folder) || path.startsWith(folder + "/");
    }
}
