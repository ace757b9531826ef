package io.oidcsso.refhost.security;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/**
 * The reference host's own principal type: what SAL {@code UserManager.resolve} returns and the
 * only type the security filter accepts in {@code seraph_defaultauthenticator_user} (like
 * Jira's ApplicationUser or Confluence's ConfluenceUserPrincipal). Plugins cannot see this
 * class; they obtain instances through SAL.
 */
public final class HostPrincipal implements Principal, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String userKey;

    public HostPrincipal(String name, String userKey) {
        this.name = Objects.requireNonNull(name, "name");
        this.userKey = Objects.requireNonNull(userKey, "userKey");
    }

    @Override
    public String getName() {
        return name;
    }

    public String userKey() {
        return userKey;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostPrincipal p && p.userKey.equals(userKey);
    }

    @Override
    public int hashCode() {
        return userKey.hashCode();
    }

    @Override
    public String toString() {
        return "HostPrincipal[" + name + "]";
    }
}
