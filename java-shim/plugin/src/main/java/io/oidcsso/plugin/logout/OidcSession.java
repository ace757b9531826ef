package io.oidcsso.plugin.logout;

import io.oidcsso.plugin.engine.LoginDecision;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpSession;

/**
 * What an OIDC login leaves in the product's session for its logout: the IdP, {@code iss},
 * {@code sub}, {@code sid} and when it was bound; the ID token for {@code id_token_hint} is kept next to
 * it and read only on the logout path ({@link #idTokenHint}). Server-side only (session attributes, never
 * a cookie); every value is a JDK type (String, String[], Long) so a replicated or persisted session
 * carries it, and a product's session store deserialises it after any plugin upgrade. {@link #IDP} and
 * {@link #ISSUER} are part of the documented contract (README, "The reference host contract"): a host
 * may read them to say how the user signed in.
 *
 * <p>Each request of a session costs one attribute read here ({@link #lookup}): the revocation check's
 * values travel together in one String[] ({@link #CHECK}). Jetty takes the session's lock for every
 * {@code getAttribute}, so reads of a session's parallel requests contend (docs/benchmarks.md). The
 * String[] is written under the name the previous format gave the ID token, so that this one read tells
 * the three kinds of session apart: nothing there (not an OIDC login: a local account's session costs
 * one read, as before), a String (a session the previous version bound, whose every OIDC login stored
 * its non-null ID token there: read the old way, checked exactly as before), a String[] (this format).
 * The separate {@code sub}, {@code sid} and {@code boundAt} values are still written, so a node still
 * running the previous version (or a downgrade) checks these sessions as before; it only misses the
 * {@code id_token_hint} on logout and sends {@code client_id} instead.
 */
public record OidcSession(String idpId, String issuer, String subject, String sid, long boundAtMillis) {
    static final String PREFIX = "io.oidcsso.session.";
    static final String IDP = PREFIX + "idp";
    static final String ISSUER = PREFIX + "iss";
    static final String SUBJECT = PREFIX + "sub";
    static final String SID = PREFIX + "sid";
    static final String BOUND_AT = PREFIX + "boundAt";
    /** The check's values, {@code {FORMAT, idp, iss, sub, sid or null, boundAt}}; the previous format's ID token. */
    static final String CHECK = PREFIX + "idToken";
    /** The ID token, for {@code id_token_hint} only. */
    static final String ID_TOKEN = PREFIX + "idTokenHint";
    static final String FORMAT = "oidc-sso-session-1";
    private static final int CHECK_LENGTH = 6;
    private static final String[] ALL = {CHECK, IDP, ISSUER, SUBJECT, SID, BOUND_AT, ID_TOKEN};
    /**
     * The node's parsed records ({@link Parsed}), one per slot picked by the array's identity hash: a collision
     * replaces the slot, a miss parses again. Written and read without a lock: a {@link Parsed} is immutable (its
     * fields final), so a request sees either a whole entry or an older one, and an older one is a miss.
     */
    private static final int PARSED_SLOTS = 1024;
    private static final Parsed[] PARSED = new Parsed[PARSED_SLOTS];

    public OidcSession {
        Objects.requireNonNull(idpId, "idpId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
    }

    /**
     * What {@link #lookup} found: {@code login} when the session holds an OIDC login; {@code damage} when it
     * holds an OIDC record that cannot be read (never trusted: the logout filter ends such a session);
     * neither for a session without an OIDC login.
     */
    public record Lookup(OidcSession login, String damage) {
        static final Lookup NONE = new Lookup(null, null);

        public boolean damaged() {
            return damage != null;
        }
    }

    /** What a login decision hands over for its later logout. */
    public static OidcSession of(LoginDecision decision, long boundAtMillis) {
        return new OidcSession(decision.idpId(), decision.issuer(), decision.subject(), decision.sid(), boundAtMillis);
    }

    /** Records this login and its ID token in {@code session} (call right after the session was bound). */
    public void store(HttpSession session, String idTokenHint) {
        session.setAttribute(IDP, idpId);
        session.setAttribute(ISSUER, issuer);
        session.setAttribute(SUBJECT, subject);
        setOrRemove(session, SID, sid);
        session.setAttribute(BOUND_AT, boundAtMillis);
        setOrRemove(session, ID_TOKEN, idTokenHint);
        // A new array each time: the one in the session is never changed in place.
        session.setAttribute(CHECK, new String[] {FORMAT, idpId, issuer, subject, sid, Long.toString(boundAtMillis)});
    }

    /** The OIDC login of {@code session}, if it has one that can be read (see {@link #lookup}). */
    public static Optional<OidcSession> read(HttpSession session) {
        return Optional.ofNullable(lookup(session).login());
    }

    /** The OIDC login of {@code session}: one attribute read for this format and for sessions without one. */
    public static Lookup lookup(HttpSession session) {
        if (session == null) {
            return Lookup.NONE;
        }
        Object check = session.getAttribute(CHECK);
        if (check == null) {
            return Lookup.NONE;
        }
        if (check instanceof String) {
            return readPrevious(session);
        }
        if (!(check instanceof String[] values)) {
            return new Lookup(null, "not a String[]: " + check.getClass().getName());
        }
        int slot = System.identityHashCode(values) & (PARSED_SLOTS - 1);
        Parsed known = PARSED[slot];
        if (known != null && known.isOf(values)) {
            return known.lookup();
        }
        Lookup parsed = parse(values);
        if (parsed.login() != null) {
            PARSED[slot] = new Parsed(values, values.clone(), parsed);
        }
        return parsed;
    }

    /**
     * A record {@link #lookup} parsed, by the identity of the session's String[] (the one {@link #store} wrote,
     * or the one a replicated session's store deserialised): every request of a session reads the same array,
     * so its parse is kept. The array's six elements are compared by identity too, so an array changed in place
     * (never done by this plugin) is parsed again. Only readable records are kept: a damaged one is judged anew
     * each time (and ends the session).
     */
    private record Parsed(String[] record, String[] values, Lookup lookup) {
        boolean isOf(String[] candidate) {
            if (candidate != record || candidate.length != values.length) {
                return false;
            }
            for (int i = 0; i < values.length; i++) {
                if (candidate[i] != values[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Lookup parse(String[] values) {
        if (values.length != CHECK_LENGTH || !FORMAT.equals(values[0])) {
            return new Lookup(null, "not the " + FORMAT + " format");
        }
        String idp = values[1];
        String issuer = values[2];
        String subject = values[3];
        String sid = values[4];
        if (isEmpty(idp) || isEmpty(issuer) || isEmpty(subject) || (sid != null && sid.isEmpty())) {
            return new Lookup(null, "an empty value");
        }
        long boundAt;
        try {
            boundAt = Long.parseLong(values[5]);
        } catch (NumberFormatException e) {
            return new Lookup(null, "boundAt is not a number");
        }
        return new Lookup(new OidcSession(idp, issuer, subject, sid, boundAt), null);
    }

    /** A session the previous version bound: its six attributes, read and judged exactly as that version did. */
    private static Lookup readPrevious(HttpSession session) {
        Object issuer = session.getAttribute(ISSUER);
        if (!(issuer instanceof String)) {
            return Lookup.NONE;
        }
        Object boundAt = session.getAttribute(BOUND_AT);
        String idp = text(session, IDP);
        String subject = text(session, SUBJECT);
        if (idp == null || subject == null || !(boundAt instanceof Long)) {
            return Lookup.NONE;
        }
        return new Lookup(new OidcSession(idp, (String) issuer, subject, text(session, SID), (Long) boundAt), null);
    }

    /** The ID token for {@code id_token_hint}, for the logout path only; null when the session has none. */
    public static String idTokenHint(HttpSession session) {
        if (session == null) {
            return null;
        }
        String hint = text(session, ID_TOKEN);
        // A session the previous version bound kept it under the name the check's values use now.
        return hint != null ? hint : text(session, CHECK);
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

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
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
}
