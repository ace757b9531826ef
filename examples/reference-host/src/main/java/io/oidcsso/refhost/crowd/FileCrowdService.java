package io.oidcsso.refhost.crowd;

import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.crowd.embedded.api.Group;
import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import com.atlassian.crowd.exception.AccountNotFoundException;
import com.atlassian.crowd.exception.FailedAuthenticationException;
import com.atlassian.crowd.exception.InactiveAccountException;
import com.atlassian.crowd.exception.InvalidCredentialException;
import com.atlassian.crowd.exception.InvalidUserException;
import com.atlassian.crowd.exception.embedded.InvalidGroupException;
import com.atlassian.crowd.exception.runtime.GroupNotFoundException;
import com.atlassian.crowd.exception.runtime.OperationFailedException;
import com.atlassian.crowd.exception.runtime.UserNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Crowd's embedded CrowdService over one writable directory persisted in the home folder.
 * Users, their attributes, groups and memberships survive restarts and are shared by every
 * host process over the same home.
 */
public final class FileCrowdService implements CrowdService {
    private final DirectoryStore store;

    public FileCrowdService(Path home) {
        this.store = new DirectoryStore(home);
    }

    @Override
    public User getUser(String name) {
        return getUserWithAttributes(name);
    }

    @Override
    public UserWithAttributes getUserWithAttributes(String name) {
        DirectoryData.UserRecord record = store.read().user(name);
        return record == null ? null : new DirectoryUser(record);
    }

    @Override
    public Group getGroup(String name) {
        DirectoryData.GroupRecord record = store.read().group(name);
        return record == null ? null : new DirectoryGroup(record.name);
    }

    @Override
    public boolean isUserMemberOfGroup(String userName, String groupName) {
        DirectoryData.UserRecord user = store.read().user(userName);
        return user != null && groupName != null && user.groups.contains(DirectoryData.keyOf(groupName));
    }

    @Override
    public UserWithAttributes addUser(UserWithAttributes user, String credential)
            throws InvalidUserException, InvalidCredentialException {
        UserValidation.check(user);
        String hash = credential == null ? null : PasswordHasher.hash(UserValidation.credential(credential));
        DirectoryData.UserRecord added = store.update(data -> {
            if (data.user(user.getName()) != null) {
                throw new InvalidUserException(user, "a user named `" + user.getName() + "` already exists");
            }
            DirectoryData.UserRecord record = UserValidation.newRecord(user, hash, data.newUserKey(user.getName()));
            data.users.put(DirectoryData.keyOf(record.name), record);
            return record;
        });
        return new DirectoryUser(added);
    }

    @Override
    public User updateUser(User user) throws InvalidUserException {
        UserValidation.check(user);
        return new DirectoryUser(store.update(data -> {
            DirectoryData.UserRecord record = existing(data, user.getName());
            record.displayName = user.getDisplayName() == null ? record.name : user.getDisplayName();
            record.email = user.getEmailAddress();
            record.active = user.isActive();
            return record;
        }));
    }

    /**
     * As Crowd's internal directory: the account keeps its key, attributes, memberships and password under
     * the new name; a name another account has is refused. A change of case only is a rename too.
     */
    @Override
    public User renameUser(User user, String newUsername) throws InvalidUserException {
        if (user == null) {
            throw new InvalidUserException(null, "user must not be null");
        }
        UserValidation.checkName(user, newUsername);
        return new DirectoryUser(store.update(data -> {
            DirectoryData.UserRecord record = existing(data, user.getName());
            DirectoryData.UserRecord other = data.user(newUsername);
            if (other != null && other != record) {
                throw new InvalidUserException(user, "a user named `" + newUsername + "` already exists");
            }
            data.users.remove(DirectoryData.keyOf(record.name));
            record.name = newUsername;
            data.users.put(DirectoryData.keyOf(newUsername), record);
            return record;
        }));
    }

    @Override
    public void setUserAttribute(User user, String attributeName, Set<String> attributeValues) {
        requireName(attributeName, "attribute name");
        if (attributeValues == null) {
            throw new IllegalArgumentException("attribute values must not be null");
        }
        List<String> values = new ArrayList<>(new TreeSet<>(attributeValues));
        store.update(data -> existing(data, user.getName()).attributes.put(attributeName, values));
    }

    @Override
    public void removeUserAttribute(User user, String attributeName) {
        store.update(data -> existing(data, user.getName()).attributes.remove(attributeName));
    }

    @Override
    public Group addGroup(Group group) throws InvalidGroupException {
        String name = group.getName();
        if (name == null || name.isBlank() || !name.equals(name.trim())) {
            throw new InvalidGroupException(group, "group name `" + name + "` is empty or has surrounding spaces");
        }
        return store.update(data -> {
            if (data.group(name) != null) {
                throw new InvalidGroupException(group, "a group named `" + name + "` already exists");
            }
            DirectoryData.GroupRecord record = new DirectoryData.GroupRecord();
            record.name = name;
            data.groups.put(DirectoryData.keyOf(name), record);
            return new DirectoryGroup(name);
        });
    }

    @Override
    public boolean addUserToGroup(User user, Group group) {
        return store.update(data -> {
            DirectoryData.UserRecord record = existing(data, user.getName());
            return record.groups.add(existingGroupKey(data, group));
        });
    }

    @Override
    public boolean removeUserFromGroup(User user, Group group) {
        return store.update(data -> {
            DirectoryData.UserRecord record = existing(data, user.getName());
            return record.groups.remove(existingGroupKey(data, group));
        });
    }

    /**
     * Crowd's password check: the user, or a {@link FailedAuthenticationException} naming why not, as
     * Crowd's embedded directories throw them (an unknown name, a wrong password, an inactive
     * account: the last only once the password matched, so it tells nothing to whoever lacks it). A
     * directory that cannot be read is Crowd's unchecked {@link OperationFailedException}.
     */
    @Override
    public User authenticate(String name, String credential) throws FailedAuthenticationException {
        DirectoryData.UserRecord record;
        try {
            record = store.read().user(name);
        } catch (RuntimeException e) {
            throw new OperationFailedException("the directory in the home folder cannot be read: " + e.getMessage());
        }
        if (record == null) {
            throw new AccountNotFoundException(name);
        }
        if (!PasswordHasher.verify(credential, record.passwordHash)) {
            throw new FailedAuthenticationException("wrong password for <" + name + ">");
        }
        if (!record.active) {
            throw new InactiveAccountException(name);
        }
        return new DirectoryUser(record);
    }

    /** The user whose password matches, active or not; empty when the name or password is wrong. */
    public Optional<DirectoryUser> checkPassword(String name, String password) {
        DirectoryData.UserRecord record = store.read().user(name);
        if (record == null || !PasswordHasher.verify(password, record.passwordHash)) {
            return Optional.empty();
        }
        return Optional.of(new DirectoryUser(record));
    }

    /**
     * A new active local account (the users admin's "add user"), with a key of its own
     * ({@link DirectoryData#newUserKey}); a name another account has is refused.
     */
    public DirectoryUser createUser(String name, String displayName, String email, String password)
            throws InvalidUserException, InvalidCredentialException {
        DirectoryData.UserRecord template = new DirectoryData.UserRecord();
        template.name = name;
        DirectoryUser probe = new DirectoryUser(template);
        UserValidation.checkName(probe, name);
        String hash = PasswordHasher.hash(UserValidation.credential(password == null ? "" : password));
        return new DirectoryUser(store.update(data -> {
            if (data.user(name) != null) {
                throw new InvalidUserException(probe, "a user named `" + name + "` already exists");
            }
            DirectoryData.UserRecord record = new DirectoryData.UserRecord();
            record.name = name;
            record.key = data.newUserKey(name);
            record.displayName = displayName == null || displayName.isBlank() ? name : displayName;
            record.email = email;
            record.active = true;
            record.passwordHash = hash;
            data.users.put(DirectoryData.keyOf(name), record);
            return record;
        }));
    }

    /** The names of the groups the user belongs to, sorted; empty for an unknown user. */
    public SortedSet<String> groupNames(String userName) {
        DirectoryData data = store.read();
        DirectoryData.UserRecord record = data.user(userName);
        SortedSet<String> names = new TreeSet<>();
        if (record != null) {
            record.groups.forEach(key -> names.add(data.groups.containsKey(key) ? data.groups.get(key).name : key));
        }
        return names;
    }

    /** The stable user key assigned when the user was created, or null for an unknown user. */
    public String userKey(String userName) {
        DirectoryData.UserRecord record = store.read().user(userName);
        return record == null ? null : record.key;
    }

    /** The user whose stable key is {@code key}, or null. */
    public DirectoryUser userByKey(String key) {
        return store.read().users.values().stream()
                .filter(r -> r.key.equals(key))
                .findFirst()
                .map(DirectoryUser::new)
                .orElse(null);
    }

    /** Runs {@code seeding} once, on a directory that has no users yet (first start of a home). */
    public boolean seedIfEmpty(Seeder seeding) {
        return store.update(data -> {
            if (!data.users.isEmpty()) {
                return false;
            }
            seeding.seed(new SeedTarget(data));
            return true;
        });
    }

    private static DirectoryData.UserRecord existing(DirectoryData data, String name) {
        DirectoryData.UserRecord record = data.user(name);
        if (record == null) {
            throw new UserNotFoundException(name);
        }
        return record;
    }

    private static String existingGroupKey(DirectoryData data, Group group) {
        if (group == null || data.group(group.getName()) == null) {
            throw new GroupNotFoundException(group == null ? null : group.getName());
        }
        return DirectoryData.keyOf(group.getName());
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    /** Fills a fresh directory with demo users and groups. */
    @FunctionalInterface
    public interface Seeder {
        void seed(SeedTarget target);
    }
}
