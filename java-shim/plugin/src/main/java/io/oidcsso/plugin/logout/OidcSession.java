package io.oidcsso.plugin.logout;

import io.oidcsso.plugin.engine.LoginDecision;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpSession;

/**
 * What an OIDC login leaves in the product's session for its logout: the IdP, {@code iss},
 * {@code sub}, {@code sid}, when it was bound, and the ID token for {@code id_token_hint}. Server-side
 * only (session attributes, never a cookie); all values are Strings or a Long so a replicated or
 * persisted session can carry them. {@link #IDP} and {@link #ISSUER} are part of the documented contract
 * (README, "The reference host contract"): a host may read them to say how the user signed in.
 */
public record OidcSession(String idpId, String issuer, String subject, String sid, long boundAtMillis,
        String idTokenHint) {
    static final String PREFIX = "io.oidcsso.session.";
    static final String IDP = PREFIX + "idp";
    static final String ISSUER = PREFIX + "iss";
    static final String SUBJECT = PREFIX + "sub";
    static final String SID = PREFIX + "sid";
    static final String BOUND_AT = PREFIX + "boundAt";
    static final String ID_TOKEN = PREFIX + "idToken";
    private static final String[] ALL = {IDP, ISSUER, SUBJECT, SID, BOUND_AT, ID_TOKEN};

    public OidcSession {
        Objects.requireNonNull(idpId, "idpId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
    }

    /** What a login decision hands over for its later logout. */
    public static OidcSession of(LoginDecision decision, long boundAtMillis) {
        return new OidcSession(decision.idpId(), decision.issuer(), decision.subject(), decision.sid(),
                boundAtMillis, decision.idTokenHint());
    }

    /** Records this login in {@code session} (call right after the session was bound). */
    public void store(HttpSession session) {
        session.setAttribute(IDP, idpId);
        session.setAttribute(ISSUER, issuer);
        session.setAttribute(SUBJECT, subject);
        setOrRemove(session, SID, sid);
        session.setAttribute(BOUND_AT, boundAtMillis);
        setOrRemove(session, ID_TOKEN, idTokenHint);
    }

    /** The OIDC login of {@code session}, if the session was bound by one. */
    public static Optional<OidcSession> read(HttpSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Object issuer = session.getAttribute(ISSUER);
        if (!(issuer instanceof String)) {
            return Optional.empty();
        }
        Object boundAt = session.getAttribute(BOUND_AT);
        String idp = text(session, IDP);
        String subject = text(session, SUBJECT);
        if (idp == null || subject == null || !(boundAt instanceof Long)) {
            return Optional.empty();
        }
        return Optional.of(new OidcSession(idp, (String) issuer, subject, text(session, SID), (Long) boundAt,
                text(session, ID_TOKEN)));
    }

    /** Forgets the OIDC part of the login; a session already invalidated (Bitbucket's logout) has nothing left. */
    public static void clear(HttpSession session) {
        if (session == null) {
            return;
        }
        try {
            for (String name : ALL) {
                session.removeAttribute(name);
            }
        } catch (IllegalStateException e) {
            // Invalidated: its attributes are gone with it.
        }
    }

    private static String text(HttpSession session, String name) {
        Object value = session.getAttribute(name);
        return value instanceof String ? (String) value : null;
    }

    private static void setOrRemove(HttpSession session, String name, String value) {
        if (value == null) {
            session.removeAttribute(name);
        } else {
            session.setAttribute(name, value);
        }
    }

    @Override
    public String toString() {
        // The ID token never reaches a log line.
        return "OidcSession[idp=" + idpId + ", iss=" + issuer + ", sub=" + subject + ", sid=" + sid + ", boundAt="
                + boundAtMillis + "]";
    }
}
