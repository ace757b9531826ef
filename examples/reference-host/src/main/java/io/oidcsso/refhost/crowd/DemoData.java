package io.oidcsso.refhost.crowd;

import java.util.List;

/** The users a fresh home starts with (passwords are stored hashed). */
public final class DemoData {
    public static final String ADMIN_GROUP = "ref-admins";
    public static final String USER_GROUP = "ref-users";

    private DemoData() {}

    /** Seeds the directory when it has no users yet; true when it did. */
    public static boolean seed(FileCrowdService directory) {
        return directory.seedIfEmpty(target -> {
            target.group(ADMIN_GROUP);
            target.group(USER_GROUP);
            target.user("admin", "admin", "Reference Admin", "admin@example.com", true, List.of(ADMIN_GROUP, USER_GROUP));
            target.user("local", "local", "Local User", "local@example.com", true, List.of(USER_GROUP));
            target.user("inactive", "inactive", "Inactive User", "inactive@example.com", false, List.of(USER_GROUP));
        });
    }
}
