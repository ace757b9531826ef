package io.oidcsso.plugin.login;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Recent logins refused with {@code account_exists_not_linked}, for the admin's Accounts page:
 * which IdP identity (idp, iss, sub) claimed which existing username (and email), when, and the
 * reference the user saw on the refusal page. Nothing else of the login is kept (no token, no
 * other claim).
 *
 * <p>Each record also binds the stable user key ({@link DirectoryUser#key()}) of the account that held the
 * claimed name when the login was refused: the admin confirms a link later, and a product administrator may
 * have renamed that account and created a new one under the name meanwhile. A link confirmed from a record is
 * made only to the account with that key ({@link #accountNow}; docs/security.md, "Account links"), never to
 * whoever holds the name at confirmation. A record without a key (written before keys were kept, or when the
 * product could not read the account) cannot be confirmed.
 *
 * <p>Bounded and shared by every node without a list operation on the store: {@value #SLOTS} fixed
 * keys in the {@link ClusterState}, one picked by the identity's hash. The same identity refused
 * again replaces its own record; another identity with the same slot replaces an older one (the
 * refused user's next attempt brings it back). Records expire after {@link #TTL}.
 */
public final class PendingLinks {
    static final int SLOTS = 32;
    static final Duration TTL = Duration.ofDays(7);
    static final String KEY_PREFIX = "io.oidcsso.pending-link.";
    /** Claimed values are the IdP's: each is cut to this many characters. */
    static final int MAX_VALUE = 256;
    private static final Logger LOG = Logger.getLogger(PendingLinks.class.getName());

    private final ClusterState store;
    private final UserDirectory directory;
    private final Clock clock;

    public PendingLinks(ClusterState store, UserDirectory directory, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One refusal as the admin sees it. {@code email} may be null; {@code accountKey} is the user key of the
     * account that held {@code username} when the login was refused, null when not known.
     */
    public record Refusal(String reference, String idp, String issuer, String subject, String username, String email,
            long atEpochSeconds, String accountKey) {
        public Refusal {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(idp, "idp");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(username, "username");
        }

        public ExternalId identity() {
            return new ExternalId(issuer, subject);
        }
    }

    /**
     * Keeps the refusal of {@code decision}'s login with the key of the account holding the claimed name now; a
     * full store loses it (logged), never the login's answer.
     */
    public void record(LoginDecision decision, String reference) {
        String key = null;
        try {
            key = directory.findByUsername(decision.username()).map(DirectoryUser::key).orElse(null);
        } catch (RuntimeException e) {
            // Kept without a key: listed for the admin, but not confirmable (the user signs in again for that).
            LOG.warning("oidc-sso: the account a refused login claimed could not be read (" + e.getMessage()
                    + "); its record on the Accounts page cannot be confirmed [ref " + reference + "]");
        }
        Refusal refusal = new Refusal(cut(reference), cut(decision.idpId()), decision.issuer(), decision.subject(),
                cut(decision.username()), decision.email() == null ? null : cut(decision.email()),
                clock.instant().getEpochSecond(), key);
        try {
            if (!store.put(keyOf(refusal.identity()), toJson(refusal), TTL)) {
                LOG.warning("oidc-sso: the shared store is full; a login refused for an unlinked account was not"
                        + " kept for the Accounts page [ref " + reference + "]");
            }
        } catch (RuntimeException e) {
            // The user's refusal page matters more than the admin's list: it is shown either way.
            LOG.warning("oidc-sso: a login refused for an unlinked account was not kept for the Accounts page ("
                    + e.getMessage() + ") [ref " + reference + "]");
        }
    }

    /** The kept refusals, newest first. */
    public List<Refusal> list() {
        List<Refusal> refusals = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            store.get(KEY_PREFIX + slot).flatMap(PendingLinks::parse).ifPresent(refusals::add);
        }
        refusals.sort(Comparator.comparingLong(Refusal::atEpochSeconds).reversed()
                .thenComparing(Refusal::reference));
        return refusals;
    }

    /** The kept refusal of {@code identity}, if its slot holds it. */
    public Optional<Refusal> find(ExternalId identity) {
        return store.get(keyOf(identity)).flatMap(PendingLinks::parse).filter(r -> r.identity().equals(identity));
    }

    /**
     * The account the refused login claimed, as it is now (renamed or not): read by the key the record bound;
     * empty when the record has no key or no account has it any more (deleted).
     */
    public Optional<DirectoryUser> accountNow(Refusal refusal) {
        return refusal.accountKey() == null ? Optional.empty() : directory.findByKey(refusal.accountKey());
    }

    /** Drops the refusal of {@code identity} (it was linked), leaving another identity's record in the slot. */
    public void forget(ExternalId identity) {
        String key = keyOf(identity);
        Optional<Refusal> kept = store.get(key).flatMap(PendingLinks::parse);
        if (kept.isPresent() && kept.get().identity().equals(identity)) {
            Optional<Refusal> taken = store.take(key).flatMap(PendingLinks::parse);
            // Another identity's refusal written between the two calls goes back.
            if (taken.isPresent() && !taken.get().identity().equals(identity)) {
                store.put(key, toJson(taken.get()), TTL);
            }
        }
    }

    static String keyOf(ExternalId identity) {
        return KEY_PREFIX + Math.floorMod(identity.hash().hashCode(), SLOTS);
    }

    private static String toJson(Refusal refusal) {
        JsonObject json = new JsonObject();
        json.addProperty("ref", refusal.reference());
        json.addProperty("idp", refusal.idp());
        json.addProperty("iss", refusal.issuer());
        json.addProperty("sub", refusal.subject());
        json.addProperty("username", refusal.username());
        if (refusal.email() != null) {
            json.addProperty("email", refusal.email());
        }
        json.addProperty("at", refusal.atEpochSeconds());
        if (refusal.accountKey() != null) {
            json.addProperty("key", refusal.accountKey());
        }
        return json.toString();
    }

    /** A record this class wrote; anything else in the slot (a damaged value) counts as none. */
    private static Optional<Refusal> parse(String value) {
        try {
            JsonObject json = JsonParser.parseString(value).getAsJsonObject();
            return Optional.of(new Refusal(json.get("ref").getAsString(), json.get("idp").getAsString(),
                    json.get("iss").getAsString(), json.get("sub").getAsString(), json.get("username").getAsString(),
                    json.has("email") ? json.get("email").getAsString() : null, json.get("at").getAsLong(),
                    json.has("key") ? json.get("key").getAsString() : null));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String cut(String value) {
        return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE);
    }
}
