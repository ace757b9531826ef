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
    /** The number in the last generated user key ({@link #newUserKey}); 0 before the first. */
    long lastUserNumber;

    static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    UserRecord user(String name) {
        return name == null ? null : users.get(keyOf(name));
    }

    /**
     * The stable key of a new account named {@code name}, as Jira gives them: the lower-cased name, unless an
     * account already holds that key (it was renamed away from this name), then {@code refuser<n>}. A rename
     * keeps the key, so a new account under an old name never gets the renamed account's key.
     */
    String newUserKey(String name) {
        String key = keyOf(name);
        while (keyTaken(key)) {
            lastUserNumber = Math.max(lastUserNumber, 10_000L) + 1;
            key = "refuser" + lastUserNumber;
        }
        return key;
    }

    private boolean keyTaken(String key) {
        return users.values().stream().anyMatch(record -> key.equals(record.key));
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
