package io.oidcsso.bench;

import com.nimbusds.jose.jwk.RSAKey;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LogoutTokenRequest;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The JWKS stampede (docs/benchmarks.md): the IdP rotates to a new signing key, then N threads
 * (default 1000) validate logout tokens signed with the new {@code kid} at the same moment,
 * through the JNI call. Prints how many JWKS fetches that caused: the engine's single flight
 * should make it exactly one. The JWKS endpoint answers after 200 ms so that every validation
 * arrives while the fetch is in flight.
 *
 * <pre>java -cp benchmarks/jmh/target/benchmarks.jar io.oidcsso.bench.JwksStampede [N]</pre>
 */
public final class JwksStampede {
    /** The engine fetches the JWKS again for an unknown kid at most this often (jwks_cache.rs). */
    private static final long MIN_REFETCH_MILLIS = 10_000;

    private JwksStampede() {}

    public static void main(String[] args) throws Exception {
        int validations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        RSAKey before = BenchIdp.rsaKey("key-before");
        RSAKey rotated = BenchIdp.rsaKey("key-rotated");
        try (BenchIdp idp = new BenchIdp(before);
                LoginEngine engine = idp.loginEngine()) {
            engine.validateLogoutToken(request(idp.logoutToken(before, "warm-up")));
            int fetchesBefore = idp.jwksFetches();
            idp.publish(before, rotated);
            idp.slowJwks(200);
            List<LogoutTokenRequest> requests = new ArrayList<>(validations);
            for (int i = 0; i < validations; i++) {
                requests.add(request(idp.logoutToken(rotated, "jti-" + i)));
            }
            // Past the refetch rate limit of the warm-up fetch, so the new kid may be fetched.
            Thread.sleep(MIN_REFETCH_MILLIS + 1_000);

            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(validations);
            List<Future<String>> outcomes = new ArrayList<>(validations);
            for (LogoutTokenRequest request : requests) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    try {
                        engine.validateLogoutToken(request);
                        return null;
                    } catch (OidcSsoException e) {
                        return e.getMessage();
                    }
                }));
            }
            long started = System.nanoTime();
            start.countDown();
            int accepted = 0;
            List<String> refusals = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                String refusal = outcome.get(60, TimeUnit.SECONDS);
                if (refusal == null) {
                    accepted++;
                } else if (refusals.size() < 3) {
                    refusals.add(refusal);
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            threads.shutdown();
            int fetches = idp.jwksFetches() - fetchesBefore;
            System.out.printf("jwks-stampede: validations=%d accepted=%d jwks_fetches=%d wall_ms=%d%n",
                    validations, accepted, fetches, millis);
            if (accepted != validations) {
                System.out.println("jwks-stampede: refused, e.g.: " + refusals);
                System.exit(1);
            }
        }
    }

    private static LogoutTokenRequest request(String token) {
        return new LogoutTokenRequest(token);
    }
}
