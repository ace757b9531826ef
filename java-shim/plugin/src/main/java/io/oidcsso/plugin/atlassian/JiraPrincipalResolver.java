package io.oidcsso.plugin.atlassian;

import com.atlassian.jira.user.util.UserManager;
import java.security.Principal;
import java.util.Objects;

/** Jira: the Seraph principal is the {@code ApplicationUser} itself, as JiraSeraphAuthenticator#getUser returns it. */
public final class JiraPrincipalResolver implements PrincipalResolver {
    private final UserManager jiraUserManager;

    public JiraPrincipalResolver(UserManager jiraUserManager) {
        this.jiraUserManager = Objects.requireNonNull(jiraUserManager, "jiraUserManager");
    }

    @Override
    public Principal resolve(String username) {
        return jiraUserManager.getUserByName(username);
    }
}
