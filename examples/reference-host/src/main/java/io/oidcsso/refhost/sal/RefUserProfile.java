package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.user.UserKey;
import com.atlassian.sal.api.user.UserProfile;

/** SAL's view of a directory user. */
record RefUserProfile(UserKey userKey, String username, String fullName, String email) implements UserProfile {
    @Override
    public UserKey getUserKey() {
        return userKey;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getFullName() {
        return fullName;
    }

    @Override
    public String getEmail() {
        return email;
    }
}
