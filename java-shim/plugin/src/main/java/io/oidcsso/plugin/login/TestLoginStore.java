package io.oidcsso.plugin.login;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.host.ClusterState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The shared records of administrators' test logins ("SSO doctor"), all in the {@link ClusterState} so
 * that any node can start, finish and answer: the one-time ticket the admin page gets through the
 * XSRF-protected API (the start URL is useless without it, so a cross-site page cannot start a test
 * login), the started test login keyed by its {@code state} (who started it, which IdP), and each admin's
 * latest results: at most {@value #MAX_RESULTS}, {@value #MAX_RESULTS_CHARS} characters in all, for
 * {@link #RESULT_TTL}. Two of one admin's test logins finishing at the same moment may keep only one
 * result (last write wins): a test is run again, nothing else depends on it.
 */
public final class TestLoginStore {
    public static final Duration TICKET_TTL = Duration.ofMinutes(2);
    public static final Duration RESULT_TTL = Duration.ofMinutes(10);
    public static final int MAX_RESULTS = 3;
    /** Below the shared store's 90,000-character value limit, with room for the list itself. */
    static final int MAX_RESULTS_CHARS = 80_000;
    /** One result bigger than this keeps everything but its claims (an IdP sending huge claims). */
    static final int MAX_RESULT_CHARS = 40_000;
    private static final String TICKET_PREFIX = "test-login-ticket:";
    private static final String STARTED_PREFIX = "test-login-started:";
    private static final String RESULTS_PREFIX = "test-login-results:";
    private static final Logger LOG = Logger.getLogger(TestLoginStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClusterState store;
    private final Clock clock;

    public TestLoginStore(ClusterState store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Who started a test login, at which IdP. */
    public record Started(String admin, String idp) {
        public Started {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(idp, "idp");
        }
    }

    /** A new one-time ticket for {@code admin} at {@code idp}; empty when the shared store is full. */
    public Optional<String> issueTicket(String admin, String idp) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ClusterState.PutResult put = store.putIfAbsent(TICKET_PREFIX + ticket, json(new Started(admin, idp)),
                TICKET_TTL);
        return put == ClusterState.PutResult.STORED ? Optional.of(ticket) : Optional.empty();
    }

    /**
     * Takes the ticket (once, cluster-wide): true only when it is live and was issued to {@code admin} for
     * {@code idp}. A ticket presented by anyone else is used up all the same.
     */
    public boolean redeemTicket(String ticket, String admin, String idp) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 64) {
            return false;
        }
        return store.take(TICKET_PREFIX + ticket).flatMap(TestLoginStore::parse)
                .filter(t -> t.admin().equals(admin) && t.idp().equals(idp)).isPresent();
    }

    /** Records the begun test login under its {@code state} until the pending login expires. */
    public boolean recordStarted(String state, Started started, Duration ttl) {
        return store.put(STARTED_PREFIX + state, json(started), ttl);
    }

    /** The test login begun with {@code state}, left in place; empty for an ordinary login. */
    public Optional<Started> started(String state) {
        return state == null ? Optional.empty() : store.get(STARTED_PREFIX + state).flatMap(TestLoginStore::parse);
    }

    /** Takes the record of the test login begun with {@code state} (its callback ran). */
    public Optional<Started> takeStarted(String state) {
        return state == null ? Optional.empty() : store.take(STARTED_PREFIX + state).flatMap(TestLoginStore::parse);
    }

    /** Keeps {@code result} as {@code admin}'s newest, with the time it was kept ({@code at}). */
    public void record(String admin, JsonObject result) {
        JsonObject kept = result.deepCopy();
        kept.addProperty("at", clock.instant().getEpochSecond());
        if (kept.toString().length() > MAX_RESULT_CHARS) {
            kept.remove("claims");
            kept.addProperty("claimsOmitted", "the claims were larger than " + MAX_RESULT_CHARS
                    + " characters and were not kept");
        }
        JsonArray list = new JsonArray();
        list.add(kept);
        int chars = kept.toString().length();
        for (JsonObject older : results(admin)) {
            int size = older.toString().length();
            if (list.size() >= MAX_RESULTS || chars + size > MAX_RESULTS_CHARS) {
                break;
            }
            list.add(older);
            chars += size;
        }
        if (!store.put(RESULTS_PREFIX + admin, list.toString(), RESULT_TTL)) {
            LOG.warning("oidc-sso: the shared store is full; a test login's result was not kept");
        }
    }

    /** {@code admin}'s results, newest first; none once {@link #RESULT_TTL} passed. */
    public List<JsonObject> results(String admin) {
        List<JsonObject> results = new ArrayList<>();
        store.get(RESULTS_PREFIX + admin).ifPresent(text -> {
            try {
                for (JsonElement item : JsonParser.parseString(text).getAsJsonArray()) {
                    results.add(item.getAsJsonObject());
                }
            } catch (JsonParseException | IllegalStateException e) {
                LOG.warning("oidc-sso: a stored test-login result is unreadable and was ignored");
            }
        });
        return results;
    }

    private static String json(Started started) {
        JsonObject object = new JsonObject();
        object.addProperty("admin", started.admin());
        object.addProperty("idp", started.idp());
        return object.toString();
    }

    private static Optional<Started> parse(String text) {
        try {
            JsonElement parsed = JsonParser.parseString(text);
            JsonElement admin = parsed.isJsonObject() ? parsed.getAsJsonObject().get("admin") : null;
            JsonElement idp = parsed.isJsonObject() ? parsed.getAsJsonObject().get("idp") : null;
            if (admin == null || idp == null || !admin.isJsonPrimitive() || !idp.isJsonPrimitive()) {
                return Optional.empty();
            }
            return Optional.of(new Started(admin.getAsString(), idp.getAsString()));
        } catch (JsonParseException e) {
            return Optional.empty();
        }
    }
}
