package io.oidcsso.plugin.login;

import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * This node's answers of "which account is this IdP identity linked to" for bearer-token requests, so that
 * a request does not read the external-id index and the user with its attributes every time
 * ({@link UserDirectory#findByExternalId}). Bounded ({@link #MAX_ENTRIES}; beyond it the view starts over)
 * and short-lived ({@link #TTL}); only found accounts are kept (an identity without a link is asked again).
 *
 * <p>An answer holds the account's stable user key ({@link DirectoryUser#key()}), never its name: each use
 * reads the account by that key ({@link UserDirectory#findByKey}, SAL's profile by key and the user: the
 * product's own caches), so a renamed account is used under its new name and a new account created under an
 * old name is never reached (it has another key). An account the product gives no key is not kept.
 *
 * <p>How stale an answer can be (docs/security.md, "Bearer tokens"): an unlink or relink made through the
 * plugin (the admin API) empties this node's view at once and changes a generation in {@link ClusterState}
 * that every other node reads at most once per {@link #PROPAGATION_BOUND}. An account renamed, deleted or
 * deactivated in the product shows on the next request (read by key each time); only the link attribute
 * edited by hand in the product shows within {@link #TTL} (the plugin subscribes to no product events). The
 * product's own checks still run on every request with the cached account (SAL {@code resolve} and
 * {@code canLogin}); when they refuse a cached account, the caller asks the directory again
 * ({@link #forget}).
 */
public final class BearerAccounts {
    /** The longest an identity's cached link is used without reading the link again. */
    public static final Duration TTL = Duration.ofSeconds(10);
    /** How long an unlink on another node may take to reach this node's view. */
    public static final Duration PROPAGATION_BOUND = Duration.ofSeconds(2);
    static final int MAX_ENTRIES = 10_000;
    static final String GENERATION_KEY = "links:generation";
    private static final Duration GENERATION_RETENTION = Duration.ofDays(1);
    private static final Logger LOG = Logger.getLogger(BearerAccounts.class.getName());

    private record Entry(String key, long expiresAtMillis) {}

    private final UserDirectory directory;
    private final ClusterState state;
    private final Clock clock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private volatile Map<ExternalId, Entry> entries = new ConcurrentHashMap<>();
    private volatile long nextGenerationCheckAt = Long.MIN_VALUE;
    private String generation;

    public BearerAccounts(UserDirectory directory, ClusterState state, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The account linked to {@code identity}: from this node's view while fresh, else from the directory. */
    public Optional<DirectoryUser> find(ExternalId identity) {
        long now = clock.millis();
        if (now >= nextGenerationCheckAt) {
            checkGeneration(now);
        }
        // Taken before the read: an answer read before a change lands in the map the change replaced.
        Map<ExternalId, Entry> current = entries;
        Entry known = current.get(identity);
        if (known != null && known.expiresAtMillis > now) {
            Optional<DirectoryUser> byKey = directory.findByKey(known.key);
            if (byKey.isPresent()) {
                hits.increment();
                return byKey;
            }
            // No account has the key any more (deleted): the link decides again, below.
        }
        misses.increment();
        Optional<DirectoryUser> user = directory.findByExternalId(identity);
        if (user.isEmpty() || user.get().key() == null) {
            current.remove(identity);
        } else if (current.size() >= MAX_ENTRIES) {
            entries = new ConcurrentHashMap<>();
            evictions.add(current.size());
        } else {
            current.put(identity, new Entry(user.get().key(), now + TTL.toMillis()));
        }
        return user;
    }

    /** Drops this node's answer for {@code identity} (the product refused the cached account). */
    public void forget(ExternalId identity) {
        entries.remove(identity);
    }

    /**
     * A link changed (unlinked, relinked): this node's view starts over at once, the others' within
     * {@link #PROPAGATION_BOUND} (within {@link #TTL} when the shared store is full).
     */
    public void linksChanged() {
        entries = new ConcurrentHashMap<>();
        if (!state.put(GENERATION_KEY, UUID.randomUUID().toString(), GENERATION_RETENTION)) {
            LOG.warning("oidc-sso: the cluster store is full; other nodes drop a changed account link within "
                    + TTL.toSeconds() + " s instead of " + PROPAGATION_BOUND.toSeconds() + " s");
        }
    }

    /** Answers given from this node's view. */
    public long hits() {
        return hits.sum();
    }

    /** Answers read from the directory (the identity's link and its account). */
    public long misses() {
        return misses.sum();
    }

    /** Answers dropped because the view was full ({@link #MAX_ENTRIES}): it starts over then. */
    public long evictions() {
        return evictions.sum();
    }

    /** One read of the shared store per bound for the whole node. */
    private synchronized void checkGeneration(long now) {
        if (now < nextGenerationCheckAt) {
            return;
        }
        String seen = state.get(GENERATION_KEY).orElse("");
        if (!seen.equals(generation)) {
            generation = seen;
            entries = new ConcurrentHashMap<>();
        }
        nextGenerationCheckAt = now + PROPAGATION_BOUND.toMillis();
    }
}
