package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import java.io.IOException;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/admin/test-login} (served under {@code /plugins/servlet}):
 * starts an administrator's test login ({@link TestLogins}). GET only. Unrestricted for the products'
 * own annotation checks because {@link TestLogins#start} checks system administrator, websudo and the
 * one-time ticket itself and answers with a small page.
 */
@UnrestrictedAccess
public final class TestLoginServlet extends LeasedServlet<OidcSso> {
    private static final long serialVersionUID = 1L;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public TestLoginServlet(OidcSso sso) {
        super(sso);
    }

    @Override
    Set<String> allowedMethods() {
        return AllowedMethods.GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OidcSso sso = handler();
        if (sso == null) {
            MethodCheckingServlet.notInService(request, response);
            return;
        }
        sso.testLogins().start(request, response);
    }
}
