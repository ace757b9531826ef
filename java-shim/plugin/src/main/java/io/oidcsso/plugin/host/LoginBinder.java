package io.oidcsso.plugin.host;

import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Makes the request's session belong to a user, or ends that. One implementation per product family. */
public interface LoginBinder {
    /**
     * Binds the session of {@code request} to {@code user}: starts a new session first (the old one
     * invalidated), never sets a remember-me cookie.
     *
     * @throws LoginRefusedException when the product would not let this user log in (inactive, or no product access)
     */
    void bind(HttpServletRequest request, HttpServletResponse response, DirectoryUser user);

    /**
     * Authenticates this one request as {@code user} without a session: the returned request carries a
     * session of its own that ends with the request (no container session, no cookie), holding what the
     * product's authenticator reads. For bearer tokens.
     *
     * @throws LoginRefusedException when the product would not let this user log in (inactive, or no product access)
     */
    HttpServletRequest authenticateRequest(HttpServletRequest request, HttpServletResponse response,
            DirectoryUser user);

    /** Ends the login held by the request's session, if any. */
    void end(HttpServletRequest request);

    /** The username the request's session is bound to, if any. */
    Optional<String> boundUsername(HttpServletRequest request);

    /**
     * Whether {@link #boundUsername} would name someone; an implementation may answer it with fewer session
     * reads (it runs on every request of an SSO session).
     */
    default boolean loggedIn(HttpServletRequest request) {
        return boundUsername(request).isPresent();
    }
}
