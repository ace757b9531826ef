package io.oidcsso.plugin.host;

import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Who may administer the plugin, and the product's websudo and XSRF protections. */
public interface AdminGuard {
    Optional<String> remoteUsername(HttpServletRequest request);

    boolean isAdmin(HttpServletRequest request);

    boolean isSystemAdmin(HttpServletRequest request);

    /** True when the request runs inside a websudo (secure administrator) session. */
    boolean hasWebSudo(HttpServletRequest request);

    /** Sends the product's websudo challenge as the response. */
    void requireWebSudo(HttpServletRequest request, HttpServletResponse response);

    /** True when the form-encoded XSRF token of the request is valid. */
    boolean isValidXsrfToken(HttpServletRequest request);

    String xsrfParameterName();
}
