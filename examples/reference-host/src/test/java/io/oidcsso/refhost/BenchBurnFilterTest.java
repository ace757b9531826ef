package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's burn knob (scripts/bench-wrk.sh's "burn" host): absent unless asked for, then N µs of CPU per request. */
class BenchBurnFilterTest {
    @TempDir
    Path work;
    private TestHost host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        System.clearProperty(BenchBurnFilter.PROPERTY);
    }

    @Test
    void burnWhenPropertyUnsetThenNoFilter() throws Exception {
        host = TestHost.start(work.resolve("home"), null);
        assertEquals(302, host.login("local", "local", null).statusCode());
        HttpResponse<String> response = host.get("/rest/whoami");
        assertEquals(200, response.statusCode());
        assertFalse(response.headers().firstValue(BenchBurnFilter.HEADER).isPresent());
        assertEquals(404, host.get(BenchBurnServlet.PATH).statusCode());
    }

    @Test
    void burnWhenPropertySetThenEveryRequestPassesTheFilter() throws Exception {
        System.setProperty(BenchBurnFilter.PROPERTY, "50");
        host = TestHost.start(work.resolve("home"), null);
        assertEquals(302, host.login("local", "local", null).statusCode());
        HttpResponse<String> response = host.get("/rest/whoami");
        assertEquals(200, response.statusCode());
        assertEquals("50", response.headers().firstValue(BenchBurnFilter.HEADER).orElseThrow());
        assertTrue(response.body().contains("local"), response.body());
        // What the burn spent: at least the knob's 50 µs of thread CPU time for each request it saw.
        JsonObject spent = JsonParser.parseString(host.get(BenchBurnServlet.PATH).body()).getAsJsonObject();
        assertEquals(50, spent.get("micros").getAsInt());
        assertTrue(spent.get("requests").getAsLong() >= 2, spent.toString());
        assertTrue(spent.get("cpuNanosPerRequest").getAsDouble() >= 50_000, spent.toString());
    }

    @Test
    void burnSpendsAtLeastTheAskedThreadCpuTime() {
        // What the knob promises: the thread's own CPU time (not wall time) rises by at least the amount.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        long[] turns = new long[1];
        long used = BenchBurnFilter.burn(3_000_000L, turns);
        long measured = threads.getCurrentThreadCpuTime() - before;
        assertTrue(used >= 3_000_000L, "used " + used);
        assertTrue(turns[0] >= 1, "turns " + turns[0]);
        assertTrue(measured >= 3_000_000L, "measured " + measured);
    }

    @Test
    void configuredMicrosWhenBadThenSpecificError() {
        assertEquals(0, BenchBurnFilter.configuredMicros(null));
        assertEquals(0, BenchBurnFilter.configuredMicros(" "));
        assertEquals(0, BenchBurnFilter.configuredMicros("0"));
        assertEquals(2, BenchBurnFilter.configuredMicros("2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchBurnFilter.configuredMicros("2us"))
                .getMessage().contains("whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchBurnFilter.configuredMicros("-1"))
                .getMessage().contains("from 0 to"));
        assertThrows(IllegalArgumentException.class, () -> BenchBurnFilter.configuredMicros("1000001"));
        assertThrows(IllegalArgumentException.class, () -> new BenchBurnFilter(0));
    }
}
