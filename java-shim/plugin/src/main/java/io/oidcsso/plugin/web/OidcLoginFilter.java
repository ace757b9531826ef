package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet-filter} module (location before-login): turns a browser's visit to the
 * product's login page into an SSO login. Decisions live in {@link LoginRequestPolicy}, the work in
 * {@link LoginStarter}.
 */
@UnrestrictedAccess
public final class OidcLoginFilter implements Filter {
    private final LoginRequestPolicy policy;
    private final LoginStarter starter;
    private final FailurePage failurePage;
    private final LocalLoginGuard localLoginGuard;
    private final WebSudoViaIdp webSudo;
    private volatile PluginRuntime runtime;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public OidcLoginFilter(OidcSso sso) {
        this.policy = sso.loginPolicy();
        this.starter = sso.loginStarter();
        this.failurePage = sso.failurePage();
        this.localLoginGuard = sso.localLoginGuard();
        this.webSudo = sso.webSudo();
        this.runtime = sso.runtime();
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // Everything it needs came built with OidcSso.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        PluginRuntime current = runtime;
        if (current == null || !(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        boolean killSwitch = PluginRuntime.isKillSwitchOn();
        // SSO enforced: a local password login goes on only for the allowed groups (with or without an engine).
        if (!killSwitch && localLoginGuard.handle(httpRequest, (HttpServletResponse) response)) {
            return;
        }
        AtomicReference<LoginEngine> engine = new AtomicReference<>();
        LoginRequestPolicy.Outcome outcome;
        try {
            // The product's websudo page, for a session an SSO login bound: the IdP instead of a password.
            if (webSudo.handle(httpRequest, (HttpServletResponse) response, chain, starter)) {
                return;
            }
            outcome = policy.decide(httpRequest, killSwitch, () -> {
                current.activeEngine().ifPresent(engine::set);
                return engine.get() != null;
            });
            if (outcome == LoginRequestPolicy.Outcome.START_LOGIN) {
                starter.start(httpRequest, (HttpServletResponse) response, chain, engine.get());
                return;
            }
        } catch (MalformedRequestException e) {
            RequestParameters.refuse(httpRequest, (HttpServletResponse) response, failurePage, e);
            return;
        }
        // routing.forceLogin: the core decides whether this anonymous page needs a login.
        if (outcome == LoginRequestPolicy.Outcome.PASS_NOT_LOGIN_PAGE && isAnonymousPage(httpRequest)) {
            current.activeEngine().ifPresent(engine::set);
            if (engine.get() != null) {
                starter.forceLogin(httpRequest, (HttpServletResponse) response, chain, engine.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** A page whose parameters cannot be read is the product's to answer: the filter does not claim it. */
    private boolean isAnonymousPage(HttpServletRequest request) {
        try {
            return policy.isAnonymousPage(request);
        } catch (MalformedRequestException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        runtime = null;
    }
}
