package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.engine.LoginEngine;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/initiate}: the {@code initiate_login_uri} of OIDC Core 4
 * (third-party-initiated login). {@code iss} must equal an enabled IdP's issuer exactly (else a 400
 * page with {@code unknown_issuer}); {@code target_link_uri} is kept only when same-origin.
 */
@UnrestrictedAccess
public final class OidcInitiateServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient volatile OidcSso sso;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public OidcInitiateServlet(OidcSso sso) {
        this.sso = Objects.requireNonNull(sso, "sso");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        handle(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        handle(request, response);
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        if (request instanceof HttpServletRequest && response instanceof HttpServletResponse
                && AllowedMethods.refused((HttpServletRequest) request, (HttpServletResponse) response,
                        AllowedMethods.GET_POST)) {
            return;
        }
        super.service(request, response);
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        OidcSso current = sso;
        Optional<LoginEngine> engine = current == null ? Optional.empty() : current.runtime().activeEngine();
        if (engine.isEmpty()) {
            MethodCheckingServlet.notInService(request, response);
            return;
        }
        try {
            String issuer = RequestParameters.single(request, "iss");
            String target = RequestParameters.single(request, "target_link_uri");
            // Nothing follows this servlet: "local" or "pass" fall back to the product's login page.
            current.loginStarter().initiate(request, response, (req, res) -> ((HttpServletResponse) res).sendRedirect(
                    request.getContextPath() + current.failurePage().loginPath()), engine.get(), issuer, target);
        } catch (MalformedRequestException e) {
            RequestParameters.refuse(request, response, current.failurePage(), e);
        }
    }

    @Override
    public void destroy() {
        sso = null;
    }
}
