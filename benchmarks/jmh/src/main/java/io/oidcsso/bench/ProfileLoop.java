package io.oidcsso.bench;

import com.nimbusds.jose.jwk.JWK;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LogoutTokenRequest;
import io.oidcsso.plugin.nativebridge.OidcEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * One routine of {@link PairedFloor} in a plain loop, for a profiler (docs/benchmarks.md, "The call in
 * the JVM, profiled (b-jni2)"): {@code floor} ({@link Floor#verify()}), {@code native} (the native call
 * alone, {@code OidcEngine.validateLogoutToken} into a kept array), {@code call} (the plugin's call,
 * {@code LoginEngine.validateLogoutToken}) or {@code paired} (blocks of 20 floor calls and 20 native
 * calls in turn; the floor library and the release library each carry their own aws-lc, so a profile
 * splits the two routines by library), on the RS256 or ES256 token of the benchmarks. It warms up for
 * {@code warm-up} seconds, prints {@code measuring <epoch ms>}, loops for {@code seconds} more and prints
 * the calls per second, the thread's CPU time per call (which a loaded machine's waits do not inflate)
 * and the end time. Nothing else runs in the JVM but its own threads.
 *
 * <pre>java -cp benchmarks.jar io.oidcsso.bench.ProfileLoop floor|native|call|paired [RS256|ES256] [seconds]
 *     [warm-up]</pre>
 */
public final class ProfileLoop {
    private ProfileLoop() {}

    public static void main(String[] args) throws Throwable {
        String routine = args.length > 0 ? args[0] : "call";
        String alg = args.length > 1 ? args[1] : "RS256";
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 20;
        long warmUp = args.length > 3 ? Long.parseLong(args[3]) : 5;
        JWK key = "RS256".equals(alg) ? BenchIdp.rsaKey("bench-rsa") : BenchIdp.ecKey("bench-ec");
        try (BenchIdp idp = new BenchIdp(key); LoginEngine engine = idp.loginEngine();
                OidcEngine raw = CallPiecesBenchmark.rawEngine(idp)) {
            String token = idp.logoutToken(key, "jti-paired");
            Floor floor = new Floor(key, token);
            LogoutTokenRequest request = new LogoutTokenRequest(token);
            byte[] kept = new byte[512];
            int answerLength = raw.validateLogoutToken(token, kept);
            Runnable body = switch (routine) {
                case "floor" -> () -> {
                    if (!floor.verify()) {
                        throw new IllegalStateException("the floor refused the token");
                    }
                };
                case "native" -> () -> {
                    if (raw.validateLogoutToken(token, kept) != answerLength) {
                        throw new IllegalStateException("another answer");
                    }
                };
                case "call" -> () -> {
                    if (engine.validateLogoutToken(request).exp() == 0) {
                        throw new IllegalStateException("no exp");
                    }
                };
                case "paired" -> () -> {
                    // Blocks of 20 of each, as PairedFloor: both libraries carry their own aws-lc, so
                    // a profile tells the floor's signature work from the call's by library.
                    for (int i = 0; i < 20; i++) {
                        if (!floor.verify()) {
                            throw new IllegalStateException("the floor refused the token");
                        }
                    }
                    for (int i = 0; i < 20; i++) {
                        if (raw.validateLogoutToken(token, kept) != answerLength) {
                            throw new IllegalStateException("another answer");
                        }
                    }
                };
                default -> throw new IllegalArgumentException("floor, native, call or paired: " + routine);
            };
            loop(body, warmUp);
            System.out.println("measuring " + System.currentTimeMillis());
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long calls = loop(body, seconds) * ("paired".equals(routine) ? 40 : 1);
            double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / calls;
            System.out.printf("%s %s: %.0f calls/s, %.3f µs per call, %.3f µs of this thread's CPU per call;"
                    + " end %d%n", routine, alg, calls / (double) seconds, seconds * 1e6 / calls, cpuMicros,
                    System.currentTimeMillis());
        }
    }

    private static long loop(Runnable body, long seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long calls = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                body.run();
            }
            calls += 100;
        }
        return calls;
    }
}
