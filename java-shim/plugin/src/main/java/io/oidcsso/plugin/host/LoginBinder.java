package io.oidcsso.plugin.host;

import java.util.Optional;
import javax.servlet.http.HttpServletRequest;

/** Makes the request's session belong to a user, or ends that. One implementation per product family. */
public interface LoginBinder {
    /**
     * Binds the session of {@code request} to {@code user}: rotates the session id first, never
     * sets a remember-me cookie.
     *
     * @throws LoginRefusedException when the product would not let this user log in (inactive)
     */
    void bind(HttpServletRequest request, DirectoryUser user);

    /** Ends the login held by the request's session, if any. */
    void end(HttpServletRequest request);

    /** The username the request's session is bound to, if any. */
    Optional<String> boundUsername(HttpServletRequest request);
}
