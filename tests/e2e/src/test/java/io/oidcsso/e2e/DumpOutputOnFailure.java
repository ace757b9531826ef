package io.oidcsso.e2e;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the output of the watched processes into the test log when a test fails. */
final class DumpOutputOnFailure implements TestWatcher {
    private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();

    void watch(ManagedProcess process) {
        processes.add(process);
    }

    void unwatch(ManagedProcess process) {
        processes.remove(process);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("===== " + context.getDisplayName() + " failed: output of the processes =====");
        processes.forEach(process -> System.out.println(process.output()));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // Nothing ran.
    }
}
