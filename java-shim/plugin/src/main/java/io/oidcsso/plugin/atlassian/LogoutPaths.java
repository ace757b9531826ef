package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.ApplicationProperties;
import java.util.Set;

/** The product's own logout action, context-relative, by SAL platform id (like {@link LoginPaths}). */
public final class LogoutPaths {
    private LogoutPaths() {}

    public static Set<String> forPlatform(String platformId) {
        switch (platformId) {
            case ApplicationProperties.PLATFORM_JIRA:
                return Set.of("/secure/Logout!default.jspa", "/logout");
            case ApplicationProperties.PLATFORM_CONFLUENCE:
                return Set.of("/logout.action");
            case ApplicationProperties.PLATFORM_BAMBOO:
                return Set.of("/userLogout.action");
            default:
                // refapp (the reference host); Bitbucket/Stash
                return Set.of("/logout", "/j_atl_security_logout");
        }
    }
}
