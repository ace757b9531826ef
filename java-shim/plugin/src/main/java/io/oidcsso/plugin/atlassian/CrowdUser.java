package io.oidcsso.plugin.atlassian;

import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The plugin's own value for Crowd's {@code addUser}/{@code updateUser}: implements every member of
 * the embedded API interfaces (the product copies it into its own user template).
 */
final class CrowdUser implements UserWithAttributes {
    /** Crowd picks the directory for a new user; the value here is not used for the choice. */
    static final long NO_DIRECTORY = -1L;

    private final long directoryId;
    private final String name;
    private final String displayName;
    private final String emailAddress;
    private final boolean active;

    CrowdUser(long directoryId, String name, String displayName, String emailAddress, boolean active) {
        this.directoryId = directoryId;
        this.name = Objects.requireNonNull(name, "name");
        this.displayName = displayName == null ? name : displayName;
        this.emailAddress = emailAddress == null ? "" : emailAddress;
        this.active = active;
    }

    @Override
    public long getDirectoryId() {
        return directoryId;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public String getEmailAddress() {
        return emailAddress;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isMarkedAsDeleted() {
        return false;
    }

    @Override
    public int compareTo(User other) {
        return name.toLowerCase(Locale.ROOT).compareTo(other.getName().toLowerCase(Locale.ROOT));
    }

    @Override
    public Set<String> getValues(String key) {
        return null;
    }

    @Override
    public String getValue(String key) {
        return null;
    }

    @Override
    public Set<String> getKeys() {
        return Collections.emptySet();
    }

    @Override
    public boolean isEmpty() {
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CrowdUser
                && ((CrowdUser) other).directoryId == directoryId
                && ((CrowdUser) other).name.equalsIgnoreCase(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directoryId, name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "CrowdUser[" + name + "]";
    }
}
