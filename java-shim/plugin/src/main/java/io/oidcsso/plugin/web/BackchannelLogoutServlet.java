package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.admin.UnreadBody;
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/backchannel-logout} (served at
 * {@code /plugins/servlet/oidc-sso/backchannel-logout}): the IdP's server-to-server logout call. Open to
 * anonymous callers (the IdP has no session); the logout token is the credential.
 */
@UnrestrictedAccess
public final class BackchannelLogoutServlet extends LeasedServlet<BackchannelLogoutHandler> {
    private static final long serialVersionUID = 1L;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public BackchannelLogoutServlet(OidcSso sso) {
        super(sso.backchannel());
    }

    @Override
    java.util.Set<String> allowedMethods() {
        return AllowedMethods.POST;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BackchannelLogoutHandler current = handler();
        if (current == null) {
            UnreadBody.settle(request, response);
            BackchannelLogoutHandler.writeError(response, "sso_disabled", ReferenceIds.next());
            return;
        }
        current.handle(request, response);
    }
}
