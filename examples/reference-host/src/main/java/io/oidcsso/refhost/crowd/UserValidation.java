package io.oidcsso.refhost.crowd;

import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import com.atlassian.crowd.exception.InvalidCredentialException;
import com.atlassian.crowd.exception.InvalidUserException;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;

/** The checks a user must pass before the directory stores it, and the record it becomes. */
final class UserValidation {
    private static final int MAX_NAME = 255;

    private UserValidation() {}

    static void check(User user) throws InvalidUserException {
        if (user == null) {
            throw new InvalidUserException(null, "user must not be null");
        }
        checkName(user, user.getName());
        if (user.getDirectoryId() != DirectoryUser.DIRECTORY_ID && user.getDirectoryId() != -1L
                && user.getDirectoryId() != 0L) {
            throw new InvalidUserException(user, "directory " + user.getDirectoryId()
                    + " does not exist (the reference host has directory " + DirectoryUser.DIRECTORY_ID + ")");
        }
    }

    /** The rules of a username, for a new user or a rename of {@code user}. */
    static void checkName(User user, String name) throws InvalidUserException {
        if (name == null || name.isBlank() || !name.equals(name.strip()) || name.length() > MAX_NAME
                || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidUserException(user, "username `" + name
                    + "` is empty, too long, has surrounding spaces or control characters");
        }
    }

    static String credential(String credential) throws InvalidCredentialException {
        if (credential.isEmpty()) {
            throw new InvalidCredentialException("the password must not be empty");
        }
        return credential;
    }

    static DirectoryData.UserRecord newRecord(UserWithAttributes user, String passwordHash, String userKey) {
        DirectoryData.UserRecord record = new DirectoryData.UserRecord();
        record.name = user.getName();
        record.key = userKey;
        record.displayName = user.getDisplayName() == null ? user.getName() : user.getDisplayName();
        record.email = user.getEmailAddress();
        record.active = user.isActive();
        record.passwordHash = passwordHash;
        if (user.getKeys() != null) {
            for (String key : user.getKeys()) {
                Set<String> values = user.getValues(key);
                if (values != null) {
                    record.attributes.put(key, new ArrayList<>(new TreeSet<>(values)));
                }
            }
        }
        return record;
    }
}
