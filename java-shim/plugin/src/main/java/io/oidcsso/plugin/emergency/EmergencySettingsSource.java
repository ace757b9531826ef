package io.oidcsso.plugin.emergency;

import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StoredConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The emergency settings of the stored document, read again only when its revision changes; the
 * revision is asked for at most once per poll interval (it may be a database read in the product,
 * and the login filter asks on every request that could carry a password). Any failure to read the store or the document gives
 * {@link EmergencySettings#failClosed}, logged once per revision.
 */
public final class EmergencySettingsSource {
    private static final Logger LOG = Logger.getLogger(EmergencySettingsSource.class.getName());

    /**
     * As often as the engine slot polls ({@code RuntimeFactory.CONFIG_POLL}): a change saved on
     * another node reaches the gate and the engine together, within the bound docs/cluster.md states.
     */
    public static final Duration POLL = Duration.ofSeconds(2);

    private final ConfigStore store;
    private final Clock clock;
    private final long pollMillis;
    private volatile Cached cached;
    private volatile long nextPollAt;

    private record Cached(long revision, EmergencySettings settings) {}

    /** Reads the revision at every call (tests). */
    public EmergencySettingsSource(ConfigStore store) {
        this(store, Clock.systemUTC(), Duration.ZERO);
    }

    public EmergencySettingsSource(ConfigStore store, Clock clock, Duration poll) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pollMillis = poll.toMillis();
    }

    /** The next {@link #current()} reads the revision again (after a save on this node). */
    public void refresh() {
        nextPollAt = 0;
    }

    /** The current settings; never throws. */
    public EmergencySettings current() {
        Cached seen = cached;
        long now = clock.millis();
        if (seen != null && now < nextPollAt) {
            return seen.settings;
        }
        nextPollAt = now + pollMillis;
        long revision;
        try {
            revision = store.currentRevision();
        } catch (RuntimeException e) {
            return logged(EmergencySettings.failClosed("the configuration store cannot be read: "
                    + e.getClass().getSimpleName()));
        }
        if (seen != null && seen.revision == revision) {
            return seen.settings;
        }
        EmergencySettings settings = load();
        if (settings.state() == EmergencySettings.State.UNREADABLE) {
            logged(settings);
        }
        cached = new Cached(revision, settings);
        return settings;
    }

    private EmergencySettings load() {
        Optional<StoredConfig> stored;
        try {
            stored = store.load();
        } catch (RuntimeException e) {
            return EmergencySettings.failClosed("the configuration store cannot be read: " + e.getClass().getSimpleName());
        }
        return stored.map(s -> EmergencySettings.read(s.json())).orElseGet(EmergencySettings::noDocument);
    }

    private static EmergencySettings logged(EmergencySettings settings) {
        LOG.severe("oidc-sso: " + settings.problem() + "; local logins are restricted to "
                + settings.whoMay() + " until it can be read");
        return settings;
    }
}
