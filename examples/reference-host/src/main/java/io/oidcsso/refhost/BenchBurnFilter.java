package io.oidcsso.refhost;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

/**
 * A benchmark knob, off unless the host runs with {@code -Drefhost.benchBurnMicros=N} (N from 1 to 1,000,000):
 * every request first spends N microseconds of its thread's CPU time in a busy loop, so that the host is slower
 * by a known amount (scripts/bench-wrk.sh's "burn" host checks that the benchmark reports it; docs/benchmarks.md,
 * "Target (c): both sides at once (c-conc)"). The response names the burn in {@value #HEADER}. Test-only: a
 * product has nothing like it.
 *
 * <p>Reading the thread's CPU clock is itself work (about 1 µs a call on the benchmark's VM), so a request costs
 * somewhat more than N: the filter keeps what it spent, estimated from its own clock ({@link #spentNanos()}: the
 * burn's measured CPU time, plus one loop turn for the clock reads at either end), and {@link BenchBurnServlet}
 * answers it, so that the benchmark compares its reading with what the host really added.
 */
final class BenchBurnFilter implements Filter {
    /** The system property that installs the filter. */
    static final String PROPERTY = "refhost.benchBurnMicros";
    static final String HEADER = "X-Reference-Host-Bench-Burn-Micros";
    static final int MAX_MICROS = 1_000_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int micros;
    private final LongAdder requests = new LongAdder();
    private final LongAdder spent = new LongAdder();

    BenchBurnFilter(int micros) {
        if (micros < 1 || micros > MAX_MICROS) {
            throw new IllegalArgumentException(PROPERTY + " must be from 1 to " + MAX_MICROS + ", not " + micros);
        }
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException(PROPERTY + " needs the JVM's thread CPU time, which this JVM lacks");
        }
        this.micros = micros;
    }

    /**
     * The microseconds of {@link #PROPERTY}: 0 when the property is unset or empty (no filter), otherwise its value.
     *
     * @throws IllegalArgumentException when the value is not a whole number from 0 to {@value #MAX_MICROS}
     */
    static int configuredMicros(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        int micros;
        try {
            micros = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a whole number of microseconds, not '" + value + "'");
        }
        if (micros < 0 || micros > MAX_MICROS) {
            throw new IllegalArgumentException(PROPERTY + " must be from 0 to " + MAX_MICROS + ", not " + micros);
        }
        return micros;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long[] turns = new long[1];
        long used = burn(micros * 1_000L, turns);
        requests.increment();
        // The clock reads at either end cost about one loop turn: used / turns more.
        spent.add(used + used / Math.max(1, turns[0]));
        ((HttpServletResponse) response).setHeader(HEADER, Integer.toString(micros));
        chain.doFilter(request, response);
    }

    /**
     * Spins until the current thread has used at least {@code nanos} of CPU time (not wall time: a thread that
     * waits for its core meanwhile still burns the full amount). Returns the thread CPU time it used.
     */
    static long burn(long nanos) {
        return burn(nanos, new long[1]);
    }

    /** {@link #burn(long)}, counting the loop's turns (each one clock read) into {@code turns[0]}. */
    static long burn(long nanos, long[] turns) {
        long start = THREADS.getCurrentThreadCpuTime();
        long used = 0;
        long spin = 0;
        while (used < nanos) {
            turns[0]++;
            for (int i = 0; i < 64; i++) {
                spin = spin * 6364136223846793005L + 1442695040888963407L;
            }
            used = THREADS.getCurrentThreadCpuTime() - start;
        }
        if (spin == 42) {
            // Never true in practice; keeps the loop's arithmetic from being removed as dead code.
            Thread.onSpinWait();
        }
        return used;
    }

    int micros() {
        return micros;
    }

    /** The requests burned so far. */
    long requests() {
        return requests.sum();
    }

    /** The thread CPU time the filter spent so far, in nanoseconds (see the class comment). */
    long spentNanos() {
        return spent.sum();
    }
}
