package io.oidcsso.plugin.atlassian;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogoutPathsTest {
    @Test
    void forPlatformWhenEachProductThenItsOwnLogoutAction() {
        assertTrue(LogoutPaths.forPlatform("jira").contains("/secure/Logout!default.jspa"));
        assertTrue(LogoutPaths.forPlatform("conf").contains("/logout.action"));
        assertTrue(LogoutPaths.forPlatform("bamboo").contains("/userLogout.action"));
        assertTrue(LogoutPaths.forPlatform("refapp").contains("/logout"));
    }
}
