package io.oidcsso.plugin.atlassian;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.crowd.embedded.api.Group;
import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import com.atlassian.crowd.exception.CrowdException;
import com.atlassian.crowd.exception.OperationNotPermittedException;
import com.atlassian.crowd.exception.embedded.InvalidGroupException;
import com.atlassian.crowd.exception.runtime.CrowdRuntimeException;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserKey;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.user.UserProfile;
import io.oidcsso.plugin.host.CreatedUser;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.LinkedIdentity;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.host.Profile;
import io.oidcsso.plugin.host.UserDirectory;
import io.oidcsso.plugin.host.UserDirectoryException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link UserDirectory} over Crowd's embedded {@link CrowdService}. The IdP link is stored twice:
 * a user attribute (the truth, travels with the user, a rename included) and a PluginSettings index (to
 * find it) that names the account by its SAL {@link UserKey}, the product's stable key (docs/host-api.md,
 * "User keys"): a renamed account is still found, a new account under its old name never is.
 */
public final class CrowdUserDirectory implements UserDirectory {
    static final String LINK_ATTRIBUTE = "oidcsso.externalIds";
    /**
     * Beside each hash, "hash iss sub" for the admin's list of links (the hash alone cannot be read
     * back). Not the truth of the link: {@link #LINK_ATTRIBUTE} is. Left out when longer than Crowd
     * keeps an attribute value.
     */
    static final String LINK_NAMES_ATTRIBUTE = "oidcsso.externalIdNames";
    static final int MAX_ATTRIBUTE_VALUE = 255;
    static final String ACCOUNT_EXISTS_NOT_LINKED = "account_exists_not_linked";
    static final String MANAGED_GROUPS_PREFIX = "oidcsso.groups.";
    /**
     * How long a refused write makes the directory count as read-only. Afterwards the next login
     * tries to write again: an admin who makes the directory writable (or a directory that refused
     * one write for another reason) must not leave SSO provisioning off until the node restarts.
     */
    static final Duration REPROBE_INTERVAL = Duration.ofMinutes(5);

    /** Cluster locks that serialise first logins of one identity: a bounded set of names (beehive keeps each). */
    static final String CREATE_LOCK_PREFIX = "io.oidcsso.create-user.";
    static final int CREATE_LOCK_STRIPES = 64;

    private final CrowdService crowd;
    private final UserManager users;
    private final ExternalIdIndex index;
    private final ClusterLocks locks;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** When the directory last refused a write; null when the last write went through. */
    private volatile Instant refusedAt;

    public CrowdUserDirectory(CrowdService crowd, UserManager users, PluginSettingsFactory settingsFactory,
            ClusterLockService lockService) {
        this(crowd, users, settingsFactory, lockService, Clock.systemUTC());
    }

    CrowdUserDirectory(CrowdService crowd, UserManager users, PluginSettingsFactory settingsFactory,
            ClusterLockService lockService, Clock clock) {
        this.crowd = Objects.requireNonNull(crowd, "crowd");
        this.users = Objects.requireNonNull(users, "users");
        this.index = new ExternalIdIndex(settingsFactory);
        this.locks = new ClusterLocks(lockService);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<DirectoryUser> findByUsername(String username) {
        return Optional.ofNullable(read(() -> crowd.getUser(username))).map(this::toDirectoryUser);
    }

    /** SAL resolves the key to the account's current name; Crowd's embedded API knows names only. */
    @Override
    public Optional<DirectoryUser> findByKey(String key) {
        Optional<String> username = usernameOf(key);
        if (username.isEmpty()) {
            return Optional.empty();
        }
        User user = read(() -> crowd.getUser(username.get()));
        return user == null ? Optional.empty() : Optional.of(toDirectoryUser(user, key));
    }

    /** Crowd's embedded API tells only the directory's id, so the rules name directories by id. */
    @Override
    public Optional<String> directoryOf(String username) {
        return Optional.ofNullable(read(() -> crowd.getUser(username)))
                .map(user -> Long.toString(user.getDirectoryId()));
    }

    @Override
    public Optional<DirectoryUser> findByExternalId(ExternalId externalId) {
        String hash = externalId.hash();
        Optional<ExternalIdIndex.Target> target = index.lookup(hash);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        // By key: the account's name now (renamed or not); an entry by name (written before keys) as it is.
        Optional<String> username = target.get().userKey() != null
                ? usernameOf(target.get().userKey())
                : Optional.of(target.get().username());
        if (username.isEmpty()) {
            return Optional.empty();
        }
        UserWithAttributes user = read(() -> crowd.getUserWithAttributes(username.get()));
        // A stale index entry (user deleted, unlinked; by name: renamed, or another account under the old
        // name) must not log anyone in: the attribute travels with the account the link was made to.
        if (user == null || !valuesOf(user, LINK_ATTRIBUTE).contains(hash)) {
            return Optional.empty();
        }
        DirectoryUser found = toDirectoryUser(user);
        if (target.get().userKey() == null && found.key() != null) {
            index.putKey(hash, found.key());
        }
        return Optional.of(found);
    }

    @Override
    public DirectoryUser create(String username, Profile profile) {
        CrowdUser template = new CrowdUser(CrowdUser.NO_DIRECTORY, username, profile.displayName(), profile.email(), true);
        // The user logs in through the IdP; the local password is random and never shown.
        return toDirectoryUser(write("create user " + username, () -> crowd.addUser(template, randomCredential())));
    }

    /**
     * Create and link run under a cluster lock of the identity, so a concurrent first login of the
     * same person (200 tabs, a double click, two nodes) waits, then finds the user linked and uses
     * it, instead of failing on "already exists".
     */
    @Override
    public CreatedUser createLinked(String username, Profile profile, ExternalId identity) {
        return locks.withLock(createLock(identity), () -> {
            Optional<DirectoryUser> linked = findByExternalId(identity);
            if (linked.isPresent()) {
                return new CreatedUser(linked.get(), false);
            }
            if (findByUsername(username).isPresent()) {
                throw new LoginRefusedException(ACCOUNT_EXISTS_NOT_LINKED, "an account named " + username
                        + " appeared while this login created it, and it is not linked to this identity");
            }
            DirectoryUser created = create(username, profile);
            link(username, identity);
            return new CreatedUser(created, true);
        });
    }

    @Override
    public Optional<DirectoryUser> awaitLinked(ExternalId externalId) {
        return locks.withLock(createLock(externalId), () -> findByExternalId(externalId));
    }

    private static String createLock(ExternalId identity) {
        return CREATE_LOCK_PREFIX + Math.floorMod(identity.hash().hashCode(), CREATE_LOCK_STRIPES);
    }

    @Override
    public DirectoryUser update(String username, Profile profile) {
        User existing = requireUser(username);
        CrowdUser changed = new CrowdUser(existing.getDirectoryId(), existing.getName(),
                profile.displayName() != null ? profile.displayName() : existing.getDisplayName(),
                profile.email() != null ? profile.email() : existing.getEmailAddress(),
                existing.isActive());
        if (changed.getDisplayName().equals(existing.getDisplayName())
                && changed.getEmailAddress().equals(existing.getEmailAddress())) {
            return toDirectoryUser(existing);
        }
        return toDirectoryUser(write("update user " + username, () -> crowd.updateUser(changed)));
    }

    @Override
    public void link(String username, ExternalId externalId) {
        UserWithAttributes user = read(() -> crowd.getUserWithAttributes(username));
        if (user == null) {
            throw new UserDirectoryException(UserDirectoryException.ERROR, "no user " + username + " to link", null);
        }
        String hash = externalId.hash();
        Set<String> links = new TreeSet<>(valuesOf(user, LINK_ATTRIBUTE));
        links.add(hash);
        Set<String> names = new TreeSet<>(valuesOf(user, LINK_NAMES_ATTRIBUTE));
        String name = hash + " " + externalId.issuer() + " " + externalId.subject();
        if (name.length() <= MAX_ATTRIBUTE_VALUE && !externalId.issuer().contains(" ")) {
            names.add(name);
        }
        write("link user " + username, () -> {
            crowd.setUserAttribute(user, LINK_ATTRIBUTE, links);
            crowd.setUserAttribute(user, LINK_NAMES_ATTRIBUTE, names);
            return null;
        });
        String key = keyOf(user.getName());
        if (key != null) {
            index.putKey(hash, key);
        } else {
            index.putName(hash, user.getName());
        }
    }

    @Override
    public Optional<String> linkUnlessLinked(String username, ExternalId identity) {
        return locks.withLock(createLock(identity), () -> {
            Optional<DirectoryUser> linked = findByExternalId(identity);
            if (linked.isPresent()) {
                return Optional.of(linked.get().username());
            }
            Optional<DirectoryUser> user = findByUsername(username);
            if (user.isEmpty()) {
                return Optional.<String>empty();
            }
            link(user.get().username(), identity);
            return Optional.of(user.get().username());
        });
    }

    @Override
    public boolean unlink(String username, String externalIdHash) {
        UserWithAttributes user = read(() -> crowd.getUserWithAttributes(username));
        if (user == null) {
            return false;
        }
        Set<String> links = new TreeSet<>(valuesOf(user, LINK_ATTRIBUTE));
        if (!links.remove(externalIdHash)) {
            return false;
        }
        Set<String> names = new TreeSet<>(valuesOf(user, LINK_NAMES_ATTRIBUTE));
        names.removeIf(name -> name.startsWith(externalIdHash + " "));
        write("unlink user " + username, () -> {
            setOrRemove(user, LINK_ATTRIBUTE, links);
            setOrRemove(user, LINK_NAMES_ATTRIBUTE, names);
            return null;
        });
        // The attribute is the truth (findByExternalId checks it); the index entry goes too when it is this user's.
        String key = keyOf(user.getName());
        if (index.lookup(externalIdHash).filter(target -> target.userKey() != null
                ? target.userKey().equals(key)
                : user.getName().equalsIgnoreCase(target.username())).isPresent()) {
            index.remove(externalIdHash);
        }
        return true;
    }

    private void setOrRemove(User user, String attribute, Set<String> values) throws CrowdException {
        if (values.isEmpty()) {
            crowd.removeUserAttribute(user, attribute);
        } else {
            crowd.setUserAttribute(user, attribute, values);
        }
    }

    @Override
    public List<LinkedIdentity> links(String username) {
        UserWithAttributes user = read(() -> crowd.getUserWithAttributes(username));
        if (user == null) {
            return List.of();
        }
        List<LinkedIdentity> links = new ArrayList<>();
        Set<String> names = valuesOf(user, LINK_NAMES_ATTRIBUTE);
        for (String hash : valuesOf(user, LINK_ATTRIBUTE)) {
            links.add(new LinkedIdentity(hash, nameOf(hash, names)));
        }
        return List.copyOf(links);
    }

    /** The (iss, sub) kept for {@code hash}, when one was kept and still hashes to it. */
    private static ExternalId nameOf(String hash, Set<String> names) {
        for (String name : names) {
            String[] parts = name.split(" ", 3);
            if (parts.length == 3 && parts[0].equals(hash) && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                ExternalId identity = new ExternalId(parts[1], parts[2]);
                if (identity.hash().equals(hash)) {
                    return identity;
                }
            }
        }
        return null;
    }

    @Override
    public int linkCount(String username) {
        UserWithAttributes user = read(() -> crowd.getUserWithAttributes(username));
        return user == null ? 0 : valuesOf(user, LINK_ATTRIBUTE).size();
    }

    @Override
    public boolean groupExists(String group) {
        return read(() -> crowd.getGroup(group)) != null;
    }

    @Override
    public boolean isMember(String username, String group) {
        return read(() -> crowd.isUserMemberOfGroup(username, group));
    }

    @Override
    public void addToGroup(String username, String groupName) {
        User user = requireUser(username);
        write("add " + username + " to group " + groupName, () -> {
            Group group = crowd.getGroup(groupName);
            if (group == null) {
                try {
                    group = crowd.addGroup(new CrowdGroup(groupName));
                } catch (InvalidGroupException e) {
                    // Another login (concurrent first logins, another node) created it meanwhile.
                    group = crowd.getGroup(groupName);
                    if (group == null) {
                        throw e;
                    }
                }
            }
            return crowd.addUserToGroup(user, group);
        });
    }

    @Override
    public void removeFromGroup(String username, String groupName) {
        User user = requireUser(username);
        write("remove " + username + " from group " + groupName, () -> {
            Group group = crowd.getGroup(groupName);
            return group != null && crowd.removeUserFromGroup(user, group);
        });
    }

    @Override
    public Set<String> managedGroups(String username, String idpId) {
        UserWithAttributes user = read(() -> crowd.getUserWithAttributes(username));
        return user == null ? Collections.emptySet() : valuesOf(user, MANAGED_GROUPS_PREFIX + idpId);
    }

    @Override
    public void setManagedGroups(String username, String idpId, Set<String> groups) {
        User user = requireUser(username);
        String attribute = MANAGED_GROUPS_PREFIX + idpId;
        write("record managed groups of " + username, () -> {
            if (groups.isEmpty()) {
                crowd.removeUserAttribute(user, attribute);
            } else {
                crowd.setUserAttribute(user, attribute, new TreeSet<>(groups));
            }
            return null;
        });
    }

    @Override
    public boolean isWritable() {
        Instant refused = refusedAt;
        return refused == null || !clock.instant().isBefore(refused.plus(REPROBE_INTERVAL));
    }

    private User requireUser(String username) {
        User user = read(() -> crowd.getUser(username));
        if (user == null) {
            throw new UserDirectoryException(UserDirectoryException.ERROR, "no user " + username, null);
        }
        return user;
    }

    private static Set<String> valuesOf(UserWithAttributes user, String attribute) {
        Set<String> values = user.getValues(attribute);
        return values == null ? Collections.emptySet() : Collections.unmodifiableSet(new TreeSet<>(values));
    }

    private DirectoryUser toDirectoryUser(User user) {
        return toDirectoryUser(user, keyOf(user.getName()));
    }

    private static DirectoryUser toDirectoryUser(User user, String key) {
        return new DirectoryUser(user.getName(), user.getDisplayName(), user.getEmailAddress(), user.isActive(), key);
    }

    /** The product's stable key of the account named {@code username}; null when SAL has no profile of it. */
    private String keyOf(String username) {
        UserProfile profile = read(() -> users.getUserProfile(username));
        UserKey key = profile == null ? null : profile.getUserKey();
        return key == null || key.getStringValue().isEmpty() ? null : key.getStringValue();
    }

    /** The name the account with this key has now; empty when no account has it. */
    private Optional<String> usernameOf(String key) {
        UserProfile profile = read(() -> users.getUserProfile(new UserKey(key)));
        // A profile of another key (a product that answers by name) is not this account.
        if (profile == null || profile.getUserKey() == null || !key.equals(profile.getUserKey().getStringValue())
                || profile.getUsername() == null || profile.getUsername().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(profile.getUsername());
    }

    private String randomCredential() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        // Mixed character classes so directory password policies accept it.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "aA1!";
    }

    private static <T> T read(CrowdCall<T> call) {
        try {
            return call.run();
        } catch (CrowdException | CrowdRuntimeException e) {
            throw new UserDirectoryException(UserDirectoryException.ERROR, "user directory read failed: " + e.getMessage(), e);
        }
    }

    private <T> T write(String what, CrowdCall<T> call) {
        try {
            T result = call.run();
            refusedAt = null;
            return result;
        } catch (OperationNotPermittedException e) {
            refusedAt = clock.instant();
            throw new UserDirectoryException(UserDirectoryException.READ_ONLY,
                    "the user directory refused to " + what + "; make a writable directory the first one", e);
        } catch (CrowdException | CrowdRuntimeException e) {
            throw new UserDirectoryException(UserDirectoryException.ERROR, "could not " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface CrowdCall<T> {
        T run() throws CrowdException;
    }
}
