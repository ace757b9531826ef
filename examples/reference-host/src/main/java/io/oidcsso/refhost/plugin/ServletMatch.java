package io.oidcsso.refhost.plugin;

import java.util.List;
import java.util.Optional;

/**
 * Which plugin servlet serves a path under {@code /plugins/servlet}, and how the path splits
 * into servlet path and path info: exact patterns win, then the longest {@code /x/*} prefix,
 * then other wildcard patterns in declaration order.
 */
record ServletMatch(ServletModule module, String servletPath, String pathInfo) {
    static final String ROOT = "/plugins/servlet";

    static Optional<ServletMatch> find(List<ServletModule> modules, String path) {
        ServletMatch best = null;
        int bestRank = -1;
        for (ServletModule module : modules) {
            for (UrlPattern pattern : module.descriptor().urlPatterns()) {
                if (!pattern.matches(path)) {
                    continue;
                }
                int rank = rank(pattern, path);
                if (rank > bestRank) {
                    best = split(module, pattern, path);
                    bestRank = rank;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static int rank(UrlPattern pattern, String path) {
        if (pattern.pattern().equals(path)) {
            return Integer.MAX_VALUE;
        }
        String prefix = pattern.prefix();
        return prefix != null ? 1 + prefix.length() : 0;
    }

    private static ServletMatch split(ServletModule module, UrlPattern pattern, String path) {
        String prefix = pattern.prefix();
        if (prefix != null) {
            String info = path.substring(prefix.length());
            return new ServletMatch(module, ROOT + prefix, info.isEmpty() ? null : info);
        }
        return new ServletMatch(module, ROOT + path, null);
    }
}
