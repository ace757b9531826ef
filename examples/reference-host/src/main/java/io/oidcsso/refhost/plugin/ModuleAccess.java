package io.oidcsso.refhost.plugin;

import io.oidcsso.refhost.security.RequestPaths;
import io.oidcsso.refhost.security.SecurityFilter;
import io.oidcsso.refhost.security.SessionAuthenticator;
import io.oidcsso.refhost.web.Html;
import io.oidcsso.refhost.web.JsonResponses;
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Platform 7 "secure endpoints by default" for plugin modules: a servlet or filter without
 * {@code @UnrestrictedAccess} is refused (401) to anonymous requests.
 */
public final class ModuleAccess {
    private final SessionAuthenticator sessions;

    public ModuleAccess(SessionAuthenticator sessions) {
        this.sessions = sessions;
    }

    /** True when the module may run; otherwise the 401 has been sent. */
    boolean admit(String moduleKey, boolean unrestricted, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (unrestricted || !isAnonymous(request)) {
            return true;
        }
        String message = "plugin module `" + moduleKey + "` is not open to anonymous users; log in first";
        if (RequestPaths.isUnder(RequestPaths.of(request), "/rest")) {
            JsonResponses.error(response, 401, "unauthorized", message);
        } else {
            Html.page(response, 401, "Log in required", "<p>" + Html.escape(message)
                    + "</p><p><a href=\"/login\">Log in</a></p>");
        }
        return false;
    }

    private boolean isAnonymous(HttpServletRequest request) {
        if (request.getAttribute(SecurityFilter.USER_ATTRIBUTE) != null) {
            return false;
        }
        // Before the security filter has run (after-encoding, before-login) the session decides.
        return sessions.fromSession(request).isEmpty();
    }
}
