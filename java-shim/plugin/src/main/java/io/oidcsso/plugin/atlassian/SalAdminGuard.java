package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.user.UserKey;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.user.UserProfile;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.websudo.WebSudoSessionException;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import io.oidcsso.plugin.host.AdminGuard;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link AdminGuard} over SAL's UserManager, WebSudoManager and XsrfTokenValidator. */
public final class SalAdminGuard implements AdminGuard {
    private final UserManager userManager;
    private final WebSudoManager webSudoManager;
    private final XsrfTokenValidator xsrfTokenValidator;

    public SalAdminGuard(UserManager userManager, WebSudoManager webSudoManager, XsrfTokenValidator xsrfTokenValidator) {
        this.userManager = Objects.requireNonNull(userManager, "userManager");
        this.webSudoManager = Objects.requireNonNull(webSudoManager, "webSudoManager");
        this.xsrfTokenValidator = Objects.requireNonNull(xsrfTokenValidator, "xsrfTokenValidator");
    }

    @Override
    public Optional<String> remoteUsername(HttpServletRequest request) {
        UserProfile profile = userManager.getRemoteUser(request);
        return profile == null ? Optional.empty() : Optional.ofNullable(profile.getUsername());
    }

    @Override
    public boolean isAdmin(HttpServletRequest request) {
        UserKey key = userManager.getRemoteUserKey(request);
        return key != null && userManager.isAdmin(key);
    }

    @Override
    public boolean isSystemAdmin(HttpServletRequest request) {
        UserKey key = userManager.getRemoteUserKey(request);
        return key != null && userManager.isSystemAdmin(key);
    }

    @Override
    public boolean hasWebSudo(HttpServletRequest request) {
        if (!webSudoManager.canExecuteRequest(request)) {
            return false;
        }
        try {
            webSudoManager.willExecuteWebSudoRequest(request);
            return true;
        } catch (WebSudoSessionException e) {
            return false;
        }
    }

    @Override
    public void requireWebSudo(HttpServletRequest request, HttpServletResponse response) {
        webSudoManager.enforceWebSudoProtection(request, response);
    }

    @Override
    public boolean isValidXsrfToken(HttpServletRequest request) {
        return xsrfTokenValidator.validateFormEncodedToken(request);
    }

    @Override
    public String xsrfParameterName() {
        return xsrfTokenValidator.getXsrfParameterName();
    }
}
