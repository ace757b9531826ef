package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.auth.AuthenticationController;
import io.oidcsso.refhost.crowd.DirectoryUser;
import io.oidcsso.refhost.crowd.FileCrowdService;
import java.security.Principal;
import javax.servlet.http.HttpServletRequest;

/**
 * SAL AuthenticationController as Seraph's SeraphAuthenticationController: {@code canLogin} asks the
 * product's role mapper whether the user has product access. Here: an active user who is not a
 * member of {@value #NO_ACCESS_GROUP} (the host's stand-in for "no application access").
 */
public final class RefAuthenticationController implements AuthenticationController {
    /** Members of this group exist and are active, but may not log in to the product. */
    public static final String NO_ACCESS_GROUP = "ref-login-denied";

    private final FileCrowdService directory;

    public RefAuthenticationController(FileCrowdService directory) {
        this.directory = directory;
    }

    @Override
    public boolean shouldAttemptAuthentication(HttpServletRequest request) {
        return request.getAttribute("os_authstatus") == null;
    }

    @Override
    public boolean canLogin(Principal principal, HttpServletRequest request) {
        if (principal == null || principal.getName() == null) {
            return false;
        }
        return canLogin(principal.getName());
    }

    /** The role mapper's answer for a username (the host's own login asks it too). */
    public boolean canLogin(String username) {
        DirectoryUser user = (DirectoryUser) directory.getUser(username);
        return user != null && user.isActive() && !directory.isUserMemberOfGroup(user.getName(), NO_ACCESS_GROUP);
    }
}
