package io.oidcsso.plugin.host;

import java.util.Objects;

/**
 * A user as the directory holds it. {@code key} is the product's stable user key (SAL {@code UserKey}: a
 * rename keeps it, a new account under an old name gets another one; docs/host-api.md, "User keys"), or
 * null for a user not read from the directory (the emergency login binds by name only).
 */
public record DirectoryUser(String username, String displayName, String email, boolean active, String key) {
    public DirectoryUser {
        Objects.requireNonNull(username, "username");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
        if (key != null && key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty (null when not known)");
        }
    }
}
