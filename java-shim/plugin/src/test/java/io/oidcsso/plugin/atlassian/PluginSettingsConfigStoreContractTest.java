package io.oidcsso.plugin.atlassian;

import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.ConfigStoreContract;

class PluginSettingsConfigStoreContractTest extends ConfigStoreContract {
    @Override
    protected ConfigStore create() {
        return new PluginSettingsConfigStore(new InMemoryPluginSettings(), new FakeClusterLockService());
    }
}
