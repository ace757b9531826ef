package io.oidcsso.bench;

import com.nimbusds.jose.jwk.JWK;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LogoutTokenDecision;
import io.oidcsso.plugin.engine.LogoutTokenRequest;
import io.oidcsso.plugin.nativebridge.OidcEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Target (b) of issue 14 measured side by side in one JVM (docs/benchmarks.md): the plugin's
 * call ({@code LoginEngine.validateLogoutToken}, the same as {@link LogoutTokenBenchmark#jni})
 * and the floor ({@link Floor}: aws-lc-rs verifying the same token's signature alone, key parsed
 * once) run in alternating blocks of 20 calls, after a warm-up; each gets the median over the
 * blocks, and their ratio is printed, by wall time and by the thread's CPU time (b-jni2: on a loaded
 * machine the wall time also holds the moments the thread waited for a core). On a shared machine,
 * where separate measurement windows see different loads, only calls made side by side compare fairly.
 *
 * <pre>java -cp benchmarks/jmh/target/benchmarks.jar io.oidcsso.bench.PairedFloor [--split] [out.json]</pre>
 *
 * <p>{@code --split} (docs/benchmarks.md, "The JVM side of the call (b-jni)") alternates four
 * routines instead of two, to take the call apart in the same JVM at the same moments: the floor;
 * the floor with the bridge's plumbing ({@link Floor#verifyArrays}: the token read from its String
 * onto the stack and narrowed, the answer's bytes written into a kept array, as the bridge does since
 * b-string; b-jni2); the native call
 * alone ({@code OidcEngine.validateLogoutToken}: the token read from its String, the answer written
 * into an array kept by the caller and not read); and the plugin's call (the same plus the kept
 * array's thread-local and {@code LogoutTokenCodec.decode}).
 */
public final class PairedFloor {
    private static final int WARM_UP_CALLS = 40_000;
    private static final int BLOCKS = 1_000;
    private static final int CALLS = 20;
    /** Each block's thread CPU time too: what the machine's other work does not add by preempting. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PairedFloor() {}

    public static void main(String[] args) throws Throwable {
        boolean split = args.length > 0 && "--split".equals(args[0]);
        String out = args.length > (split ? 1 : 0) ? args[split ? 1 : 0] : null;
        Map<String, Map<String, Double>> report = new LinkedHashMap<>();
        report.put("RS256", measure("RS256", BenchIdp.rsaKey("bench-rsa"), split));
        report.put("ES256", measure("ES256", BenchIdp.ecKey("bench-ec"), split));
        if (out != null) {
            Files.writeString(Path.of(out), json(report), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Double> measure(String alg, JWK key, boolean split) throws Throwable {
        try (BenchIdp idp = new BenchIdp(key); LoginEngine engine = idp.loginEngine()) {
            if (split) {
                return measureSplit(alg, idp, engine, key);
            }
            String token = idp.logoutToken(key, "jti-paired");
            Floor floor = new Floor(key, token);
            LogoutTokenRequest request = new LogoutTokenRequest(token);
            Runnable jni = () -> {
                LogoutTokenDecision decision = engine.validateLogoutToken(request);
                if (decision.exp() == 0) {
                    throw new IllegalStateException("no exp");
                }
            };
            Runnable verify = () -> {
                if (!floor.verify()) {
                    throw new IllegalStateException("the floor refused the token");
                }
            };
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                jni.run();
                verify.run();
            }
            double[] floorTimes = new double[BLOCKS];
            double[] jniTimes = new double[BLOCKS];
            double[] floorCpu = new double[BLOCKS];
            double[] jniCpu = new double[BLOCKS];
            for (int block = 0; block < BLOCKS; block++) {
                floorTimes[block] = microsPerCall(verify, floorCpu, block);
                jniTimes[block] = microsPerCall(jni, jniCpu, block);
            }
            double floorMedian = median(floorTimes);
            double jniMedian = median(jniTimes);
            System.out.printf("paired-jvm %s: floor %.2f µs, jni call %.2f µs (%.3fx); thread CPU: floor %.2f µs,"
                    + " jni call %.2f µs (%.3fx)%n", alg, floorMedian, jniMedian, jniMedian / floorMedian,
                    median(floorCpu), median(jniCpu), median(jniCpu) / median(floorCpu));
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("floor", floorMedian);
            figures.put("jni", jniMedian);
            figures.put("floorCpu", median(floorCpu));
            figures.put("jniCpu", median(jniCpu));
            return figures;
        }
    }

    /** The four routines of {@code --split}, alternating; their medians and the steps between them. */
    private static Map<String, Double> measureSplit(String alg, BenchIdp idp, LoginEngine engine, JWK key)
            throws Throwable {
        String token = idp.logoutToken(key, "jti-paired");
        Floor floor = new Floor(key, token);
        LogoutTokenRequest request = new LogoutTokenRequest(token);
        byte[] kept = new byte[512];
        byte[] floorAnswer = new byte[512];
        try (OidcEngine raw = CallPiecesBenchmark.rawEngine(idp)) {
            int answerLength = raw.validateLogoutToken(token, kept);
            Map<String, Runnable> routines = new LinkedHashMap<>();
            routines.put("floor", () -> {
                if (!floor.verify()) {
                    throw new IllegalStateException("the floor refused the token");
                }
            });
            routines.put("floorArrays", () -> {
                if (floor.verifyArrays(token, floorAnswer, answerLength) != answerLength) {
                    throw new IllegalStateException("the floor refused the token");
                }
            });
            routines.put("nativeCall", () -> {
                if (raw.validateLogoutToken(token, kept) != answerLength) {
                    throw new IllegalStateException("another answer");
                }
            });
            routines.put("jni", () -> {
                if (engine.validateLogoutToken(request).exp() == 0) {
                    throw new IllegalStateException("no exp");
                }
            });
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                routines.values().forEach(Runnable::run);
            }
            Map<String, double[]> times = new LinkedHashMap<>();
            Map<String, double[]> cpu = new LinkedHashMap<>();
            routines.keySet().forEach(name -> times.put(name, new double[BLOCKS]));
            routines.keySet().forEach(name -> cpu.put(name, new double[BLOCKS]));
            for (int block = 0; block < BLOCKS; block++) {
                for (Map.Entry<String, Runnable> routine : routines.entrySet()) {
                    times.get(routine.getKey())[block] = microsPerCall(routine.getValue(),
                            cpu.get(routine.getKey()), block);
                }
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            times.forEach((name, values) -> figures.put(name, median(values)));
            cpu.forEach((name, values) -> figures.put(name + "Cpu", median(values)));
            double floorMedian = figures.get("floor");
            System.out.printf("paired-jvm %s split: floor %.3f, + plumbing %.3f, native call %.3f,"
                    + " plugin call %.3f µs (%.3fx); steps: plumbing %+.3f, native call - plumbing %+.3f,"
                    + " Java side %+.3f µs%n", alg, floorMedian, figures.get("floorArrays"),
                    figures.get("nativeCall"), figures.get("jni"), figures.get("jni") / floorMedian,
                    figures.get("floorArrays") - floorMedian, figures.get("nativeCall") - figures.get("floorArrays"),
                    figures.get("jni") - figures.get("nativeCall"));
            System.out.printf("paired-jvm %s split, thread CPU: floor %.3f, + plumbing %.3f, native call %.3f,"
                    + " plugin call %.3f µs (%.3fx)%n", alg, figures.get("floorCpu"),
                    figures.get("floorArraysCpu"), figures.get("nativeCallCpu"), figures.get("jniCpu"),
                    figures.get("jniCpu") / figures.get("floorCpu"));
            return figures;
        }
    }

    /** The block's wall time per call; its thread CPU time per call goes to {@code cpu[block]}. */
    private static double microsPerCall(Runnable routine, double[] cpu, int block) {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            routine.run();
        }
        long wall = System.nanoTime() - start;
        cpu[block] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000.0 / CALLS;
        return wall / 1_000.0 / CALLS;
    }

    private static double median(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String json(Map<String, Map<String, Double>> report) {
        StringBuilder out = new StringBuilder("{");
        report.forEach((alg, figures) -> {
            out.append(out.length() > 1 ? "," : "").append('"').append(alg).append("\":{");
            StringBuilder inner = new StringBuilder();
            figures.forEach((name, value) -> inner.append(inner.length() > 0 ? "," : "")
                    .append('"').append(name).append("\":").append(value));
            out.append(inner).append('}');
        });
        return out.append('}').toString();
    }
}
