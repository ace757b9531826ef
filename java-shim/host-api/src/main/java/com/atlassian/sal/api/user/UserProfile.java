package com.atlassian.sal.api.user;

/** Stub of SAL's UserProfile (sal-api 5.1.4, [DECL]): only the members the plugin calls. */
public interface UserProfile {
    UserKey getUserKey();

    String getUsername();

    String getFullName();

    String getEmail();
}
