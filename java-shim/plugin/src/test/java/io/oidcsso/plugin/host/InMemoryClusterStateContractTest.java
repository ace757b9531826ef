package io.oidcsso.plugin.host;

import io.oidcsso.plugin.fakes.InMemoryClusterState;
import java.time.Clock;

class InMemoryClusterStateContractTest extends ClusterStateContract {
    @Override
    protected ClusterState create(Clock clock, int capacity) {
        return new InMemoryClusterState(clock, capacity);
    }
}
