package io.oidcsso.refhost.security;

import io.oidcsso.refhost.crowd.FileCrowdService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;

/** HTTP Basic authentication against the local directory, for API clients (no session is created). */
final class BasicAuthenticator {
    private static final String PREFIX = "basic ";

    private final FileCrowdService directory;
    private final SessionAuthenticator sessions;

    BasicAuthenticator(FileCrowdService directory, SessionAuthenticator sessions) {
        this.directory = directory;
        this.sessions = sessions;
    }

    boolean isPresent(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    Optional<AuthenticatedUser> authenticate(HttpServletRequest request) {
        String encoded = request.getHeader("Authorization").substring(PREFIX.length()).trim();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String username = decoded.substring(0, colon);
        return directory.checkPassword(username, decoded.substring(colon + 1))
                .flatMap(user -> sessions.activeUser(user.getName()));
    }
}
