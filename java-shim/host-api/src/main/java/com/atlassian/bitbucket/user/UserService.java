package com.atlassian.bitbucket.user;

/**
 * Stub of bitbucket-api's {@code UserService}: only {@code getUserByName(String)} ([USAGE] CF, Bitbucket 9.2.0:
 * returns the {@link ApplicationUser}; null for an unknown name is [inferred] from the javadoc's usual {@code @Nullable} lookups, not read). A host service (the plugin looks it up in the
 * OSGi service registry by this interface's name).
 */
public interface UserService {
    ApplicationUser getUserByName(String name);
}
