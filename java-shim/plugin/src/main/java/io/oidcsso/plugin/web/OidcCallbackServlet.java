package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/callback} (served at {@value io.oidcsso.plugin.runtime.PluginRuntime#CALLBACK_PATH}):
 * the IdP's redirect back. GET for the query response mode, POST for form_post.
 */
@UnrestrictedAccess
public final class OidcCallbackServlet extends LeasedServlet<CallbackHandler> {
    private static final long serialVersionUID = 1L;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public OidcCallbackServlet(OidcSso sso) {
        super(sso.callback());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response);
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CallbackHandler current = handler();
        if (current == null) {
            MethodCheckingServlet.notInService(request, response);
            return;
        }
        current.handle(request, response);
    }
}
