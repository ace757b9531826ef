package io.oidcsso.plugin.host;

import java.util.Objects;

/** A user as the directory holds it. */
public record DirectoryUser(String username, String displayName, String email, boolean active) {
    public DirectoryUser {
        Objects.requireNonNull(username, "username");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
    }
}
