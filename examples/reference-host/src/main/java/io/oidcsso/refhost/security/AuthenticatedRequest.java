package io.oidcsso.refhost.security;

import io.oidcsso.refhost.crowd.FileCrowdService;
import java.security.Principal;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/** The request as downstream code sees it once the security filter has found its user. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final AuthenticatedUser user;
    private final FileCrowdService directory;

    AuthenticatedRequest(HttpServletRequest request, AuthenticatedUser user, FileCrowdService directory) {
        super(request);
        this.user = user;
        this.directory = directory;
    }

    @Override
    public String getRemoteUser() {
        return user.name();
    }

    @Override
    public Principal getUserPrincipal() {
        return user.principal();
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && directory.isUserMemberOfGroup(user.name(), role);
    }

    @Override
    public String getAuthType() {
        return HttpServletRequest.FORM_AUTH;
    }
}
