package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.atlassian.sal.api.ApplicationProperties;
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
 * The {@code servlet-filter} module (location before-login, first of the plugin's) for
 * {@code Authorization: Bearer <JWT>} from a configured IdP ({@link BearerAuthenticator}). A request
 * without such a header costs one header read; personal access tokens and other schemes pass untouched.
 * On Bitbucket the filter does nothing: there bearer tokens go through {@link BitbucketBearerHandler}, the
 * product's documented way (docs/host-api.md), so that one path decides and writes one audit line.
 */
@UnrestrictedAccess
public final class OidcBearerFilter implements Filter {
    private volatile BearerAuthenticator bearer;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public OidcBearerFilter(OidcSso sso) {
        boolean bitbucket = ApplicationProperties.PLATFORM_BITBUCKET.equals(
                sso.runtime().adapters().hostInfo().platformId());
        this.bearer = bitbucket ? null : new BearerAuthenticator(sso.runtime());
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // Everything it needs came built with OidcSso.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        BearerAuthenticator current = bearer;
        if (current != null && !PluginRuntime.isKillSwitchOn() && request instanceof HttpServletRequest http
                && response instanceof HttpServletResponse httpResponse) {
            BearerAuthenticator.Outcome outcome = current.apply(http, httpResponse);
            if (!outcome.answered()) {
                chain.doFilter(outcome.request(), response);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
        bearer = null;
    }
}
