package com.atlassian.crowd.embedded.api;

import com.atlassian.crowd.exception.FailedAuthenticationException;
import com.atlassian.crowd.exception.InvalidCredentialException;
import com.atlassian.crowd.exception.InvalidUserException;
import com.atlassian.crowd.exception.OperationNotPermittedException;
import com.atlassian.crowd.exception.embedded.InvalidGroupException;
import com.atlassian.crowd.exception.runtime.GroupNotFoundException;
import com.atlassian.crowd.exception.runtime.OperationFailedException;
import com.atlassian.crowd.exception.runtime.UserNotFoundException;
import java.util.Set;

/**
 * Stub of Crowd's embedded CrowdService (embedded-crowd-api 5.1.6, [DECL]): only the members the
 * plugin calls, with their exact throws clauses. OperationFailedException, UserNotFoundException
 * and GroupNotFoundException are the unchecked ones from {@code com.atlassian.crowd.exception.runtime}.
 */
public interface CrowdService {
    /**
     * The user whose password this is; a wrong password, an unknown or inactive account or an expired
     * credential is a {@link FailedAuthenticationException} (or a subclass), a directory that cannot
     * answer an {@link OperationFailedException}.
     */
    User authenticate(String name, String credential) throws FailedAuthenticationException, OperationFailedException;

    User getUser(String name);

    UserWithAttributes getUserWithAttributes(String name);

    Group getGroup(String name);

    boolean isUserMemberOfGroup(String userName, String groupName);

    UserWithAttributes addUser(UserWithAttributes user, String credential)
            throws InvalidUserException, InvalidCredentialException, OperationNotPermittedException,
                    OperationFailedException;

    User updateUser(User user)
            throws UserNotFoundException, InvalidUserException, OperationNotPermittedException,
                    OperationFailedException;

    /**
     * Not called by the plugin: implemented by the reference host (its users admin renames through it,
     * as the products' user administration does), so the tests can rename an account.
     */
    User renameUser(User user, String newUsername)
            throws UserNotFoundException, InvalidUserException, OperationNotPermittedException,
                    OperationFailedException;

    void setUserAttribute(User user, String attributeName, Set<String> attributeValues)
            throws UserNotFoundException, OperationNotPermittedException, OperationFailedException;

    void removeUserAttribute(User user, String attributeName)
            throws UserNotFoundException, OperationNotPermittedException, OperationFailedException;

    Group addGroup(Group group)
            throws InvalidGroupException, OperationNotPermittedException, OperationFailedException;

    boolean addUserToGroup(User user, Group group)
            throws GroupNotFoundException, UserNotFoundException, OperationNotPermittedException,
                    OperationFailedException;

    boolean removeUserFromGroup(User user, Group group)
            throws GroupNotFoundException, UserNotFoundException, OperationNotPermittedException,
                    OperationFailedException;
}
