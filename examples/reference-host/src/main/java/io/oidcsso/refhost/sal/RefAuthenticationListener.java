package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.auth.AuthenticationListener;
import com.atlassian.sal.api.auth.Authenticator;
import io.oidcsso.refhost.security.SessionAuthenticator;
import io.oidcsso.refhost.security.SignIn;
import java.security.Principal;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SAL AuthenticationListener with the product's semantics (sal-core 5.1.4 SeraphAuthenticationListener;
 * Confluence's ConfluenceSeraphAuthenticationListener, which wraps the principal in a
 * ConfluenceUserPrincipal; Bitbucket its own session key): on success the session, as the caller left
 * it, holds the principal. Like the real listener it does NOT rotate the session id: the caller must
 * start a new session first (the host refuses a login that kept the anonymous session's id).
 */
public final class RefAuthenticationListener implements AuthenticationListener {
    private static final Logger LOG = LoggerFactory.getLogger(RefAuthenticationListener.class);

    private final SessionAuthenticator sessions;

    public RefAuthenticationListener(SessionAuthenticator sessions) {
        this.sessions = sessions;
    }

    @Override
    public void authenticationSuccess(Authenticator.Result result, HttpServletRequest request,
            HttpServletResponse response) {
        Principal principal = result.getPrincipal();
        if (principal == null) {
            throw new IllegalArgumentException("authenticationSuccess needs a Result with a principal");
        }
        HttpSession session = request.getSession();
        sessions.bind(session, principal);
        SignIn.record(session, SignIn.Way.SAL, System.currentTimeMillis());
        request.setAttribute("os_authstatus", "success");
        request.setAttribute("loginfilter.already.filtered", Boolean.TRUE);
        LOG.info("login through SAL AuthenticationListener: `{}` ({})", principal.getName(), sessions.product().flag());
    }

    @Override
    public void authenticationFailure(Authenticator.Result result, HttpServletRequest request,
            HttpServletResponse response) {
        // As in SAL's Seraph listener: nothing to do.
    }

    @Override
    public void authenticationError(Authenticator.Result result, HttpServletRequest request,
            HttpServletResponse response) {
        // As in SAL's Seraph listener: nothing to do.
    }

    @Override
    public void authenticationNotAttempted(HttpServletRequest request, HttpServletResponse response) {
        // As in SAL's Seraph listener: nothing to do.
    }
}
