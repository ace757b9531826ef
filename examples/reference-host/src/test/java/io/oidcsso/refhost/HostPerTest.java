package io.oidcsso.refhost;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that each run against their own running host, in a fresh home, with the test plugin installed. */
abstract class HostPerTest {
    @TempDir
    Path work;
    TestHost host;

    @BeforeEach
    void startHost() throws Exception {
        host = TestHost.start(work.resolve("home"), TestPluginJar.build(work));
    }

    @AfterEach
    void stopHost() {
        host.close();
    }
}
