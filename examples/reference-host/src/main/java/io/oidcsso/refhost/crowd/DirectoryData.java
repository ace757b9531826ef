package io.oidcsso.refhost.crowd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole user directory as persisted in {@code <home>/crowd/directory.json}. Names match
 * case-insensitively (as in Crowd); maps are keyed by the lower-cased name.
 */
final class DirectoryData {
    Map<String, UserRecord> users = new TreeMap<>();
    Map<String, GroupRecord> groups = new TreeMap<>();

    static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    UserRecord user(String name) {
        return name == null ? null : users.get(keyOf(name));
    }

    GroupRecord group(String name) {
        return name == null ? null : groups.get(keyOf(name));
    }

    static final class UserRecord {
        String name;
        String key;
        String displayName;
        String email;
        boolean active;
        String passwordHash;
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        TreeSet<String> groups = new TreeSet<>();

        List<String> attribute(String attributeName) {
            return attributes.getOrDefault(attributeName, new ArrayList<>());
        }
    }

    static final class GroupRecord {
        String name;
    }
}
