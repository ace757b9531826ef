package com.atlassian.jira.user;

import java.security.Principal;

/**
 * Stub of Jira's ApplicationUser, the Seraph principal in Jira. The plugin uses it only as a
 * {@link Principal}. Interface-ness and {@code extends Principal}: see docs/host-api.md.
 */
public interface ApplicationUser extends Principal {}
