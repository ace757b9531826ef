package io.oidcsso.refhost.crowd;

import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import java.util.Map;
import java.util.Set;

/** Users as a plugin would build them: its own implementation of the Crowd interfaces. */
public final class TestUsers {
    private TestUsers() {}

    public static UserWithAttributes user(String name, String displayName, String email, boolean active) {
        return user(name, displayName, email, active, Map.of());
    }

    public static UserWithAttributes user(String name, String displayName, String email, boolean active,
            Map<String, Set<String>> attributes) {
        return new UserWithAttributes() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public long getDirectoryId() {
                return -1L;
            }

            @Override
            public boolean isActive() {
                return active;
            }

            @Override
            public String getEmailAddress() {
                return email;
            }

            @Override
            public String getDisplayName() {
                return displayName;
            }

            @Override
            public int compareTo(User other) {
                return name.compareToIgnoreCase(other.getName());
            }

            @Override
            public Set<String> getValues(String key) {
                return attributes.get(key);
            }

            @Override
            public String getValue(String key) {
                Set<String> values = attributes.get(key);
                return values == null || values.isEmpty() ? null : values.iterator().next();
            }

            @Override
            public Set<String> getKeys() {
                return attributes.keySet();
            }

            @Override
            public boolean isEmpty() {
                return attributes.isEmpty();
            }
        };
    }
}
