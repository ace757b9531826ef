package io.oidcsso.plugin.emergency;

import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.UserDirectory;
import io.oidcsso.plugin.host.UserDirectoryException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Break-glass codes (issue 12 item 2): one-time recovery codes bound to an administrator's account, for
 * when both the IdP and the local directory's password check fail. A code belongs to the account's stable
 * user key ({@link DirectoryUser#key()}; docs/host-api.md, "User keys"), never to its name: after a rename it
 * works for that account under its new name, and a new account created under the old name never gets in
 * with it (docs/security.md, "Local logins while SSO is enforced"). A code is {@code <id>-<secret>}:
 * the id (40 random bits) finds the record, the secret (130 random bits) is checked against a salted
 * SHA-256 hash; the code itself is never stored. A slow password hash would add nothing: guessing
 * 130 random bits is out of reach however fast the hash is, and the rate limits apply anyway.
 *
 * <p>Records live in a {@link ClusterState} of their own (cluster-wide, in the product database),
 * each under {@code code:<id>} until its expiry date (or ten years); using one is {@link
 * ClusterState#take}, so across all nodes exactly one login gets it. An index record lists the ids,
 * so that the lockout check can tell whether a live code exists; generations run one at a time
 * across the cluster under a lease record ({@value #LEASE_KEY}), since each reads, changes and
 * writes that index. Generating codes for an administrator replaces that account's earlier codes.
 *
 * <p>Records of format {@code v1} (before codes were bound to keys) name only the username; they are refused
 * with {@link Outcome#CODE_PREDATES_ACCOUNT_KEYS} and do not count as a way in: whoever holds that name now
 * may not be the account they were generated for, and nothing stored can tell.
 */
public final class BreakGlassCodes {
    /** Most codes one generation may ask for. */
    public static final int MAX_COUNT = 20;
    /** Codes one generation makes when the request does not say. */
    public static final int DEFAULT_COUNT = 10;
    /** The latest expiry date, and the lifetime of a code without one. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(3650);
    /** Records the store holds: the index, the generation lease and up to this many minus two codes. */
    public static final int STORE_CAPACITY = 202;

    static final String INDEX_KEY = "index";
    /**
     * The lease that makes generations one at a time across the cluster: the index is read, changed
     * and written back, so two administrators generating at the same instant on two nodes would
     * otherwise drop each other's ids (the codes would still work, but the lockout check would not
     * count them). A crashed node's lease ends by itself after {@link #LEASE_TTL}.
     */
    static final String LEASE_KEY = "generating";
    static final Duration LEASE_TTL = Duration.ofSeconds(30);
    /** How long a generation waits for another node's to finish before it gives up (503, try again). */
    static final Duration LEASE_WAIT = Duration.ofSeconds(3);
    private static final String CODE_PREFIX = "code:";
    /** Bound to the account's user key. */
    private static final String FORMAT = "v2";
    /** Bound to a username only (before keys): read to refuse and to replace, never to log in. */
    private static final String LEGACY_FORMAT = "v1";
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int ID_LENGTH = 8;
    private static final int SECRET_LENGTH = 26;
    private static final Pattern CODE = Pattern.compile("[a-z2-7]{" + ID_LENGTH + "}-[a-z2-7]{" + SECRET_LENGTH + "}");

    /** How a use of a code ended; the name is the audit's {@code reason}. */
    public enum Outcome {
        OK,
        /** Not of the form {@code xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxx}. */
        MALFORMED_CODE,
        /** No record: never generated, already used, expired, or replaced by a newer set. */
        UNKNOWN_CODE,
        /** The code belongs to another account (another administrator, or the account that had this name before). */
        WRONG_USER,
        /** The account the code was generated for no longer exists (deleted; its key is not reused). */
        ACCOUNT_GONE,
        /** A code generated before codes were bound to the account's key ({@code v1}): refused, generate new ones. */
        CODE_PREDATES_ACCOUNT_KEYS,
        /** The product could not read the account the code belongs to; the code is not spent. */
        USER_UNAVAILABLE,
        /** The id exists but the secret does not match. */
        WRONG_CODE,
        /** Another login took the code at the same moment. */
        ALREADY_USED,
        /** The shared store could not be read or written. */
        STORE_UNAVAILABLE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A use: on {@link Outcome#OK} the account the code belongs to, as the directory holds it now (its current
     * name, its key), and how to give the code back; {@code user} is null otherwise.
     */
    public record Redeemed(Outcome outcome, DirectoryUser user, Runnable giveBack) {
        /** The account's name now, or null when refused. */
        public String username() {
            return user == null ? null : user.username();
        }
    }

    /** A generated set: the codes in clear (shown once), their expiry and how many earlier codes they replaced. */
    public record Generated(String username, List<String> codes, Instant expiresAt, int replaced) {}

    /**
     * A stored code: {@code owner} is the account's user key ({@code keyed}), or for a {@code v1} record the
     * folded username it was generated for; {@code username} is the name at generation (for the audit).
     */
    private record Entry(boolean keyed, String owner, String username, String salt, String hash, long expiresAt,
            String raw) {
        static Optional<Entry> parse(String raw) {
            String[] parts = raw.split("\n", -1);
            if (parts.length != 6 || !(FORMAT.equals(parts[0]) || LEGACY_FORMAT.equals(parts[0]))) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Entry(FORMAT.equals(parts[0]), parts[1], parts[2], parts[3], parts[4],
                        Long.parseLong(parts[5]), raw));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private final ClusterState store;
    private final UserDirectory directory;
    private final Clock clock;
    private final SecureRandom random;

    public BreakGlassCodes(ClusterState store, UserDirectory directory, Clock clock) {
        this(store, directory, clock, new SecureRandom());
    }

    BreakGlassCodes(ClusterState store, UserDirectory directory, Clock clock, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Makes {@code count} codes for the account named {@code username} now, bound to its user key, valid until
     * {@code expiresAt} (null: {@link #MAX_LIFETIME}), replacing that account's earlier codes.
     *
     * @throws IllegalArgumentException for a count outside 1..{@link #MAX_COUNT}, an expiry not in the future,
     *     no account of that name, or an account the product gives no user key (a code could not be bound to it)
     * @throws UserDirectoryException when the product cannot read the account
     * @throws IllegalStateException when the store has no room for them, or another generation holds the
     *     lease for longer than {@link #LEASE_WAIT}
     */
    public Generated generate(String username, int count, Instant expiresAt) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", got " + count);
        }
        DirectoryUser account = directory.findByUsername(username).orElseThrow(() ->
                new IllegalArgumentException("there is no account named " + username));
        if (account.key() == null) {
            throw new IllegalArgumentException("the product gives the account " + account.username()
                    + " no user key, so no code can be bound to it");
        }
        String lease = acquireLease();
        try {
            return generateLeased(account, count, expiresAt);
        } finally {
            releaseLease(lease);
        }
    }

    private String acquireLease() {
        String token = randomString(ID_LENGTH * 2);
        long giveUpAt = System.nanoTime() + LEASE_WAIT.toNanos();
        while (true) {
            ClusterState.PutResult result = store.putIfAbsent(LEASE_KEY, token, LEASE_TTL);
            if (result == ClusterState.PutResult.STORED) {
                return token;
            }
            if (result == ClusterState.PutResult.FULL) {
                throw new IllegalStateException("the break-glass store is full (" + store.capacity() + " records)");
            }
            if (System.nanoTime() - giveUpAt >= 0) {
                throw new IllegalStateException("another administrator is generating break-glass codes right now;"
                        + " try again in a few seconds");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for another generation to finish", e);
            }
        }
    }

    /** Ends our lease; one that expired and was taken by another node meanwhile is put back for it. */
    private void releaseLease(String token) {
        Optional<String> taken = store.take(LEASE_KEY);
        if (taken.isPresent() && !taken.get().equals(token)) {
            store.putIfAbsent(LEASE_KEY, taken.get(), LEASE_TTL);
        }
    }

    private Generated generateLeased(DirectoryUser account, int count, Instant expiresAt) {
        Instant now = clock.instant();
        Instant latest = now.plus(MAX_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(latest))) {
            throw new IllegalArgumentException("the expiry must be after now and within " + MAX_LIFETIME.toDays()
                    + " days");
        }
        Instant until = expiresAt == null ? latest : expiresAt;
        String folded = EmergencySettings.fold(account.username());
        Set<String> kept = new LinkedHashSet<>();
        int replaced = 0;
        for (String id : indexedIds()) {
            Optional<Entry> entry = store.get(CODE_PREFIX + id).flatMap(Entry::parse);
            if (entry.isEmpty()) {
                continue;
            }
            // This account's codes, and the unusable v1 codes of its name (generating again is what the admin
            // is told to do about them).
            boolean ours = entry.get().keyed() ? entry.get().owner().equals(account.key())
                    : entry.get().owner().equals(folded);
            if (ours) {
                store.take(CODE_PREFIX + id);
                replaced++;
            } else {
                kept.add(id);
            }
        }
        List<String> codes = new ArrayList<>();
        Duration ttl = Duration.between(now, until);
        for (int i = 0; i < count; i++) {
            String id = randomString(ID_LENGTH);
            String secret = randomString(SECRET_LENGTH);
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            String value = String.join("\n", FORMAT, account.key(), account.username(), b64(salt),
                    b64(hash(salt, secret)),
                    Long.toString(until.toEpochMilli()));
            if (!store.put(CODE_PREFIX + id, value, ttl)) {
                throw new IllegalStateException("the break-glass store is full (" + store.capacity() + " records)");
            }
            kept.add(id);
            codes.add(id + "-" + secret);
        }
        writeIndex(kept);
        return new Generated(account.username(), List.copyOf(codes), until, replaced);
    }

    /**
     * Whether at least one unused, unexpired code bound to an account exists (a way in, for the lockout check);
     * {@code v1} codes are refused, so they do not count.
     */
    public boolean anyLive() {
        for (String id : indexedIds()) {
            if (store.get(CODE_PREFIX + id).flatMap(Entry::parse).filter(Entry::keyed).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Uses {@code code} for the account named {@code username} now: checked first without touching it (a wrong
     * guess never spends a code), then taken once. The code's account is read by its key, and {@code username}
     * must be that account's current name: after a rename the new name works and the old one does not (a new
     * account may hold it). On {@link Outcome#OK}, {@code giveBack} puts the code back when the session cannot
     * be bound, so that a failure of the product does not cost a code.
     */
    public Redeemed redeem(String username, String code) {
        String normalized = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        if (!CODE.matcher(normalized).matches()) {
            return refused(Outcome.MALFORMED_CODE);
        }
        String id = normalized.substring(0, ID_LENGTH);
        String secret = normalized.substring(ID_LENGTH + 1);
        String key = CODE_PREFIX + id;
        try {
            Optional<Entry> found = store.get(key).flatMap(Entry::parse);
            if (found.isEmpty() || found.get().expiresAt() <= clock.millis()) {
                return refused(Outcome.UNKNOWN_CODE);
            }
            Entry entry = found.get();
            if (!entry.keyed()) {
                return refusedLegacy(entry, username, secret);
            }
            Optional<DirectoryUser> account;
            try {
                account = directory.findByKey(entry.owner());
            } catch (UserDirectoryException e) {
                return refused(Outcome.USER_UNAVAILABLE);
            }
            if (account.isEmpty()) {
                return refused(Outcome.ACCOUNT_GONE);
            }
            if (!EmergencySettings.fold(account.get().username()).equals(EmergencySettings.fold(username))) {
                return refused(Outcome.WRONG_USER);
            }
            if (!secretMatches(entry, secret)) {
                return refused(Outcome.WRONG_CODE);
            }
            Optional<String> taken = store.take(key);
            if (taken.isEmpty() || !taken.get().equals(entry.raw())) {
                return refused(Outcome.ALREADY_USED);
            }
            Runnable giveBack = () -> {
                long left = entry.expiresAt() - clock.millis();
                if (left > 0) {
                    store.putIfAbsent(key, entry.raw(), Duration.ofMillis(left));
                }
            };
            return new Redeemed(Outcome.OK, account.get(), giveBack);
        } catch (RuntimeException e) {
            // The product database or cluster lock failed: refused, never a 500 and never a login.
            return refused(Outcome.STORE_UNAVAILABLE);
        }
    }

    /** A v1 code, checked as before (name, secret) so that only its holder learns it is outdated; never taken. */
    private static Redeemed refusedLegacy(Entry entry, String username, String secret) {
        if (!entry.owner().equals(EmergencySettings.fold(username))) {
            return refused(Outcome.WRONG_USER);
        }
        return refused(secretMatches(entry, secret) ? Outcome.CODE_PREDATES_ACCOUNT_KEYS : Outcome.WRONG_CODE);
    }

    private static boolean secretMatches(Entry entry, String secret) {
        byte[] expected = Base64.getDecoder().decode(entry.hash());
        return MessageDigest.isEqual(expected, hash(Base64.getDecoder().decode(entry.salt()), secret));
    }

    private static Redeemed refused(Outcome outcome) {
        return new Redeemed(outcome, null, () -> {});
    }

    private List<String> indexedIds() {
        Optional<String> index = store.get(INDEX_KEY);
        List<String> ids = new ArrayList<>();
        if (index.isPresent()) {
            for (String id : index.get().split(",")) {
                if (id.length() == ID_LENGTH) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private void writeIndex(Set<String> ids) {
        if (!store.put(INDEX_KEY, String.join(",", ids), MAX_LIFETIME)) {
            throw new IllegalStateException("the break-glass store is full (" + store.capacity() + " records)");
        }
    }

    private String randomString(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    private static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
