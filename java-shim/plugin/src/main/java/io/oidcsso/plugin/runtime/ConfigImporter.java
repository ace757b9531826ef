package io.oidcsso.plugin.runtime;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.engine.EngineFactory;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StoredConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Imports a document the host placed under the global PluginSettings key {@value #IMPORT_KEY}
 * (the reference host does for {@code --config FILE}): validated by the core first; stored only
 * when the whole document is valid, then the key is removed. A document equal to the stored one (the
 * same JSON value, however it is laid out) is not stored again: a restart with the same file keeps
 * the revision, so no node reloads for nothing. It is stored through {@link ConfigSaver}, the path
 * the admin API uses too.
 *
 * <p>A SAL value holds at most 99,000 characters, so a longer document arrives in chunks: the key
 * then holds {@code chunked:<count>:<sha256>} (base64url SHA-256 of the whole document) and the
 * chunks are under {@code io.oidcsso.import.c0}, {@code .c1}, ... (examples/reference-host/README.md, {@code --config}).
 */
public final class ConfigImporter {
    public static final String IMPORT_KEY = "io.oidcsso.import";
    /** The value of {@link #IMPORT_KEY} that announces a document in chunks. */
    public static final String CHUNKED_PREFIX = "chunked:";
    private static final int MAX_CHUNKS = 1_000;
    private static final Logger LOG = Logger.getLogger(ConfigImporter.class.getName());

    private final PluginSettingsFactory settingsFactory;
    private final ConfigSaver saver;

    public ConfigImporter(PluginSettingsFactory settingsFactory, EngineFactory engineFactory, ConfigStore configStore) {
        this(settingsFactory, engineFactory, configStore, () -> false);
    }

    /** {@code breakGlassCodesExist}: whether an unused break-glass code exists (a way in for the lockout check). */
    public ConfigImporter(PluginSettingsFactory settingsFactory, EngineFactory engineFactory, ConfigStore configStore,
            BooleanSupplier breakGlassCodesExist) {
        this(settingsFactory, new ConfigSaver(engineFactory, configStore, breakGlassCodesExist));
    }

    public ConfigImporter(PluginSettingsFactory settingsFactory, ConfigSaver saver) {
        this.settingsFactory = Objects.requireNonNull(settingsFactory, "settingsFactory");
        this.saver = Objects.requireNonNull(saver, "saver");
    }

    /** The key of chunk {@code index} of a chunked import. */
    public static String chunkKey(int index) {
        return IMPORT_KEY + ".c" + index;
    }

    /**
     * @return true when a document was stored as a new revision
     * @throws ConfigImportException listing every problem when the document is invalid
     */
    public boolean importIfPresent() {
        PluginSettings settings = settingsFactory.createGlobalSettings();
        Object pending = settings.get(IMPORT_KEY);
        if (pending == null) {
            return false;
        }
        if (!(pending instanceof String)) {
            throw new ConfigImportException("the value under PluginSettings key " + IMPORT_KEY
                    + " is not a JSON document (a " + pending.getClass().getName() + "); nothing was stored", List.of());
        }
        if (!saver.canValidate()) {
            // Cannot validate, so cannot store: keep the document for a node whose library loads.
            LOG.severe("oidc-sso: configuration import skipped, the native library is unavailable: "
                    + saver.unavailableReason());
            return false;
        }
        String document = read(settings, (String) pending);
        List<ConfigProblem> problems = saver.invalid(document);
        if (!problems.isEmpty()) {
            throw new ConfigImportException(describe(problems), problems);
        }
        List<ConfigProblem> lockout = saver.lockout(document);
        if (!lockout.isEmpty()) {
            StringBuilder message = new StringBuilder("oidc-sso: the configuration to import (PluginSettings key ")
                    .append(IMPORT_KEY).append(") would lock every administrator out; nothing was stored.");
            lockout.forEach(p -> message.append('\n').append(p.message()));
            throw new ConfigImportException(message.toString(), List.of());
        }
        Optional<StoredConfig> stored = saver.store().load();
        if (stored.isPresent() && ConfigSaver.sameDocument(stored.get().json(), document)) {
            remove(settings, (String) pending);
            LOG.info("oidc-sso: the configuration placed under " + IMPORT_KEY + " equals the stored one (revision "
                    + stored.get().revision() + "); nothing stored");
            return false;
        }
        long revision = saver.save(document, stored.map(StoredConfig::revision).orElse(0L));
        remove(settings, (String) pending);
        LOG.info("oidc-sso: imported the configuration placed under " + IMPORT_KEY + " as revision " + revision);
        return true;
    }

    /** The document itself, or the chunks it announces put together and checked. */
    private static String read(PluginSettings settings, String pending) {
        if (!pending.startsWith(CHUNKED_PREFIX)) {
            return pending;
        }
        String[] parts = pending.substring(CHUNKED_PREFIX.length()).split(":", -1);
        int count;
        try {
            count = parts.length == 2 ? Integer.parseInt(parts[0]) : -1;
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1 || count > MAX_CHUNKS) {
            throw new ConfigImportException("the value under PluginSettings key " + IMPORT_KEY + " announces chunks"
                    + " but is not chunked:<count 1.." + MAX_CHUNKS + ">:<sha256>; nothing was stored", List.of());
        }
        StringBuilder document = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Object chunk = settings.get(chunkKey(i));
            if (!(chunk instanceof String)) {
                throw new ConfigImportException("chunk " + i + " of " + count + " of the configuration to import (key "
                        + chunkKey(i) + ") is missing; nothing was stored", List.of());
            }
            document.append((String) chunk);
        }
        String text = document.toString();
        if (!sha256(text).equals(parts[1])) {
            throw new ConfigImportException("the chunks of the configuration to import (keys " + chunkKey(0) + "...)"
                    + " do not match the checksum under " + IMPORT_KEY + "; nothing was stored", List.of());
        }
        return text;
    }

    private static void remove(PluginSettings settings, String pending) {
        // The key first: a node that stops half-way leaves chunks nobody announces, never a broken import.
        settings.remove(IMPORT_KEY);
        if (pending.startsWith(CHUNKED_PREFIX)) {
            for (int i = 0; i < MAX_CHUNKS && settings.get(chunkKey(i)) != null; i++) {
                settings.remove(chunkKey(i));
            }
        }
    }

    /** Base64url SHA-256 without padding, as the host writes it for a chunked import. */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String describe(List<ConfigProblem> problems) {
        StringBuilder message = new StringBuilder("oidc-sso: the configuration to import (PluginSettings key ")
                .append(IMPORT_KEY).append(") is invalid; nothing was stored. ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (ConfigProblem problem : problems) {
            message.append('\n').append(problem);
        }
        return message.toString();
    }
}
