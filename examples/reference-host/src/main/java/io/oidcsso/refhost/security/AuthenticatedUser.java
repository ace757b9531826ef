package io.oidcsso.refhost.security;

import io.oidcsso.refhost.crowd.DirectoryUser;

/** The user a request runs as: the directory entry and the host principal for it. */
public record AuthenticatedUser(DirectoryUser user, HostPrincipal principal) {
    public String name() {
        return user.getName();
    }
}
