package io.oidcsso.plugin.fakes;

import com.atlassian.crowd.embedded.api.Group;
import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import java.util.Map;
import java.util.Set;

/** An immutable user as the fake Crowd directory returns it. */
public final class FakeCrowdUser implements UserWithAttributes {
    private final long directoryId;
    private final String name;
    private final String displayName;
    private final String email;
    private final boolean active;
    private final Map<String, Set<String>> attributes;

    FakeCrowdUser(long directoryId, String name, String displayName, String email, boolean active,
            Map<String, Set<String>> attributes) {
        this.directoryId = directoryId;
        this.name = name;
        this.displayName = displayName;
        this.email = email;
        this.active = active;
        this.attributes = Map.copyOf(attributes);
    }

    FakeCrowdUser withAttributes(Map<String, Set<String>> newAttributes) {
        return new FakeCrowdUser(directoryId, name, displayName, email, active, newAttributes);
    }

    Map<String, Set<String>> attributes() {
        return attributes;
    }

    @Override public long getDirectoryId() { return directoryId; }
    @Override public boolean isActive() { return active; }
    @Override public String getEmailAddress() { return email; }
    @Override public String getDisplayName() { return displayName; }
    @Override public String getName() { return name; }
    @Override public int compareTo(User other) { return name.compareToIgnoreCase(other.getName()); }
    @Override public Set<String> getValues(String key) { return attributes.get(key); }

    @Override
    public String getValue(String key) {
        Set<String> values = attributes.get(key);
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }

    @Override public Set<String> getKeys() { return attributes.keySet(); }
    @Override public boolean isEmpty() { return attributes.isEmpty(); }

    /** A group of the fake directory. */
    static final class FakeGroup implements Group {
        private final String name;

        FakeGroup(String name) {
            this.name = name;
        }

        @Override public String getName() { return name; }
        @Override public int compareTo(Group other) { return name.compareToIgnoreCase(other.getName()); }
    }
}
