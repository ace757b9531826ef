package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet-filter} module (location before-login, before the login filter) that makes
 * logout real: a session bound by an OIDC login that the IdP has since ended (back- or front-channel,
 * received by any node) is ended before the product sees the request, and the product's logout also
 * ends the session at the IdP. Sessions without an OIDC login cost one attribute read.
 */
@UnrestrictedAccess
public final class OidcLogoutFilter implements Filter {
    private volatile SessionLogout logout;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public OidcLogoutFilter(OidcSso sso) {
        this.logout = sso.sessionLogout();
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // Everything it needs came built with OidcSso.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        SessionLogout current = logout;
        if (current != null && !PluginRuntime.isKillSwitchOn() && request instanceof HttpServletRequest
                && response instanceof HttpServletResponse) {
            SessionLogout.Outcome outcome = current.apply((HttpServletRequest) request, (HttpServletResponse) response);
            if (outcome == SessionLogout.Outcome.REDIRECTED) {
                return;
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
        logout = null;
    }
}
