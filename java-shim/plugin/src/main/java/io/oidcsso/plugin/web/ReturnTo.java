package io.oidcsso.plugin.web;

/**
 * Where to go after login: a context-relative path on this site only. Absolute URLs are accepted
 * only under the canonical base URL (and cut back to the path); everything else is dropped, so the
 * login can never become an open redirect.
 */
public final class ReturnTo {
    private static final int MAX_LENGTH = 2_048;

    private ReturnTo() {}

    /** The safe context-relative path, or null when {@code candidate} is absent or unsafe. */
    public static String sanitize(String candidate, String baseUrl) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return null;
        }
        String path = candidate;
        if (baseUrl != null && path.startsWith(baseUrl + "/")) {
            path = path.substring(baseUrl.length());
        }
        if (!path.startsWith("/") || path.startsWith("//") || path.indexOf('\\') >= 0) {
            return null;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                return null;
            }
        }
        return path;
    }
}
