package io.oidcsso.plugin.atlassian;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import io.oidcsso.plugin.host.ClusterState;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ClusterState} over SAL PluginSettings (the product database, shared by all nodes). A
 * replicated cache alone is not atomic, so every read-modify-write runs under one beehive
 * {@code ClusterLock}: get-and-remove under the lock is the take-once. Records carry their expiry;
 * an index value lists the live ones, which bounds the store (at most {@link #MAX_CAPACITY} records,
 * what one index value can list) and lets expired records be dropped. Only a few kinds of record
 * live here: single-use login markers, logout revocations and {@code jti}s, the login cookie keys.
 */
public final class PluginSettingsClusterState implements ClusterState {
    static final String LOCK_NAME = "io.oidcsso.cluster-state";
    static final String INDEX_KEY = "io.oidcsso.cs.index";
    static final String ENTRY_PREFIX = "io.oidcsso.cs.e.";
    /** Room for the expiry header inside SAL's 99,000-character value limit. */
    static final int MAX_VALUE_LENGTH = 90_000;
    public static final int MAX_CAPACITY = (SettingsKeys.MAX_VALUE_LENGTH - 1_000) / ClusterStateIndex.LINE_LENGTH;

    private final PluginSettingsFactory settingsFactory;
    private final ClusterLocks locks;
    private final Clock clock;
    private final int capacity;
    private final String lockName;
    private final String indexKey;
    private final String entryPrefix;

    /** The store at its largest: as many records as the index value can list. */
    public PluginSettingsClusterState(PluginSettingsFactory settingsFactory, ClusterLockService lockService, Clock clock) {
        this(settingsFactory, lockService, clock, MAX_CAPACITY);
    }

    public PluginSettingsClusterState(
            PluginSettingsFactory settingsFactory, ClusterLockService lockService, Clock clock, int capacity) {
        this(settingsFactory, lockService, clock, capacity, null);
    }

    /**
     * A store of its own, under {@code namespace} (its own lock, index and entries), so that what it
     * holds never competes for room with the main store; null is the main store.
     */
    public PluginSettingsClusterState(PluginSettingsFactory settingsFactory, ClusterLockService lockService,
            Clock clock, int capacity, String namespace) {
        if (namespace != null && !namespace.matches("[a-z0-9]{1,12}")) {
            throw new IllegalArgumentException("namespace must be 1 to 12 of [a-z0-9], got " + namespace);
        }
        this.lockName = namespace == null ? LOCK_NAME : LOCK_NAME + "." + namespace;
        this.indexKey = namespace == null ? INDEX_KEY : "io.oidcsso." + namespace + ".index";
        this.entryPrefix = namespace == null ? ENTRY_PREFIX : "io.oidcsso." + namespace + ".e.";
        this.settingsFactory = Objects.requireNonNull(settingsFactory, "settingsFactory");
        this.locks = new ClusterLocks(lockService);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ", got " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public boolean put(String key, String value, Duration ttl) {
        requireKey(key);
        requireValue(value, ttl);
        String hash = SettingsKeys.sha256(key);
        return locks.withLock(lockName, () -> putLocked(hash, value, ttl));
    }

    private boolean putLocked(String hash, String value, Duration ttl) {
        PluginSettings settings = settingsFactory.createGlobalSettings();
        ClusterStateIndex index = ClusterStateIndex.parse(settings.get(indexKey));
        long now = clock.millis();
        for (String expired : index.removeExpired(now)) {
            settings.remove(entryPrefix + expired);
        }
        if (!index.contains(hash) && index.size() >= capacity) {
            settings.put(indexKey, index.format());
            return false;
        }
        long expiresAt = now + ttl.toMillis();
        // Entry first, index second: a crash in between leaves an unlisted entry, never a listed ghost.
        settings.put(entryPrefix + hash, expiresAt + "\n" + value);
        index.put(hash, expiresAt);
        settings.put(indexKey, index.format());
        return true;
    }

    @Override
    public PutResult putIfAbsent(String key, String value, Duration ttl) {
        requireKey(key);
        requireValue(value, ttl);
        String hash = SettingsKeys.sha256(key);
        return locks.withLock(lockName, () -> {
            PluginSettings settings = settingsFactory.createGlobalSettings();
            if (live(settings.get(entryPrefix + hash)).isPresent()) {
                return PutResult.EXISTS;
            }
            return putLocked(hash, value, ttl) ? PutResult.STORED : PutResult.FULL;
        });
    }

    @Override
    public Optional<String> get(String key) {
        requireKey(key);
        // A single read needs no lock: entries are written whole, and an expired one is ignored.
        return live(settingsFactory.createGlobalSettings().get(entryPrefix + SettingsKeys.sha256(key)));
    }

    @Override
    public Optional<String> take(String key) {
        requireKey(key);
        String hash = SettingsKeys.sha256(key);
        return locks.withLock(lockName, () -> takeLocked(hash));
    }

    private Optional<String> takeLocked(String hash) {
        PluginSettings settings = settingsFactory.createGlobalSettings();
        // get, then remove: SAL does not document what remove() returns.
        Object raw = settings.get(entryPrefix + hash);
        if (raw != null) {
            settings.remove(entryPrefix + hash);
        }
        ClusterStateIndex index = ClusterStateIndex.parse(settings.get(indexKey));
        if (index.remove(hash)) {
            settings.put(indexKey, index.format());
        }
        return live(raw);
    }

    /** The value of a stored entry ({@code <expiresAtMillis>\n<value>}) unless missing, damaged or expired. */
    private Optional<String> live(Object raw) {
        if (!(raw instanceof String)) {
            return Optional.empty();
        }
        String stored = (String) raw;
        int newline = stored.indexOf('\n');
        if (newline <= 0) {
            return Optional.empty();
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(stored.substring(0, newline));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (expiresAt <= clock.millis()) {
            return Optional.empty();
        }
        return Optional.of(stored.substring(newline + 1));
    }

    @Override
    public int capacity() {
        return capacity;
    }

    private static void requireValue(String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("value longer than " + MAX_VALUE_LENGTH + " characters");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }
}
