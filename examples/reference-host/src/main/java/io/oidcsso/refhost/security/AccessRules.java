package io.oidcsso.refhost.security;

/**
 * Which host paths need a logged-in user, like a product's seraph-config paths: pages under
 * {@code /secure} send anonymous browsers to the login page; REST resources under
 * {@code /rest} answer 401 (never a redirect), except {@code /rest/whoami}, which reports
 * anonymous sessions as such.
 */
public final class AccessRules {
    public static final String WHOAMI_PATH = "/rest/whoami";

    public enum Need { NONE, LOGIN_PAGE, REST_401 }

    private AccessRules() {}

    public static Need forAnonymous(String path) {
        // Confluence's websudo page needs a login like the pages under /secure.
        if (RequestPaths.isUnder(path, "/secure") || path.equals("/authenticate.action")) {
            return Need.LOGIN_PAGE;
        }
        if (RequestPaths.isUnder(path, "/rest") && !path.equals(WHOAMI_PATH)) {
            return Need.REST_401;
        }
        return Need.NONE;
    }
}
