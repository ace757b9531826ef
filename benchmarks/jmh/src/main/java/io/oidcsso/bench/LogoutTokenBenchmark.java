package io.oidcsso.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LogoutTokenDecision;
import io.oidcsso.plugin.engine.LogoutTokenRequest;
import io.oidcsso.plugin.nativebridge.OidcAuthenticationException;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One back-channel logout token validated (signature and every claim check), in one JVM:
 * through the call the plugin makes ({@code LoginEngine.validateLogoutToken}: the request
 * encoded, the JNI call, the answer decoded into its record, as {@code BackchannelLogoutHandler}
 * does) against Nimbus JOSE+JWT doing the same checks on the same token bytes and keys, and
 * against the floor ({@link Floor}: aws-lc-rs verifying the same signature alone, key parsed
 * once, through a bench-only JNI library). The thread count comes from the command line
 * ({@code -t 1}, {@code -t 2}: scripts/bench.sh). {@link PairedFloor} measures the JNI call and
 * the floor side by side in one JVM, which compares them more precisely than separate forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogoutTokenBenchmark {
    @Param({"RS256", "ES256"})
    public String alg;

    private BenchIdp idp;
    private LoginEngine engine;
    private Floor floor;
    private String token;
    private LogoutTokenRequest request;
    private DefaultJWTProcessor<SecurityContext> nimbus;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWK key = "RS256".equals(alg) ? BenchIdp.rsaKey("bench-rsa") : BenchIdp.ecKey("bench-ec");
        idp = new BenchIdp(key);
        engine = idp.loginEngine();
        floor = new Floor(key, token = idp.logoutToken(key, "jti-bench"));
        nimbus = idp.nimbusProcessor(key);
        request = new LogoutTokenRequest(token);
        // Both accept the token (the engine fetches discovery and the JWKS here, once)...
        engine.validateLogoutToken(request);
        nimbus.process(token, null);
        // ...and both refuse each broken variant: they do the same checks.
        for (Map.Entry<String, String> broken : brokenVariants(key).entrySet()) {
            assertBothRefuse(broken.getKey(), broken.getValue());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        idp.close();
    }

    @Benchmark
    public LogoutTokenDecision jni() {
        return engine.validateLogoutToken(request);
    }

    @Benchmark
    public boolean floor() {
        return floor.verify();
    }

    @Benchmark
    public JWTClaimsSet nimbus() throws BadJOSEException, JOSEException, ParseException {
        return nimbus.process(token, null);
    }

    /** One token per rule, each breaking only that rule. */
    private Map<String, String> brokenVariants(JWK key) throws JOSEException {
        JOSEObjectType logout = new JOSEObjectType("logout+jwt");
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("other iss", BenchIdp.logoutToken(key, idp.claims("j").issuer(idp.issuer() + "/x").build(), logout));
        variants.put("other aud", BenchIdp.logoutToken(key, idp.claims("j").audience("someone").build(), logout));
        variants.put("untrusted aud", BenchIdp.logoutToken(key,
                idp.claims("j").audience(List.of(BenchIdp.CLIENT_ID, "someone")).claim("azp", BenchIdp.CLIENT_ID)
                        .build(), logout));
        variants.put("no iat", BenchIdp.logoutToken(key, idp.claims("j").issueTime(null).build(), logout));
        variants.put("expired", BenchIdp.logoutToken(key,
                idp.claims("j").expirationTime(new Date(System.currentTimeMillis() - 3_600_000)).build(),
                logout));
        variants.put("no event", BenchIdp.logoutToken(key, idp.claims("j").claim("events", Map.of()).build(), logout));
        variants.put("no sub or sid", BenchIdp.logoutToken(key,
                idp.claims("j").subject(null).claim("sid", null).build(), logout));
        variants.put("nonce", BenchIdp.logoutToken(key, idp.claims("j").claim("nonce", "n").build(), logout));
        variants.put("no jti", BenchIdp.logoutToken(key, idp.claims(null).build(), logout));
        variants.put("typ JWT", BenchIdp.logoutToken(key, idp.claims("j").build(), JOSEObjectType.JWT));
        variants.put("bad signature", flipSignatureCharacter(token));
        return variants;
    }

    /** One base64url character in the middle of the signature changed (all six bits are data there). */
    private static String flipSignatureCharacter(String token) {
        int at = token.lastIndexOf('.') + 20;
        char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
        return token.substring(0, at) + replacement + token.substring(at + 1);
    }

    private void assertBothRefuse(String name, String broken) throws JOSEException, ParseException {
        try {
            engine.validateLogoutToken(new LogoutTokenRequest(broken));
            throw new IllegalStateException("the engine accepted a token with " + name);
        } catch (OidcAuthenticationException expected) {
            // refused, as it must be
        }
        try {
            nimbus.process(broken, null);
            throw new IllegalStateException("Nimbus accepted a token with " + name);
        } catch (BadJOSEException expected) {
            // refused, as it must be
        }
    }
}
