package io.oidcsso.refhost.web;

import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.sal.RefUserManager;
import io.oidcsso.refhost.security.AuthenticatedUser;
import java.io.IOException;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The gate of the host's administration resources: an administrator, and for a change the XSRF header. */
final class AdminOnly {
    private AdminOnly() {
    }

    /**
     * True when the request may go on; otherwise its JSON 403 is written ({@code forbidden}, naming
     * {@code what} is for administrators, or {@code xsrf_check_failed} for a change without
     * {@code X-Atlassian-Token: no-check}).
     */
    static boolean admit(HttpServletRequest request, HttpServletResponse response, FileCrowdService directory,
            String what) throws IOException {
        Optional<AuthenticatedUser> user = CurrentUser.of(request);
        if (user.isEmpty() || !directory.isUserMemberOfGroup(user.get().name(), RefUserManager.ADMIN_GROUP)) {
            UnreadBody.settle(request, response);
            JsonResponses.error(response, 403, "forbidden", what + " is for administrators");
            return false;
        }
        if (!"GET".equals(request.getMethod()) && !"no-check".equals(request.getHeader("X-Atlassian-Token"))) {
            UnreadBody.settle(request, response);
            JsonResponses.error(response, 403, "xsrf_check_failed", "send X-Atlassian-Token: no-check");
            return false;
        }
        return true;
    }
}
