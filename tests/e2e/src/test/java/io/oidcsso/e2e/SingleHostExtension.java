package io.oidcsso.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * {@link SingleHost} (the dev IdP and one reference host with the plugin) for a whole test class:
 * register it on a static field,
 * {@code @RegisterExtension static final SingleHostExtension SETUP = new SingleHostExtension(...)}.
 * It starts the setup before the class's {@code @BeforeAll} methods, stops it after its
 * {@code @AfterAll} methods (so a host a test class starts itself is stopped first), and hands the
 * tests its parts ({@link #host}, {@link #idp}, {@link #workDir}). When a test fails, or the setup
 * cannot start, it prints the output of its processes and of those {@link #watch}ed.
 */
final class SingleHostExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final String name;
    private final String hostName;
    private final SingleHost.Config config;
    private final URI[] moreRpUrls;
    private final DumpOutputOnFailure dump = new DumpOutputOnFailure();
    private SingleHost running;

    /** As {@link SingleHost#start}: work directory {@code <name>-<millis>}, node {@code hostName}. */
    SingleHostExtension(String name, String hostName, SingleHost.Config config, URI... moreRpUrls) {
        this.name = name;
        this.hostName = hostName;
        this.config = config;
        this.moreRpUrls = moreRpUrls.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            running = SingleHost.start(name, hostName, config, dump, moreRpUrls);
        } catch (RuntimeException | Error e) {
            // No test runs, so no test can fail and print what the IdP and host said.
            dump.testFailed(context, e);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        dump.testFailed(context, cause);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        dump.testAborted(context, cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        dump.testDisabled(context, reason);
    }

    /** Prints {@code process}'s output too when a test fails (a host the test class starts itself). */
    void watch(ManagedProcess process) {
        dump.watch(process);
    }

    ReferenceHost host() {
        return started().host();
    }

    DevIdp idp() {
        return started().idp();
    }

    Path workDir() {
        return started().workDir();
    }

    private SingleHost started() {
        if (running == null) {
            throw new IllegalStateException("the single host " + name + " is not running: register "
                    + "SingleHostExtension on a static field and use it from tests or @BeforeAll methods");
        }
        return running;
    }
}
