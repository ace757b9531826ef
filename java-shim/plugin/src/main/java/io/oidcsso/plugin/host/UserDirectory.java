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

    /** The user linked to this IdP identity, if the link is still intact on both sides. */
    Optional<DirectoryUser> findByExternalId(ExternalId externalId);

    DirectoryUser create(String username, Profile profile);

    DirectoryUser update(String username, Profile profile);

    void link(String username, ExternalId externalId);

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
