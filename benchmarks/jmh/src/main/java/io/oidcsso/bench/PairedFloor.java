package io.oidcsso.bench;

import com.nimbusds.jose.jwk.JWK;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LogoutTokenDecision;
import io.oidcsso.plugin.engine.LogoutTokenRequest;
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
 * blocks, and their ratio is printed. On a shared machine, where separate measurement windows
 * see different loads, only calls made side by side compare fairly.
 *
 * <pre>java -cp benchmarks/jmh/target/benchmarks.jar io.oidcsso.bench.PairedFloor [out.json]</pre>
 */
public final class PairedFloor {
    private static final int WARM_UP_CALLS = 40_000;
    private static final int BLOCKS = 1_000;
    private static final int CALLS = 20;

    private PairedFloor() {}

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, Double>> report = new LinkedHashMap<>();
        report.put("RS256", measure("RS256", BenchIdp.rsaKey("bench-rsa")));
        report.put("ES256", measure("ES256", BenchIdp.ecKey("bench-ec")));
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json(report), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Double> measure(String alg, JWK key) throws Exception {
        try (BenchIdp idp = new BenchIdp(key); LoginEngine engine = idp.loginEngine()) {
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
            for (int block = 0; block < BLOCKS; block++) {
                floorTimes[block] = microsPerCall(verify);
                jniTimes[block] = microsPerCall(jni);
            }
            double floorMedian = median(floorTimes);
            double jniMedian = median(jniTimes);
            System.out.printf("paired-jvm %s: floor %.2f µs, jni call %.2f µs (%.3fx)%n", alg, floorMedian,
                    jniMedian, jniMedian / floorMedian);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("floor", floorMedian);
            figures.put("jni", jniMedian);
            return figures;
        }
    }

    private static double microsPerCall(Runnable routine) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            routine.run();
        }
        return (System.nanoTime() - start) / 1_000.0 / CALLS;
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
