package io.oidcsso.plugin.atlassian;

import com.atlassian.jira.user.ApplicationUser;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.user.UserManager;
import java.security.Principal;
import java.util.Optional;

/** Picks the product's {@link PrincipalResolver} by SAL platform id. */
public final class PrincipalResolvers {
    private PrincipalResolvers() {}

    /**
     * The resolver for a Seraph product, or empty for Bitbucket (no Seraph: it needs an
     * http-auth-handler, see docs/host-api.md).
     */
    public static Optional<PrincipalResolver> forPlatform(String platformId, UserManager salUserManager) {
        switch (platformId) {
            case ApplicationProperties.PLATFORM_CONFLUENCE:
                return Optional.of(new ConfluencePrincipalResolver(new SalPrincipalResolver(salUserManager, Principal.class)));
            case ApplicationProperties.PLATFORM_JIRA:
                // The module constructors only get SAL services, so Jira's own UserManager is not
                // available here; SAL's resolve must hand back the ApplicationUser Seraph expects.
                return Optional.of(new SalPrincipalResolver(salUserManager, ApplicationUser.class));
            case ApplicationProperties.PLATFORM_BITBUCKET:
            case ApplicationProperties.PLATFORM_STASH:
                return Optional.empty();
            default:
                return Optional.of(new SalPrincipalResolver(salUserManager, Principal.class));
        }
    }
}
