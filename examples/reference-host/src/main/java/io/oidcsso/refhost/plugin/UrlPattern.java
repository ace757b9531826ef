package io.oidcsso.refhost.plugin;

/**
 * A module's {@code <url-pattern>}, matched the way the plugin framework's path mapper does:
 * {@code *} matches any run of characters (slashes included), {@code ?} one character, and
 * anything else literally. As in the servlet specification, {@code /x/*} also matches {@code /x}.
 */
public record UrlPattern(String pattern) {
    public UrlPattern {
        if (pattern == null || pattern.isBlank()) {
            throw new DescriptorException("empty <url-pattern>");
        }
        pattern = pattern.trim();
        if (!pattern.startsWith("/") && !pattern.startsWith("*")) {
            throw new DescriptorException("<url-pattern> `" + pattern + "` must start with `/` or `*`");
        }
    }

    public boolean matches(String path) {
        if (path == null) {
            return false;
        }
        if (pattern.endsWith("/*") && path.equals(pattern.substring(0, pattern.length() - 2))) {
            return true;
        }
        return glob(pattern, 0, path, 0);
    }

    /** For a pattern ending in {@code /*}: the literal part before it, else null. */
    public String prefix() {
        if (pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1 && pattern.indexOf('?') < 0) {
            return pattern.substring(0, pattern.length() - 2);
        }
        return null;
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = s.length(); k >= si; k--) {
                    if (glob(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
