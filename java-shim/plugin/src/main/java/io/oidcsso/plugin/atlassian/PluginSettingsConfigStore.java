package io.oidcsso.plugin.atlassian;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StaleRevisionException;
import io.oidcsso.plugin.host.StoredConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ConfigStore} over SAL PluginSettings. A SAL value holds at most 99,000 characters, so a
 * document is stored as a generation of chunks ({@code io.oidcsso.config.r<rev>.c<i>}); the
 * pointer to the generation is written last and carries a checksum, so readers never see a
 * half-written document. Saves are compare-and-set under a beehive cluster lock.
 */
public final class PluginSettingsConfigStore implements ConfigStore {
    static final String LOCK_NAME = "io.oidcsso.config";
    static final String POINTER_KEY = "io.oidcsso.config.pointer";
    static final int CHUNK_SIZE = 90_000;
    private static final int READ_ATTEMPTS = 5;

    private final PluginSettingsFactory settingsFactory;
    private final ClusterLocks locks;

    public PluginSettingsConfigStore(PluginSettingsFactory settingsFactory, ClusterLockService lockService) {
        this.settingsFactory = Objects.requireNonNull(settingsFactory, "settingsFactory");
        this.locks = new ClusterLocks(lockService);
    }

    static String chunkKey(long revision, int index) {
        return "io.oidcsso.config.r" + revision + ".c" + index;
    }

    @Override
    public Optional<StoredConfig> load() {
        // A writer on another node may delete the chunks we are reading; then the pointer moved on: retry.
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            PluginSettings settings = settingsFactory.createGlobalSettings();
            Optional<ConfigPointer> pointer = ConfigPointer.parse(settings.get(POINTER_KEY));
            if (pointer.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> document = readGeneration(settings, pointer.get());
            if (document.isPresent()) {
                return Optional.of(new StoredConfig(document.get(), pointer.get().revision()));
            }
        }
        throw new IllegalStateException("the stored configuration could not be read consistently after "
                + READ_ATTEMPTS + " attempts; check the database behind SAL PluginSettings");
    }

    private static Optional<String> readGeneration(PluginSettings settings, ConfigPointer pointer) {
        StringBuilder document = new StringBuilder();
        for (int i = 0; i < pointer.chunkCount(); i++) {
            Object chunk = settings.get(chunkKey(pointer.revision(), i));
            if (!(chunk instanceof String)) {
                return Optional.empty();
            }
            document.append((String) chunk);
        }
        String text = document.toString();
        return SettingsKeys.sha256(text).equals(pointer.sha256()) ? Optional.of(text) : Optional.empty();
    }

    @Override
    public long currentRevision() {
        return ConfigPointer.parse(settingsFactory.createGlobalSettings().get(POINTER_KEY))
                .map(ConfigPointer::revision)
                .orElse(0L);
    }

    @Override
    public long save(String json, long expectedRevision) {
        Objects.requireNonNull(json, "json");
        return locks.withLock(LOCK_NAME, () -> saveLocked(json, expectedRevision));
    }

    private long saveLocked(String json, long expectedRevision) {
        PluginSettings settings = settingsFactory.createGlobalSettings();
        Optional<ConfigPointer> current = ConfigPointer.parse(settings.get(POINTER_KEY));
        long currentRevision = current.map(ConfigPointer::revision).orElse(0L);
        if (currentRevision != expectedRevision) {
            throw new StaleRevisionException(expectedRevision, currentRevision);
        }
        long revision = currentRevision + 1;
        List<String> chunks = ConfigChunks.split(json, CHUNK_SIZE);
        for (int i = 0; i < chunks.size(); i++) {
            settings.put(chunkKey(revision, i), chunks.get(i));
        }
        // Leftovers of a writer that crashed while writing this same revision.
        removeChunks(settings, revision, chunks.size(), Integer.MAX_VALUE);
        settings.put(POINTER_KEY, new ConfigPointer(revision, chunks.size(), SettingsKeys.sha256(json)).format());
        current.ifPresent(old -> removeChunks(settings, old.revision(), 0, old.chunkCount()));
        return revision;
    }

    private static void removeChunks(PluginSettings settings, long revision, int from, int toExclusive) {
        for (int i = from; i < toExclusive; i++) {
            String key = chunkKey(revision, i);
            if (settings.get(key) == null) {
                return;
            }
            settings.remove(key);
        }
    }
}
