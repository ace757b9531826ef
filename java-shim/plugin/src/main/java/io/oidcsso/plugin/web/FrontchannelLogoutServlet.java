package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.admin.UnreadBody;
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/frontchannel-logout} (served at
 * {@code /plugins/servlet/oidc-sso/frontchannel-logout}): the IdP logout page's iframe. Open to
 * anonymous callers: the cross-site iframe carries no product cookie.
 */
@UnrestrictedAccess
public final class FrontchannelLogoutServlet extends LeasedServlet<FrontchannelLogoutHandler> {
    private static final long serialVersionUID = 1L;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public FrontchannelLogoutServlet(OidcSso sso) {
        super(sso.frontchannel());
    }

    @Override
    java.util.Set<String> allowedMethods() {
        return AllowedMethods.GET;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FrontchannelLogoutHandler current = handler();
        if (current == null) {
            UnreadBody.settle(request, response);
            BackchannelLogoutHandler.writeError(response, "sso_disabled", ReferenceIds.next());
            return;
        }
        current.handle(request, response);
    }
}
