package io.oidcsso.plugin.host;

import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Starts the product's websudo ("secure administrator") session for the current request's session. SAL's
 * {@code WebSudoManager} can only check and enforce one, so each product's own manager does it
 * (docs/host-api.md, "Websudo"). Used only after the IdP re-authenticated the session's own user.
 */
public interface WebSudoStarter {
    /** Empty when {@link #start} can work on this host; otherwise why not, for one log line. */
    Optional<String> unavailableReason();

    /**
     * Starts websudo for the session of {@code request}.
     *
     * @throws IllegalStateException when the product's manager cannot be reached or refuses
     */
    void start(HttpServletRequest request, HttpServletResponse response);
}
