package io.oidcsso.plugin.fakes;

import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.crowd.embedded.api.Group;
import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import com.atlassian.crowd.exception.InvalidUserException;
import com.atlassian.crowd.exception.OperationNotPermittedException;
import com.atlassian.crowd.exception.embedded.InvalidGroupException;
import com.atlassian.crowd.exception.runtime.GroupNotFoundException;
import com.atlassian.crowd.exception.runtime.UserNotFoundException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An in-memory Crowd directory: users with attributes, groups, memberships; can be made read-only. Each user
 * has a stable key as the products keep one ({@link #keyOf}): the lower-cased name when no account had that
 * key yet, else a new one; a rename keeps it.
 */
public final class FakeCrowdService implements CrowdService {
    private final Map<String, FakeCrowdUser> users = new LinkedHashMap<>();
    /** Lower-cased name -> stable user key. */
    private final Map<String, String> keys = new HashMap<>();
    private final Set<String> keysGiven = new HashSet<>();
    private int nextKey = 10_000;
    private final Map<String, FakeCrowdUser.FakeGroup> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> memberships = new HashMap<>();
    private final Map<String, String> passwords = new HashMap<>();
    private boolean readOnly;
    private boolean unreachable;
    private int writes;
    private int nameOfKeyCountdown;
    private Runnable afterNameOfKey;
    private int keyOfCountdown;
    private Runnable afterKeyOf;

    public synchronized FakeCrowdService addLocalUser(String name, boolean active) {
        users.put(key(name), new FakeCrowdUser(1L, name, name + " (local)", name + "@local", active, Map.of()));
        giveKey(name);
        return this;
    }

    /** Runs {@code action} once, just after the {@code call}-th {@link #keyOf} from now has read its answer. */
    public synchronized void afterKeyOf(int call, Runnable action) {
        keyOfCountdown = call;
        afterKeyOf = action;
    }

    /** The stable key of the account named {@code name}; null when there is none. */
    public synchronized String keyOf(String name) {
        String key = name == null ? null : keys.get(key(name));
        if (afterKeyOf != null && --keyOfCountdown == 0) {
            Runnable action = afterKeyOf;
            afterKeyOf = null;
            action.run();
        }
        return key;
    }

    /**
     * Runs {@code action} once, just after the {@code call}-th {@link #nameOfKey} from now has read its answer:
     * a directory change that lands between a caller's check by key and what it does next.
     */
    public synchronized void afterNameOfKey(int call, Runnable action) {
        nameOfKeyCountdown = call;
        afterNameOfKey = action;
    }

    /** The current name of the account with this key; null when there is none. */
    public synchronized String nameOfKey(String userKey) {
        String name = currentNameOfKey(userKey);
        if (afterNameOfKey != null && --nameOfKeyCountdown == 0) {
            Runnable action = afterNameOfKey;
            afterNameOfKey = null;
            action.run();
        }
        return name;
    }

    private String currentNameOfKey(String userKey) {
        return keys.entrySet().stream().filter(e -> e.getValue().equals(userKey)).map(e -> users.get(e.getKey()))
                .filter(java.util.Objects::nonNull).map(FakeCrowdUser::getName).findFirst().orElse(null);
    }

    /** As Jira: the lower-cased name unless an account (renamed since) holds that key already. */
    private void giveKey(String name) {
        String wanted = key(name);
        String given = keysGiven.contains(wanted) ? "fakeuser" + nextKey++ : wanted;
        keysGiven.add(given);
        keys.put(key(name), given);
    }

    /** Removes the account (its key goes with it, never reused). */
    public synchronized void removeUser(String name) {
        users.remove(key(name));
        keys.remove(key(name));
        memberships.remove(key(name));
        passwords.remove(key(name));
    }

    /** Gives the user a password for {@link #authenticate}. */
    public synchronized FakeCrowdService setPassword(String name, String password) {
        passwords.put(key(name), password);
        return this;
    }

    /** As Crowd: wrong password or unknown user fail, an inactive account only once the password matched. */
    @Override
    public synchronized User authenticate(String name, String credential)
            throws com.atlassian.crowd.exception.FailedAuthenticationException {
        if (unreachable) {
            throw new com.atlassian.crowd.exception.runtime.OperationFailedException("directory unreachable");
        }
        FakeCrowdUser user = users.get(key(name));
        if (user == null) {
            throw new com.atlassian.crowd.exception.AccountNotFoundException(name);
        }
        if (!credential.equals(passwords.get(key(name)))) {
            throw new com.atlassian.crowd.exception.FailedAuthenticationException("wrong password");
        }
        if (!user.isActive()) {
            throw new com.atlassian.crowd.exception.InactiveAccountException(name);
        }
        return user;
    }

    public synchronized FakeCrowdService addLocalMembership(String user, String group) {
        groups.putIfAbsent(key(group), new FakeCrowdUser.FakeGroup(group));
        memberships.computeIfAbsent(key(user), k -> new TreeSet<>()).add(group);
        return this;
    }

    public synchronized void setReadOnly(boolean value) {
        readOnly = value;
    }

    /** Makes {@code getUser} fail as a directory that cannot be reached does. */
    public synchronized void setUnreachable(boolean value) {
        unreachable = value;
    }

    public synchronized int writes() {
        return writes;
    }

    public synchronized Set<String> groupsOf(String user) {
        return new TreeSet<>(memberships.getOrDefault(key(user), Set.of()));
    }

    public synchronized boolean hasGroup(String group) {
        return groups.containsKey(key(group));
    }

    public synchronized FakeCrowdUser user(String name) {
        return users.get(key(name));
    }

    @Override
    public synchronized User getUser(String name) {
        if (unreachable) {
            throw new com.atlassian.crowd.exception.runtime.OperationFailedException("directory unreachable");
        }
        return users.get(key(name));
    }

    @Override
    public synchronized UserWithAttributes getUserWithAttributes(String name) {
        return users.get(key(name));
    }

    @Override
    public synchronized Group getGroup(String name) {
        return groups.get(key(name));
    }

    @Override
    public synchronized boolean isUserMemberOfGroup(String userName, String groupName) {
        return memberships.getOrDefault(key(userName), Set.of()).contains(groupName);
    }

    @Override
    public synchronized UserWithAttributes addUser(UserWithAttributes user, String credential)
            throws InvalidUserException, OperationNotPermittedException {
        write();
        if (credential == null || credential.length() < 20) {
            throw new IllegalArgumentException("expected a long random credential");
        }
        if (users.containsKey(key(user.getName()))) {
            // As Crowd: a second user of the same name is refused.
            throw new InvalidUserException(user, "a user named " + user.getName() + " already exists");
        }
        FakeCrowdUser created = new FakeCrowdUser(1L, user.getName(), user.getDisplayName(), user.getEmailAddress(),
                user.isActive(), Map.of());
        users.put(key(user.getName()), created);
        giveKey(user.getName());
        return created;
    }

    /** As Crowd: the account keeps its attributes, memberships, password and (the product's) key. */
    @Override
    public synchronized User renameUser(User user, String newUsername)
            throws InvalidUserException, OperationNotPermittedException {
        write();
        FakeCrowdUser existing = requireUser(user.getName());
        if (users.containsKey(key(newUsername))) {
            throw new InvalidUserException(user, "a user named " + newUsername + " already exists");
        }
        FakeCrowdUser renamed = new FakeCrowdUser(existing.getDirectoryId(), newUsername, existing.getDisplayName(),
                existing.getEmailAddress(), existing.isActive(), existing.attributes());
        String old = key(user.getName());
        users.remove(old);
        users.put(key(newUsername), renamed);
        keys.put(key(newUsername), keys.remove(old));
        Set<String> groupsOf = memberships.remove(old);
        if (groupsOf != null) {
            memberships.put(key(newUsername), groupsOf);
        }
        String password = passwords.remove(old);
        if (password != null) {
            passwords.put(key(newUsername), password);
        }
        return renamed;
    }

    @Override
    public synchronized User updateUser(User user) throws OperationNotPermittedException {
        write();
        FakeCrowdUser existing = requireUser(user.getName());
        FakeCrowdUser updated = new FakeCrowdUser(existing.getDirectoryId(), existing.getName(), user.getDisplayName(),
                user.getEmailAddress(), user.isActive(), existing.attributes());
        users.put(key(user.getName()), updated);
        return updated;
    }

    @Override
    public synchronized void setUserAttribute(User user, String attributeName, Set<String> attributeValues)
            throws OperationNotPermittedException {
        write();
        FakeCrowdUser existing = requireUser(user.getName());
        Map<String, Set<String>> attributes = new HashMap<>(existing.attributes());
        attributes.put(attributeName, new HashSet<>(attributeValues));
        users.put(key(user.getName()), existing.withAttributes(attributes));
    }

    @Override
    public synchronized void removeUserAttribute(User user, String attributeName) throws OperationNotPermittedException {
        write();
        FakeCrowdUser existing = requireUser(user.getName());
        Map<String, Set<String>> attributes = new HashMap<>(existing.attributes());
        attributes.remove(attributeName);
        users.put(key(user.getName()), existing.withAttributes(attributes));
    }

    @Override
    public synchronized Group addGroup(Group group) throws InvalidGroupException, OperationNotPermittedException {
        write();
        if (groups.containsKey(key(group.getName()))) {
            throw new InvalidGroupException(group, "a group named " + group.getName() + " already exists");
        }
        FakeCrowdUser.FakeGroup created = new FakeCrowdUser.FakeGroup(group.getName());
        groups.put(key(group.getName()), created);
        return created;
    }

    @Override
    public synchronized boolean addUserToGroup(User user, Group group) throws OperationNotPermittedException {
        write();
        requireUser(user.getName());
        if (!groups.containsKey(key(group.getName()))) {
            throw new GroupNotFoundException(group.getName());
        }
        return memberships.computeIfAbsent(key(user.getName()), k -> new TreeSet<>()).add(group.getName());
    }

    @Override
    public synchronized boolean removeUserFromGroup(User user, Group group) throws OperationNotPermittedException {
        write();
        requireUser(user.getName());
        return memberships.getOrDefault(key(user.getName()), new TreeSet<>()).remove(group.getName());
    }

    private FakeCrowdUser requireUser(String name) {
        FakeCrowdUser user = users.get(key(name));
        if (user == null) {
            throw new UserNotFoundException(name);
        }
        return user;
    }

    private void write() throws OperationNotPermittedException {
        if (readOnly) {
            throw new OperationNotPermittedException("directory is read-only");
        }
        writes++;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
