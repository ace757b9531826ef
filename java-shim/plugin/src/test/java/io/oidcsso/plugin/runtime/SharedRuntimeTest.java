package io.oidcsso.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.TestRuntime;
import javax.servlet.ServletException;
import org.junit.jupiter.api.Test;

class SharedRuntimeTest {
    private final SharedRuntime shared = new SharedRuntime();

    @Test
    void acquireWhenTwoModulesThenOneRuntimeClosedAfterLastRelease() throws Exception {
        TestRuntime test = TestRuntime.configured();
        int[] created = {0};
        SharedRuntime.Factory factory = () -> {
            created[0]++;
            return test.runtime;
        };
        RuntimeLease filter = shared.lease(factory);
        RuntimeLease servlet = shared.lease(factory);

        assertSame(filter.acquire(), servlet.acquire());
        test.runtime.activeEngine();
        filter.release();
        assertFalse(test.engines.engine.closed());
        servlet.release();

        assertEquals(1, created[0]);
        assertTrue(test.engines.engine.closed());
        assertEquals(1, test.engines.shutdowns);
        assertEquals(0, shared.holders());
    }

    @Test
    void releaseWhenCalledTwiceByOneModuleThenCountedOnce() throws Exception {
        TestRuntime test = TestRuntime.configured();
        RuntimeLease first = shared.lease(() -> test.runtime);
        RuntimeLease second = shared.lease(() -> test.runtime);
        first.acquire();
        second.acquire();
        first.release();
        first.release();
        assertEquals(1, shared.holders());
    }

    @Test
    void acquireWhenFactoryFailsThenFailurePropagatesAndNothingHeld() {
        RuntimeLease lease = shared.lease(() -> {
            throw new ServletException("invalid import");
        });
        assertThrows(ServletException.class, lease::acquire);
        assertEquals(0, shared.holders());
    }
}
