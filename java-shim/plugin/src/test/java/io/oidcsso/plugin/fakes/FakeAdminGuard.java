package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.host.AdminGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The caller is the request's remote user; system administrator and websudo as the fields say. The
 * websudo challenge redirects to {@code /secure/websudo} and is counted; the XSRF token is valid when
 * the {@code atl_token} parameter equals {@link #xsrfToken} (null: never).
 */
public final class FakeAdminGuard implements AdminGuard {
    public boolean systemAdmin = true;
    public boolean webSudo = true;
    public String xsrfToken;
    public int webSudoChallenges;

    @Override
    public Optional<String> remoteUsername(HttpServletRequest request) {
        return Optional.ofNullable(request.getRemoteUser());
    }

    @Override
    public boolean isAdmin(HttpServletRequest request) {
        return systemAdmin;
    }

    @Override
    public boolean isSystemAdmin(HttpServletRequest request) {
        return systemAdmin;
    }

    @Override
    public boolean hasWebSudo(HttpServletRequest request) {
        return webSudo;
    }

    @Override
    public void requireWebSudo(HttpServletRequest request, HttpServletResponse response) {
        webSudoChallenges++;
        try {
            response.sendRedirect("/secure/websudo");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean isValidXsrfToken(HttpServletRequest request) {
        return xsrfToken != null && xsrfToken.equals(request.getParameter(xsrfParameterName()));
    }

    @Override
    public String xsrfParameterName() {
        return "atl_token";
    }
}
