package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.runtime.EngineSlot;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which {@code Bearer} tokens can be the plugin's at all, from the engine's info, read once per configuration
 * ({@link EngineSlot#generation}), so that a request whose token no IdP can claim (a product's personal access
 * token when no IdP introspects, or any token when no IdP has {@code bearer}) reaches the product without a
 * native call. The rule is the core's own ({@code rust/core/src/bearer.rs}): with no IdP introspecting, a
 * token that is not three base64url segments is passed ({@code notJwt}) whatever it holds; with no IdP having
 * {@code bearer}, every token is passed. When the info cannot be read, every token goes to the core.
 */
final class BearerScope {
    private static final Logger LOG = Logger.getLogger(BearerScope.class.getName());

    /** What the engine of one generation checks. */
    private record Scope(LoginEngine engine, long generation, boolean jwt, boolean opaque) {}

    private final EngineSlot slot;
    private volatile Scope scope;

    BearerScope(EngineSlot slot) {
        this.slot = Objects.requireNonNull(slot, "slot");
    }

    /** True when the core could claim {@code token} (the bytes of a {@code b64token}); false: pass it on. */
    boolean mayClaim(LoginEngine engine, byte[] token) {
        Scope current = current(engine);
        if (current == null) {
            return true;
        }
        return current.jwt && (current.opaque || isCompactJws(token));
    }

    private Scope current(LoginEngine engine) {
        Scope known = scope;
        // Read before the info: a reload finishing meanwhile moves it, and the next request reads again.
        long generation = slot.generation();
        if (known != null && known.engine == engine && known.generation == generation) {
            return known;
        }
        try {
            EngineInfo info = engine.info();
            Scope read = new Scope(engine, generation, info.anyBearer(), info.anyIntrospection());
            scope = read;
            return read;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "oidc-sso: engine info unavailable; bearer tokens go to the core", e);
            return null;
        }
    }

    /**
     * Three non-empty segments of base64url characters separated by two dots: the only tokens the core parses
     * as a JWS (anything else is an opaque token to it). {@code token} holds only {@code b64token} characters.
     */
    static boolean isCompactJws(byte[] token) {
        int dots = 0;
        int segment = 0;
        for (byte b : token) {
            if (b == '.') {
                if (segment == 0 || ++dots > 2) {
                    return false;
                }
                segment = 0;
            } else if (isBase64UrlChar(b)) {
                segment++;
            } else {
                return false;
            }
        }
        return dots == 2 && segment > 0;
    }

    /** A character of the base64url alphabet (RFC 4648 §5), without padding: a JWS segment's characters. */
    static boolean isBase64UrlChar(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
