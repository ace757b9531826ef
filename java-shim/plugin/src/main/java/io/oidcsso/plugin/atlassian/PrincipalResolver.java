package io.oidcsso.plugin.atlassian;

import java.security.Principal;

/** Turns a username into the principal object the product's Seraph authenticator keeps in the session. */
public interface PrincipalResolver {
    /** The product's principal for {@code username}, or null when the product has no such user. */
    Principal resolve(String username);
}
