package com.atlassian.jira.user.util;

import com.atlassian.jira.user.ApplicationUser;

/** Stub of Jira's UserManager ([DECL] JIRA6315 use of getUserByName; [USAGE] 7.2.13). */
public interface UserManager {
    ApplicationUser getUserByName(String userName);
}
