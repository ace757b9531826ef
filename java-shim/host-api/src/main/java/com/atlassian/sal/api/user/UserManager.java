package com.atlassian.sal.api.user;

import java.security.Principal;
import javax.servlet.http.HttpServletRequest;

/** Stub of SAL's UserManager (sal-api 5.1.4, [DECL]): only the members the plugin calls. */
public interface UserManager {
    UserProfile getRemoteUser(HttpServletRequest request);

    UserKey getRemoteUserKey(HttpServletRequest request);

    /** The profile of the user with this name, or null when there is none. */
    UserProfile getUserProfile(String username);

    /**
     * The profile of the user with this key, or null when there is none. The key is the product's
     * stable user key: a rename keeps it, a new account gets a new one.
     */
    UserProfile getUserProfile(UserKey userKey);

    boolean isSystemAdmin(UserKey userKey);

    boolean isAdmin(UserKey userKey);

    Principal resolve(String username) throws UserResolutionException;
}
