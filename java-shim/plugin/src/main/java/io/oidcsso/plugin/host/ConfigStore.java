package io.oidcsso.plugin.host;

import java.util.Optional;

/** The configuration document, stored atomically with a revision that other nodes poll. */
public interface ConfigStore {
    /** The current document, or empty when none was ever saved. */
    Optional<StoredConfig> load();

    /** The current revision ({@code 0} when none was ever saved); cheap, for polling. */
    long currentRevision();

    /**
     * Compare-and-set: stores {@code json} if the current revision is {@code expectedRevision}.
     *
     * @return the new revision
     * @throws StaleRevisionException when another writer saved first
     */
    long save(String json, long expectedRevision);
}
