package com.atlassian.sal.api.user;

import java.io.Serializable;

/**
 * Stub of SAL's UserKey (sal-api 5.1.4, [DECL]: a final Serializable class). Only the
 * constructor and {@link #getStringValue()} are part of the stub's contract; the method bodies
 * are stand-ins for tests and the reference host, never packaged into the plugin.
 */
public final class UserKey implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String userKey;

    public UserKey(String userKey) {
        if (userKey == null) {
            throw new IllegalArgumentException("userKey must not be null");
        }
        this.userKey = userKey;
    }

    public String getStringValue() {
        return userKey;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserKey && ((UserKey) other).userKey.equals(userKey);
    }

    @Override
    public int hashCode() {
        return userKey.hashCode();
    }

    @Override
    public String toString() {
        return userKey;
    }
}
