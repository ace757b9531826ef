package io.oidcsso.plugin.runtime;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import io.oidcsso.plugin.emergency.LockoutCheck;
import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.engine.EngineFactory;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StoredConfig;
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
 * the revision, so no node reloads for nothing.
 */
public final class ConfigImporter {
    public static final String IMPORT_KEY = "io.oidcsso.import";
    private static final Logger LOG = Logger.getLogger(ConfigImporter.class.getName());

    private final PluginSettingsFactory settingsFactory;
    private final EngineFactory engineFactory;
    private final ConfigStore configStore;
    private final BooleanSupplier breakGlassCodesExist;

    public ConfigImporter(PluginSettingsFactory settingsFactory, EngineFactory engineFactory, ConfigStore configStore) {
        this(settingsFactory, engineFactory, configStore, () -> false);
    }

    /** {@code breakGlassCodesExist}: whether an unused break-glass code exists (a way in for the lockout check). */
    public ConfigImporter(PluginSettingsFactory settingsFactory, EngineFactory engineFactory, ConfigStore configStore,
            BooleanSupplier breakGlassCodesExist) {
        this.settingsFactory = Objects.requireNonNull(settingsFactory, "settingsFactory");
        this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
        this.configStore = Objects.requireNonNull(configStore, "configStore");
        this.breakGlassCodesExist = Objects.requireNonNull(breakGlassCodesExist, "breakGlassCodesExist");
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
        if (!engineFactory.isAvailable()) {
            // Cannot validate, so cannot store: keep the document for a node whose library loads.
            LOG.severe("oidc-sso: configuration import skipped, the native library is unavailable: "
                    + engineFactory.unavailableReason());
            return false;
        }
        String document = (String) pending;
        List<ConfigProblem> problems = engineFactory.validate(document);
        if (!problems.isEmpty()) {
            throw new ConfigImportException(describe(problems), problems);
        }
        List<String> lockout = LockoutCheck.problems(document, breakGlassCodesExist);
        if (!lockout.isEmpty()) {
            throw new ConfigImportException("oidc-sso: the configuration to import (PluginSettings key " + IMPORT_KEY
                    + ") would lock every administrator out; nothing was stored.\n" + String.join("\n", lockout),
                    List.of());
        }
        Optional<StoredConfig> stored = configStore.load();
        if (stored.isPresent() && sameDocument(stored.get().json(), document)) {
            settings.remove(IMPORT_KEY);
            LOG.info("oidc-sso: the configuration placed under " + IMPORT_KEY + " equals the stored one (revision "
                    + stored.get().revision() + "); nothing stored");
            return false;
        }
        long revision = configStore.save(document, stored.map(StoredConfig::revision).orElse(0L));
        settings.remove(IMPORT_KEY);
        LOG.info("oidc-sso: imported the configuration placed under " + IMPORT_KEY + " as revision " + revision);
        return true;
    }

    /** The same JSON value: member order and white space aside (both documents are valid JSON here). */
    private static boolean sameDocument(String stored, String imported) {
        if (stored.equals(imported)) {
            return true;
        }
        try {
            return JsonParser.parseString(stored).equals(JsonParser.parseString(imported));
        } catch (JsonParseException e) {
            return false;
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
