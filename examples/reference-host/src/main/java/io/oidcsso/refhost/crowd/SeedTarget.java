package io.oidcsso.refhost.crowd;

import java.util.List;

/** Writes demo users and groups straight into a directory that is being seeded. */
public final class SeedTarget {
    private final DirectoryData data;

    SeedTarget(DirectoryData data) {
        this.data = data;
    }

    public void group(String name) {
        DirectoryData.GroupRecord record = new DirectoryData.GroupRecord();
        record.name = name;
        data.groups.put(DirectoryData.keyOf(name), record);
    }

    public void user(String name, String password, String displayName, String email, boolean active, List<String> groups) {
        DirectoryData.UserRecord record = new DirectoryData.UserRecord();
        record.name = name;
        record.key = data.newUserKey(name);
        record.displayName = displayName;
        record.email = email;
        record.active = active;
        record.passwordHash = PasswordHasher.hash(password);
        for (String group : groups) {
            if (data.group(group) == null) {
                group(group);
            }
            record.groups.add(DirectoryData.keyOf(group));
        }
        data.users.put(DirectoryData.keyOf(name), record);
    }
}
