package io.oidcsso.plugin.host;

import java.util.Objects;

/**
 * What {@link UserDirectory#createLinked} did: {@code createdNow} is false when a concurrent first
 * login of the same identity created and linked the user first.
 */
public record CreatedUser(DirectoryUser user, boolean createdNow) {
    public CreatedUser {
        Objects.requireNonNull(user, "user");
    }
}
