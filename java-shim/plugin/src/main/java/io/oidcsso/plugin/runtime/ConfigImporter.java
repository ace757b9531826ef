package io.oidcsso.plugin.runtime;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.engine.EngineFactory;
import io.oidcsso.plugin.host.ConfigStore;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Imports a document the host placed under the global PluginSettings key {@value #IMPORT_KEY}
 * (the reference host does for {@code --config FILE}): validated by the core first; stored only
 * when the whole document is valid, then the key is removed.
 */
public final class ConfigImporter {
    public static final String IMPORT_KEY = "io.oidcsso.import";
    private static final Logger LOG = Logger.getLogger(ConfigImporter.class.getName());

    private final PluginSettingsFactory settingsFactory;
    private final EngineFactory engineFactory;
    private final ConfigStore configStore;

    public ConfigImporter(PluginSettingsFactory settingsFactory, EngineFactory engineFactory, ConfigStore configStore) {
        this.settingsFactory = Objects.requireNonNull(settingsFactory, "settingsFactory");
        this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
        this.configStore = Objects.requireNonNull(configStore, "configStore");
    }

    /**
     * @return true when a document was imported
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
        configStore.save(document, configStore.currentRevision());
        settings.remove(IMPORT_KEY);
        LOG.info("oidc-sso: imported the configuration placed under " + IMPORT_KEY);
        return true;
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
