package io.oidcsso.plugin.host;

import io.oidcsso.plugin.fakes.InMemoryConfigStore;

class InMemoryConfigStoreContractTest extends ConfigStoreContract {
    @Override
    protected ConfigStore create() {
        return new InMemoryConfigStore();
    }
}
