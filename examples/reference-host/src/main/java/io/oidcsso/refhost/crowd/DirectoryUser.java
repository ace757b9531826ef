package io.oidcsso.refhost.crowd;

import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** An immutable snapshot of one directory user, as CrowdService hands it out. */
public final class DirectoryUser implements UserWithAttributes {
    static final long DIRECTORY_ID = 1L;

    private final String name;
    private final String displayName;
    private final String email;
    private final boolean active;
    private final Map<String, List<String>> attributes;

    DirectoryUser(DirectoryData.UserRecord record) {
        this.name = record.name;
        this.displayName = record.displayName;
        this.email = record.email;
        this.active = record.active;
        TreeMap<String, List<String>> copy = new TreeMap<>();
        record.attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.attributes = copy;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public long getDirectoryId() {
        return DIRECTORY_ID;
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
    public Set<String> getValues(String key) {
        List<String> values = attributes.get(key);
        return values == null ? null : new LinkedHashSet<>(values);
    }

    @Override
    public String getValue(String key) {
        List<String> values = attributes.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Set<String> getKeys() {
        return Set.copyOf(attributes.keySet());
    }

    @Override
    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    @Override
    public int compareTo(User other) {
        return name.compareToIgnoreCase(other.getName());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof User user
                && user.getDirectoryId() == DIRECTORY_ID
                && name.equalsIgnoreCase(user.getName());
    }

    @Override
    public int hashCode() {
        return name.toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        return "DirectoryUser[" + name + "]";
    }
}
