package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.ApplicationProperties;
import java.util.Set;

/** The product's own login page, context-relative, by SAL platform id. */
public final class LoginPaths {
    private LoginPaths() {}

    public static Set<String> forPlatform(String platformId) {
        switch (platformId) {
            case ApplicationProperties.PLATFORM_JIRA:
                return Set.of("/login.jsp");
            case ApplicationProperties.PLATFORM_CONFLUENCE:
                return Set.of("/login.action");
            case ApplicationProperties.PLATFORM_BAMBOO:
                return Set.of("/userlogin!doDefault.action");
            default:
                // refapp (the reference host), Bitbucket/Stash
                return Set.of("/login");
        }
    }
}
