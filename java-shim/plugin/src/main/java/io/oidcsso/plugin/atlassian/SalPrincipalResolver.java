package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.user.UserResolutionException;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.host.UserDirectoryException;
import java.security.Principal;
import java.util.Objects;

/**
 * Resolves through SAL {@code UserManager#resolve} (reference host, Bamboo). When the product needs a
 * specific principal class, a result of another class is refused rather than put into the session.
 */
public final class SalPrincipalResolver implements PrincipalResolver {
    private final UserManager userManager;
    private final Class<? extends Principal> requiredType;

    public SalPrincipalResolver(UserManager userManager, Class<? extends Principal> requiredType) {
        this.userManager = Objects.requireNonNull(userManager, "userManager");
        this.requiredType = Objects.requireNonNull(requiredType, "requiredType");
    }

    @Override
    public Principal resolve(String username) {
        Principal principal;
        try {
            principal = userManager.resolve(username);
        } catch (UserResolutionException e) {
            throw new UserDirectoryException(UserDirectoryException.ERROR, "could not resolve user " + username, e);
        }
        if (principal != null && !requiredType.isInstance(principal)) {
            throw new LoginRefusedException("host_principal_unsupported", "SAL resolved " + username + " to a "
                    + principal.getClass().getName() + ", but this product needs a " + requiredType.getName());
        }
        return principal;
    }
}
