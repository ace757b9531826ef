package io.oidcsso.refhost.web;

import io.oidcsso.refhost.security.AuthenticatedUser;
import io.oidcsso.refhost.security.SecurityFilter;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;

/** The user the security filter found for this request. */
final class CurrentUser {
    private CurrentUser() {}

    static Optional<AuthenticatedUser> of(HttpServletRequest request) {
        Object user = request.getAttribute(SecurityFilter.USER_ATTRIBUTE);
        return user instanceof AuthenticatedUser u ? Optional.of(u) : Optional.empty();
    }
}
