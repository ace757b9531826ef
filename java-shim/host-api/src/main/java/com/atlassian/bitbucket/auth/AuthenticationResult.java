package com.atlassian.bitbucket.auth;

import com.atlassian.bitbucket.user.ApplicationUser;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stub of bitbucket-spi's {@code AuthenticationResult} ([JAVADOC] 7.6.0, 9.3.0, 9.4.0: a class, since 5.5;
 * {@code getUser()}, {@code getProperties()}; the nested {@code Builder(ApplicationUser)} with {@code build()}
 * and {@code property(String, Serializable)}). How the real class is constructed besides the builder is not
 * known; the stub's private constructor is a stand-in.
 */
public class AuthenticationResult {
    private final ApplicationUser user;
    private final Map<String, Serializable> properties;

    private AuthenticationResult(Builder builder) {
        this.user = builder.user;
        this.properties = Map.copyOf(builder.properties);
    }

    public ApplicationUser getUser() {
        return user;
    }

    public Map<String, Serializable> getProperties() {
        return properties;
    }

    public static class Builder {
        private final ApplicationUser user;
        private final Map<String, Serializable> properties = new LinkedHashMap<>();

        public Builder(ApplicationUser user) {
            this.user = Objects.requireNonNull(user, "user");
        }

        public Builder property(String key, Serializable value) {
            properties.put(key, value);
            return this;
        }

        public AuthenticationResult build() {
            return new AuthenticationResult(this);
        }
    }
}
