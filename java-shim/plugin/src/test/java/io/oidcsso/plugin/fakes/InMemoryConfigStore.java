package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StaleRevisionException;
import io.oidcsso.plugin.host.StoredConfig;
import java.util.Optional;

/** ConfigStore for one JVM: a synchronized compare-and-set on a field. */
public final class InMemoryConfigStore implements ConfigStore {
    private StoredConfig current;

    @Override
    public synchronized Optional<StoredConfig> load() {
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized long currentRevision() {
        return current == null ? 0 : current.revision();
    }

    @Override
    public synchronized long save(String json, long expectedRevision) {
        long revision = currentRevision();
        if (revision != expectedRevision) {
            throw new StaleRevisionException(expectedRevision, revision);
        }
        current = new StoredConfig(json, revision + 1);
        return revision + 1;
    }
}
