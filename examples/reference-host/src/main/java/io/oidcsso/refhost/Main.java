package io.oidcsso.refhost;

import io.oidcsso.refhost.plugin.PluginStartException;

/** Command-line entry point; see README.md for the contract. */
public final class Main {
    /** The system property the plugin reads its node id from; --node-id fills it in when unset. */
    static final String PLUGIN_NODE_ID_PROPERTY = "oidcsso.node.id";

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        HostOptions options;
        try {
            options = HostOptions.parse(args);
        } catch (HostOptions.UsageException e) {
            if (e.getMessage() == null) {
                System.out.println(HostOptions.USAGE);
                System.exit(0);
            }
            System.err.println("reference-host: " + e.getMessage());
            System.err.println(HostOptions.USAGE);
            System.exit(2);
            return;
        }
        Platform platform = Platform.current();
        if (Runtime.version().feature() < platform.minimumJava()) {
            System.err.println("reference-host: cannot start: " + platform + " needs Java " + platform.minimumJava()
                    + " or later; this is Java " + Runtime.version().feature());
            System.exit(1);
        }
        if (System.getProperty(PLUGIN_NODE_ID_PROPERTY) == null) {
            System.setProperty(PLUGIN_NODE_ID_PROPERTY, options.nodeId());
        }
        ReferenceHost host = startOrExit(options);
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "reference-host-shutdown"));
        System.out.println("reference-host ready: " + host.listenUrl() + "/ (base URL " + host.baseUrl()
                + ", node " + options.nodeId() + ", home " + options.home().toAbsolutePath() + ")");
        System.out.flush();
        host.join();
    }

    private static ReferenceHost startOrExit(HostOptions options) {
        try {
            return ReferenceHost.start(options);
        } catch (PluginStartException e) {
            String plugin = e.pluginKey().isEmpty() ? "the plugin" : "the plugin `" + e.pluginKey() + "`";
            System.err.println("reference-host: " + plugin + " failed to start with --config:");
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("reference-host: cannot start: " + e);
            System.exit(1);
        }
        throw new IllegalStateException("unreachable");
    }
}
