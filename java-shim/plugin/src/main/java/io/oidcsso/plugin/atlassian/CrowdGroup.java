package io.oidcsso.plugin.atlassian;

import com.atlassian.crowd.embedded.api.Group;
import java.util.Locale;
import java.util.Objects;

/** The plugin's own value for Crowd's {@code addGroup}. */
final class CrowdGroup implements Group {
    private final String name;

    CrowdGroup(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int compareTo(Group other) {
        return name.toLowerCase(Locale.ROOT).compareTo(other.getName().toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CrowdGroup && ((CrowdGroup) other).name.equalsIgnoreCase(name);
    }

    @Override
    public int hashCode() {
        return name.toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        return "CrowdGroup[" + name + "]";
    }
}
