package io.oidcsso.plugin.emergency;

import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StoredConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The emergency settings of the stored document, read again only when its revision changes. The
 * revision comes from the node's one watch on the store ({@code runtime.PolledConfigStore}: one read
 * per interval for the whole node, shared with the engine slot, so a change saved on another node
 * reaches the gate and the engine together). Any failure to read the store or the document gives
 * {@link EmergencySettings#failClosed}, logged once per revision.
 */
public final class EmergencySettingsSource {
    private static final Logger LOG = Logger.getLogger(EmergencySettingsSource.class.getName());

    private final ConfigStore store;
    private volatile Cached cached;

    private record Cached(long revision, EmergencySettings settings) {}

    public EmergencySettingsSource(ConfigStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The current settings; never throws. */
    public EmergencySettings current() {
        Cached seen = cached;
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
