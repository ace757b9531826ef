package com.atlassian.sal.api.user;

import java.security.Principal;
import javax.servlet.http.HttpServletRequest;

/** Stub of SAL's UserManager (sal-api 5.1.4, [DECL]): only the members the plugin calls. */
public interface UserManager {
    UserProfile getRemoteUser(HttpServletRequest request);

    UserKey getRemoteUserKey(HttpServletRequest request);

    boolean isSystemAdmin(UserKey userKey);

    boolean isAdmin(UserKey userKey);

    Principal resolve(String username) throws UserResolutionException;
}
