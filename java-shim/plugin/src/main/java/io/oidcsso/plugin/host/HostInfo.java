package io.oidcsso.plugin.host;

import java.util.Set;

/** Facts about the product the plugin runs in. */
public interface HostInfo {
    /** SAL platform id: {@code jira}, {@code conf}, {@code bitbucket}, {@code bamboo}, {@code refapp}, ... */
    String platformId();

    /** The canonical base URL without a trailing slash; redirect URIs derive from it, never from Host. */
    String baseUrl();

    String nodeId();

    /**
     * The site's name for the login pages' headings (SAL {@code getDisplayName()}); the base URL's
     * host when the product names none.
     */
    default String displayName() {
        return java.net.URI.create(baseUrl()).getHost();
    }

    /** Context-relative paths of the product's login page (e.g. {@code /login.jsp}). */
    Set<String> loginPaths();

    /** Context-relative paths of the product's logout action (e.g. {@code /secure/Logout!default.jspa}). */
    default Set<String> logoutPaths() {
        return Set.of();
    }

    default boolean isSecure() {
        return baseUrl().startsWith("https://");
    }
}
