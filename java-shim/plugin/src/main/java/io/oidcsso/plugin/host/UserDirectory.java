package io.oidcsso.plugin.host;

import java.util.Optional;
import java.util.Set;

/**
 * The product's user directory as the login flow needs it. Write methods throw
 * {@link UserDirectoryException} (code {@code directory_read_only} when the directory refuses).
 */
public interface UserDirectory {
    Optional<DirectoryUser> findByUsername(String username);

    /**
     * The user directory holding this existing user, as the text {@code directory} routing rules
     * name (Crowd: the directory's numeric id, e.g. {@code "10000"}); empty when there is no such user.
     */
    Optional<String> directoryOf(String username);

    /**
     * The user whose stable key ({@link DirectoryUser#key()}) this is, under the name it has now (renamed or
     * not); empty when no account has this key (deleted: a new account under the old name has another key).
     */
    Optional<DirectoryUser> findByKey(String key);

    /** The user linked to this IdP identity, if the link is still intact on both sides. */
    Optional<DirectoryUser> findByExternalId(ExternalId externalId);

    /**
     * {@link #findByExternalId} once a {@link #createLinked} of this identity in progress (on any
     * node) has finished: a concurrent first login may have created the account and not linked it yet.
     */
    Optional<DirectoryUser> awaitLinked(ExternalId externalId);

    DirectoryUser create(String username, Profile profile);

    /**
     * Creates the user linked to {@code identity}, idempotently: when a concurrent first login of the
     * same identity (on any node) created and linked it first, that user is returned instead. When
     * another account took the username meanwhile, {@link LoginRefusedException} with
     * {@code account_exists_not_linked}: an identity never takes over an account it did not create.
     */
    CreatedUser createLinked(String username, Profile profile, ExternalId identity);

    DirectoryUser update(String username, Profile profile);

    void link(String username, ExternalId externalId);

    /**
     * An administrator's link: under the same cluster lock as {@link #createLinked}, links
     * {@code identity} to {@code username} unless it is linked to an account already.
     *
     * @return the account the identity is linked to now: {@code username}, or the other account it
     *     was linked to before (then nothing changed); empty when there is no user {@code username}
     */
    Optional<String> linkUnlessLinked(String username, ExternalId identity);

    /** Removes the link; false when {@code identity} (by its hash) was not linked to {@code username}. */
    boolean unlink(String username, String externalIdHash);

    /** The identities linked to the account; empty when there is no such user. */
    java.util.List<LinkedIdentity> links(String username);

    /** How many IdP identities are linked to the account (0 = a purely local account). */
    int linkCount(String username);

    boolean isMember(String username, String group);

    boolean groupExists(String group);

    /** Adds the user to the group, creating the group if it does not exist. */
    void addToGroup(String username, String group);

    void removeFromGroup(String username, String group);

    /** Groups this plugin added for {@code idpId} (remembered on the user). */
    Set<String> managedGroups(String username, String idpId);

    void setManagedGroups(String username, String idpId, Set<String> groups);

    /** False once the directory refused a write; users cannot be created or updated then. */
    boolean isWritable();
}
