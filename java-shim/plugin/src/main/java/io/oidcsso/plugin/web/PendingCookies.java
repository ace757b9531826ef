package io.oidcsso.plugin.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;

/**
 * The pending login (the core's {@code pending} record from {@code beginLogin}) travels in the
 * browser, sealed, instead of waiting in the shared store: an anonymous client can start as many
 * logins as it likes and nothing piles up on the server (issue 8). The cookie:
 * <ul>
 *   <li>{@code OIDCSSO_PL<slot>}, slot 0 to {@value #SLOTS}-1: a browser keeps at most that many
 *       logins in flight (tabs work; the oldest is overwritten), so cookies never pile up into a 431;
 *   <li>value {@code 1.<key epoch>.<base64url(IV ‖ AES-256-GCM(expiresAt "\n" pending JSON))>}, the
 *       login's {@code state} as additional authenticated data: it opens only with its own callback,
 *       unaltered, with a cluster-wide key ({@link SealingKeys});
 *   <li>{@code Path=<context>/plugins/servlet/oidc-sso/callback} (sent to the callbacks only),
 *       {@code Max-Age} = the pending login's lifetime, {@code HttpOnly}, {@code SameSite=Lax} (the IdP
 *       sends the browser back with a top-level GET: the core never asks for {@code form_post}, a
 *       cross-site POST that Lax cookies do not follow), {@code Secure} on an https base URL.
 * </ul>
 * A forged, altered, foreign or expired cookie opens to nothing: the callback then has no pending
 * login and the core refuses it ({@code login_expired_or_replayed}, 401). Replay is stopped by the
 * single-use marker the callback stores once a login succeeded ({@link PendingLogins#usedKey}).
 */
final class PendingCookies {
    static final String NAME_PREFIX = "OIDCSSO_PL";
    static final int SLOTS = 3;
    /**
     * Longest cookie value: three of them plus the product's own cookies stay well under the 8 KiB
     * request headers of Tomcat and Jetty. A login whose record is larger (a very long return path)
     * starts again without the return path.
     */
    static final int MAX_VALUE_LENGTH = 2_000;
    private static final String VERSION = "1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A cookie that opened: which slot, until when the login may finish, the core's record. */
    record Opened(int slot, long expiresAtEpochSeconds, String pendingJson) {}

    private final SealingKeys keys;
    private final Clock clock;

    PendingCookies(SealingKeys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The slot after {@code lastSlot} (-1: none yet), so consecutive logins of a browser never collide. */
    static int nextSlot(int lastSlot) {
        return lastSlot < 0 ? 0 : (lastSlot + 1) % SLOTS;
    }

    static String name(int slot) {
        return NAME_PREFIX + slot;
    }

    /** The sealed cookie value for this login, or empty when it would exceed {@link #MAX_VALUE_LENGTH}. */
    Optional<String> seal(String state, long expiresAtEpochSeconds, String pendingJson) {
        SealingKeys.Key key = keys.current();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] plain = (expiresAtEpochSeconds + "\n" + pendingJson).getBytes(StandardCharsets.UTF_8);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(key.epoch(), state));
            sealed = cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
        String value = VERSION + "." + key.epoch() + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        return value.length() <= MAX_VALUE_LENGTH ? Optional.of(value) : Optional.empty();
    }

    /**
     * The pending login of this callback's {@code state}: the first of the request's pending-login
     * cookies that opens with it and has not expired. Anything else (no cookie, another login's, an
     * altered or forged value, an unknown key, an expired login) gives empty, never an exception.
     */
    Optional<Opened> open(HttpServletRequest request, String state) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null || state == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            int slot = slotOf(cookie.getName());
            if (slot >= 0) {
                Optional<Opened> opened = open(slot, cookie.getValue(), state);
                if (opened.isPresent()) {
                    return opened;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Opened> open(int slot, String value, String state) {
        if (value == null || value.length() > MAX_VALUE_LENGTH) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION) || !parts[1].matches("-?[0-9]{1,12}")) {
            return Optional.empty();
        }
        long epoch = Long.parseLong(parts[1]);
        Optional<SecretKey> key = keys.forEpoch(epoch);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] plain;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(parts[2]);
            if (bytes.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(aad(epoch, state));
            plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // Not base64, or the tag does not match: altered, forged, or another login's cookie.
            return Optional.empty();
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        long expiresAt;
        try {
            expiresAt = newline > 0 ? Long.parseLong(text.substring(0, newline)) : 0;
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (expiresAt <= clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new Opened(slot, expiresAt, text.substring(newline + 1)));
    }

    /** The slot of a pending-login cookie name, or -1. */
    static int slotOf(String cookieName) {
        if (cookieName == null || cookieName.length() != NAME_PREFIX.length() + 1
                || !cookieName.startsWith(NAME_PREFIX)) {
            return -1;
        }
        int slot = cookieName.charAt(NAME_PREFIX.length()) - '0';
        return slot >= 0 && slot < SLOTS ? slot : -1;
    }

    /** The {@code Set-Cookie} header value that stores {@code value} in {@code slot} until the login expires. */
    String header(int slot, String value, long expiresAtEpochSeconds, String cookiePath, boolean secure) {
        long maxAge = Math.max(1, expiresAtEpochSeconds - clock.instant().getEpochSecond());
        return name(slot) + "=" + value + "; Path=" + cookiePath + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} header value that deletes the cookie of {@code slot}. */
    static String deletion(int slot, String cookiePath, boolean secure) {
        return name(slot) + "=; Path=" + cookiePath + "; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** Where the cookies are sent: the callback path and the per-IdP callbacks under it. */
    static String path(String contextPath, String callbackPath) {
        return (contextPath == null ? "" : contextPath) + callbackPath;
    }

    private static byte[] aad(long epoch, String state) {
        return ("oidcsso-pending/" + VERSION + "/" + epoch + "/" + state).getBytes(StandardCharsets.UTF_8);
    }
}
