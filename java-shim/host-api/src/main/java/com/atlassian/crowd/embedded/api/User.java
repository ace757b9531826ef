package com.atlassian.crowd.embedded.api;

import java.security.Principal;

/**
 * Stub of Crowd's embedded User (embedded-crowd-api 5.1.6, [DECL]). Complete member list, because
 * the plugin implements this interface for {@code addUser}/{@code updateUser}.
 */
public interface User extends Comparable<User>, Principal {
    long getDirectoryId();

    boolean isActive();

    String getEmailAddress();

    String getDisplayName();

    @Override
    int compareTo(User user);

    /** The real default body is unknown; the plugin's implementations override it. */
    default boolean isMarkedAsDeleted() {
        return false;
    }
}
