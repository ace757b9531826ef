package io.oidcsso.plugin.atlassian;

import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.crowd.embedded.api.User;
import com.atlassian.crowd.exception.FailedAuthenticationException;
import com.atlassian.crowd.exception.runtime.CrowdRuntimeException;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.user.UserProfile;
import io.oidcsso.plugin.host.LocalAccounts;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * {@link LocalAccounts} over Crowd's {@code CrowdService.authenticate} (the password check the
 * products' own login forms end in) and SAL's {@code isSystemAdmin}. Crowd tells a deactivated
 * account apart ({@code InactiveAccountException}) only once the password matched; its class is
 * compared by name so that the plugin does not link against the subclass.
 */
public final class CrowdLocalAccounts implements LocalAccounts {
    private static final Logger LOG = Logger.getLogger(CrowdLocalAccounts.class.getName());
    private static final String INACTIVE = "com.atlassian.crowd.exception.InactiveAccountException";

    private final CrowdService crowd;
    private final UserManager userManager;

    public CrowdLocalAccounts(CrowdService crowd, UserManager userManager) {
        this.crowd = Objects.requireNonNull(crowd, "crowd");
        this.userManager = Objects.requireNonNull(userManager, "userManager");
    }

    @Override
    public Result authenticate(String username, String password) {
        try {
            User user = crowd.authenticate(username, password);
            return new Result(Check.OK, user == null ? username : user.getName());
        } catch (FailedAuthenticationException e) {
            boolean inactive = INACTIVE.equals(e.getClass().getName());
            return new Result(inactive ? Check.INACTIVE : Check.WRONG, username);
        } catch (CrowdRuntimeException e) {
            LOG.warning("oidc-sso: the user directory could not check a password (" + e.getClass().getSimpleName()
                    + ")");
            return new Result(Check.UNAVAILABLE, username);
        }
    }

    @Override
    public boolean isSystemAdmin(String username) {
        UserProfile profile = userManager.getUserProfile(username);
        return profile != null && userManager.isSystemAdmin(profile.getUserKey());
    }

    @Override
    public boolean isMember(String username, String group) {
        try {
            return crowd.isUserMemberOfGroup(username, group);
        } catch (CrowdRuntimeException e) {
            return false;
        }
    }
}
