package com.atlassian.bitbucket.user;

/**
 * Stub of bitbucket-api's {@code ApplicationUser} ([JAVADOC] 9.3.0, inherited members of {@code ServiceUser};
 * {@code getName()} from {@code Person}). Only the members the plugin calls or the reference host implements:
 * the real interface has more ({@code getId}, {@code getDisplayName}, {@code getEmailAddress}, {@code getType},
 * {@code accept}).
 */
public interface ApplicationUser {
    String getName();

    String getSlug();

    boolean isActive();
}
