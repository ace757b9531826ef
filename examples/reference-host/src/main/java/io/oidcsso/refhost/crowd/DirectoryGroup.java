package io.oidcsso.refhost.crowd;

import com.atlassian.crowd.embedded.api.Group;
import java.util.Locale;

/** A directory group as CrowdService hands it out. */
public record DirectoryGroup(String name) implements Group {
    @Override
    public String getName() {
        return name;
    }

    @Override
    public int compareTo(Group other) {
        return name.compareToIgnoreCase(other.getName());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Group group && name.equalsIgnoreCase(group.getName());
    }

    @Override
    public int hashCode() {
        return name.toLowerCase(Locale.ROOT).hashCode();
    }
}
