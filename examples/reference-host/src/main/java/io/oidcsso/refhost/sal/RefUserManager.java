package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.user.UserKey;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.user.UserProfile;
import com.atlassian.sal.api.user.UserResolutionException;
import io.oidcsso.refhost.crowd.DirectoryUser;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.security.AuthenticatedUser;
import io.oidcsso.refhost.security.SecurityFilter;
import io.oidcsso.refhost.security.SessionAuthenticator;
import java.security.Principal;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;

/**
 * SAL's UserManager over the local directory. {@code resolve} returns the host's own principal
 * type, the one the security filter accepts in the Seraph session key. Admins and system admins
 * are the members of {@value #ADMIN_GROUP}.
 */
public final class RefUserManager implements UserManager {
    public static final String ADMIN_GROUP = "ref-admins";

    private final FileCrowdService directory;
    private final SessionAuthenticator sessions;

    public RefUserManager(FileCrowdService directory, SessionAuthenticator sessions) {
        this.directory = directory;
        this.sessions = sessions;
    }

    @Override
    public UserProfile getRemoteUser(HttpServletRequest request) {
        return remoteUser(request).map(u -> profile(u.user())).orElse(null);
    }

    @Override
    public UserKey getRemoteUserKey(HttpServletRequest request) {
        return remoteUser(request).map(u -> new UserKey(u.principal().userKey())).orElse(null);
    }

    @Override
    public UserProfile getUserProfile(String username) {
        if (username == null) {
            return null;
        }
        DirectoryUser user = (DirectoryUser) directory.getUser(username);
        return user == null ? null : profile(user);
    }

    /** By the stable key: a renamed account under its new name; null when no account has the key. */
    @Override
    public UserProfile getUserProfile(UserKey userKey) {
        if (userKey == null) {
            return null;
        }
        DirectoryUser user = directory.userByKey(userKey.getStringValue());
        return user == null ? null : profile(user);
    }

    @Override
    public boolean isSystemAdmin(UserKey userKey) {
        return isAdmin(userKey);
    }

    @Override
    public boolean isAdmin(UserKey userKey) {
        if (userKey == null) {
            return false;
        }
        DirectoryUser user = directory.userByKey(userKey.getStringValue());
        return user != null && user.isActive() && directory.isUserMemberOfGroup(user.getName(), ADMIN_GROUP);
    }

    @Override
    public Principal resolve(String username) throws UserResolutionException {
        if (username == null) {
            return null;
        }
        try {
            DirectoryUser user = (DirectoryUser) directory.getUser(username);
            return user == null ? null : sessions.principalFor(user);
        } catch (RuntimeException e) {
            throw new UserResolutionException("cannot read the user directory to resolve `" + username + "`", e);
        }
    }

    /** The request's user: set by the security filter, or (before it ran) read from the session. */
    private Optional<AuthenticatedUser> remoteUser(HttpServletRequest request) {
        if (request == null) {
            return Optional.empty();
        }
        Object known = request.getAttribute(SecurityFilter.USER_ATTRIBUTE);
        if (known instanceof AuthenticatedUser user) {
            return Optional.of(user);
        }
        return sessions.fromSession(request);
    }

    private UserProfile profile(DirectoryUser user) {
        String key = directory.userKey(user.getName());
        return new RefUserProfile(new UserKey(key), user.getName(), user.getDisplayName(), user.getEmailAddress());
    }
}
