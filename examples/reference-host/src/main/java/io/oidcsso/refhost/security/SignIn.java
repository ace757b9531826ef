package io.oidcsso.refhost.security;

import java.util.Optional;
import javax.servlet.http.HttpSession;

/**
 * How the session's user signed in, for the dashboard: with the host's own form (normally, or
 * through the emergency path {@code ?oidcsso_local=true}), or through SAL's AuthenticationListener
 * (a plugin, such as oidc-sso). Plain session attributes (a String and a Long), so a shared session
 * carries them too. For an SSO login the plugin's own session attributes, part of its documented
 * contract, name the IdP: {@link #OIDC_IDP} and {@link #OIDC_ISSUER}; the host reads them as Strings
 * and never depends on a plugin class.
 */
public record SignIn(Way way, long atMillis, String idp, String issuer) {
    public enum Way {
        /** The host's login form. */
        FORM,
        /** The host's login form, opened with {@code ?oidcsso_local=true} (the plugin's emergency path). */
        EMERGENCY,
        /** A plugin bound the session through SAL {@code AuthenticationListener.authenticationSuccess}. */
        SAL
    }

    private static final String WAY = "io.oidcsso.refhost.signIn.way";
    private static final String AT = "io.oidcsso.refhost.signIn.at";
    /** Written by the oidc-sso plugin after an SSO login: the IdP's id in its configuration. */
    public static final String OIDC_IDP = "io.oidcsso.session.idp";
    /** Written by the oidc-sso plugin after an SSO login: the IdP's issuer. */
    public static final String OIDC_ISSUER = "io.oidcsso.session.iss";

    /** Records how {@code session} was just logged in. */
    public static void record(HttpSession session, Way way, long atMillis) {
        session.setAttribute(WAY, way.name());
        session.setAttribute(AT, atMillis);
    }

    /** How {@code session} was logged in, when the host saw it happen. */
    public static Optional<SignIn> of(HttpSession session) {
        if (session == null || !(session.getAttribute(WAY) instanceof String way)
                || !(session.getAttribute(AT) instanceof Long at)) {
            return Optional.empty();
        }
        Way parsed;
        try {
            parsed = Way.valueOf(way);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new SignIn(parsed, at, text(session, OIDC_IDP), text(session, OIDC_ISSUER)));
    }

    private static String text(HttpSession session, String name) {
        return session.getAttribute(name) instanceof String value ? value : null;
    }
}
