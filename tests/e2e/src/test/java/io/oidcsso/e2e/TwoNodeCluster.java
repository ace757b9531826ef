package io.oidcsso.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A cluster for the e2e tests: the dev IdP, two reference-host nodes ({@link #NODE_1},
 * {@link #NODE_2}) over ONE shared home ({@code --sessions shared}) and nginx in front, round robin
 * without stickiness; the canonical base URL is nginx's. Only node-1 gets the configuration file:
 * node-2 runs on what node-1 stored in the shared home. Every process is watched by the test's
 * {@link DumpOutputOnFailure}; {@link #close} stops them in reverse order, and a start that fails
 * half-way stops what it had started.
 */
final class TwoNodeCluster implements AutoCloseable {
    static final String NODE_1 = "node-1";
    static final String NODE_2 = "node-2";

    private final Path workDir;
    private DevIdp idp;
    private ReferenceHost node1;
    private ReferenceHost node2;
    private Nginx balancer;

    private TwoNodeCluster(Path workDir) {
        this.workDir = workDir;
    }

    /** Starts the four processes in a fresh work directory {@code <name>-<millis>}. */
    static TwoNodeCluster start(String name, DumpOutputOnFailure dump) {
        TwoNodeCluster cluster = new TwoNodeCluster(E2eSettings.workDir().resolve(name + "-" + System.currentTimeMillis()));
        try {
            cluster.startParts(dump);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startParts(DumpOutputOnFailure dump) {
        int balancerPort = FreePorts.on(E2eSettings.HOST_ADDRESS);
        URI canonical = URI.create("http://" + E2eSettings.HOST_ADDRESS + ":" + balancerPort);
        idp = DevIdp.start(workDir.resolve("logs"), List.of(canonical));
        dump.watch(idp.process());
        Path config = PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("oidc-sso-config.json"));
        Path sharedHome = ReferenceHost.freshDirectory(workDir.resolve("shared-home"));
        node1 = ReferenceHost.startClusterNode(NODE_1, canonical, sharedHome, config, workDir);
        dump.watch(node1.process());
        node2 = ReferenceHost.startClusterNode(NODE_2, canonical, sharedHome, null, workDir);
        dump.watch(node2.process());
        balancer = Nginx.start(balancerPort, List.of(node1.baseUrl(), node2.baseUrl()), workDir);
        dump.watch(balancer.process());
    }

    Path workDir() {
        return workDir;
    }

    DevIdp idp() {
        return idp;
    }

    ReferenceHost node1() {
        return node1;
    }

    ReferenceHost node2() {
        return node2;
    }

    Nginx balancer() {
        return balancer;
    }

    /** Stops nginx, the nodes and the IdP; a part that cannot be stopped is reported, the others still stop. */
    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {balancer, node2, node1, idp}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.out.println("TwoNodeCluster: could not stop " + part + ": " + e);
                }
            }
        }
    }
}
