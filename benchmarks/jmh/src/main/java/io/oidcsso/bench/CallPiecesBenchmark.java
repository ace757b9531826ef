package io.oidcsso.bench;

import com.nimbusds.jose.jwk.JWK;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LogoutTokenDecision;
import io.oidcsso.plugin.engine.LogoutTokenRequest;
import io.oidcsso.plugin.nativebridge.OidcEngine;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
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
 * The JVM side of the back-channel logout call taken apart (docs/benchmarks.md, "The JVM side of
 * the call (b-jni)"), each piece measured on its own in one JVM: the token's {@code getBytes}, the
 * compact answer read into its record ({@code LogoutTokenCodec.decode}, package-private, reached
 * through a method handle), the native call alone ({@code OidcEngine.validateLogoutToken}: handle,
 * JNI, bridge, core), the plugin's whole call ({@code LoginEngine.validateLogoutToken}), the floor
 * ({@link Floor#verify()}: a JNI call taking no array) and the floor with the bridge's plumbing
 * ({@link Floor#verifyArrays}: the token read from its String, a compact-sized answer written into a
 * kept array). Nothing here is in the plugin jar or the release library.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CallPiecesBenchmark {
    private static final MethodHandle DECODE = decodeHandle();

    @Param({"RS256"})
    public String alg;

    private BenchIdp idp;
    private LoginEngine engine;
    private OidcEngine raw;
    private Floor floor;
    private LogoutTokenRequest request;
    private String token;
    private byte[] answer;
    private final byte[] kept = new byte[512];
    private final byte[] floorAnswer = new byte[512];

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        JWK key = "RS256".equals(alg) ? BenchIdp.rsaKey("bench-rsa") : BenchIdp.ecKey("bench-ec");
        idp = new BenchIdp(key);
        engine = idp.loginEngine();
        token = idp.logoutToken(key, "jti-pieces");
        raw = rawEngine(idp);
        floor = new Floor(key, token);
        request = new LogoutTokenRequest(token);
        engine.validateLogoutToken(request);
        answer = java.util.Arrays.copyOf(kept, raw.validateLogoutToken(token, kept));
        if (decode().exp() == 0 || floor.verifyArrays(token, floorAnswer, answer.length) != answer.length) {
            throw new IllegalStateException("the pieces do not answer like the call");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        engine.close();
        idp.close();
    }

    /** The plugin's call, as {@link LogoutTokenBenchmark#jni()}. */
    @Benchmark
    public LogoutTokenDecision call() {
        return engine.validateLogoutToken(request);
    }

    /** The native call alone: the token read from its String, the answer written into a kept array, not read. */
    @Benchmark
    public int nativeCall() {
        return raw.validateLogoutToken(token, kept);
    }

    @Benchmark
    public byte[] getBytes() {
        return request.logoutToken().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public LogoutTokenDecision decode() {
        try {
            return (LogoutTokenDecision) DECODE.invokeExact(answer);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public boolean floor() {
        return floor.verify();
    }

    @Benchmark
    public int floorArrays() {
        return floor.verifyArrays(token, floorAnswer, answer.length);
    }

    private static MethodHandle decodeHandle() {
        try {
            return packagePrivate("io.oidcsso.plugin.engine.LogoutTokenCodec", "decode",
                    MethodType.methodType(LogoutTokenDecision.class, byte[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The native engine alone for {@code idp}, built from what {@link BenchIdp#loginEngine()} builds. */
    static OidcEngine rawEngine(BenchIdp idp) throws Throwable {
        HostContext host = new HostContext("http://127.0.0.1:8080", "bench", "/plugins/servlet/oidc/callback");
        // The host context as the plugin's factory encodes it (package-private there).
        String hostJson = (String) packagePrivate("io.oidcsso.plugin.engine.NativeEngineFactory", "hostContextJson",
                MethodType.methodType(String.class, HostContext.class)).invokeExact(host);
        return OidcEngine.create(idp.configJson(), hostJson);
    }

    private static MethodHandle packagePrivate(String className, String name, MethodType type)
            throws ReflectiveOperationException {
        Class<?> owner = Class.forName(className);
        return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findStatic(owner, name, type);
    }
}
