package io.oidcsso.bench;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The floor of issue 14 in this JVM: aws-lc-rs verifying one token's signature alone, the key
 * parsed once, through the bench-only library {@code benchmarks/floor-jni}
 * ({@code liboidc_sso_bench_floor.so}, never in the plugin jar). {@link #verify()} is a JNI call
 * that does nothing but the verification, so the plugin's call measured beside it compares with
 * the same JVM, the same moment and the same token bytes.
 *
 * <p>The library is {@code -Doidcsso.bench.floorLib=<path>}, by default
 * {@code target/release/liboidc_sso_bench_floor.so} (run from the repository root after
 * {@code cargo build --release -p oidc-sso-bench-floor}); scripts/bench.sh builds it like the release
 * library (cargo-zigbuild, glibc 2.28) and passes its path.
 */
final class Floor {
    static final String LIBRARY_PROPERTY = "oidcsso.bench.floorLib";
    private static final String DEFAULT_LIBRARY = "target/release/liboidc_sso_bench_floor.so";

    static {
        Path library = Path.of(System.getProperty(LIBRARY_PROPERTY, DEFAULT_LIBRARY)).toAbsolutePath();
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException(library + " is missing: cargo build --release -p oidc-sso-bench-floor"
                    + " (or -D" + LIBRARY_PROPERTY + "=<path>)");
        }
        System.load(library.toString());
    }

    private final long handle;

    /** The signature of {@code token} (compact JWS) and the public half of {@code key} (RSA or P-256). */
    Floor(JWK key, String token) {
        int dot = token.lastIndexOf('.');
        byte[] signingInput = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        if (key instanceof RSAKey rsa) {
            handle = prepare(true, rsa.getModulus().decode(), rsa.getPublicExponent().decode(), signingInput,
                    signature);
        } else {
            ECKey ec = (ECKey) key;
            handle = prepare(false, ec.getX().decode(), ec.getY().decode(), signingInput, signature);
        }
        if (handle == 0 || !verify(handle)) {
            throw new IllegalStateException("the floor library does not verify the benchmark token");
        }
    }

    /** aws-lc-rs verifying the prepared signature; true when it verifies. */
    boolean verify() {
        return verify(handle);
    }

    /**
     * The floor with the bridge's plumbing as it is today (b-jni2): {@code token} read from its String
     * onto the native stack ({@code GetStringLength}, {@code GetStringRegion}) and narrowed to bytes with
     * the ASCII check, the prepared signature verified, then {@code answerLength} bytes (the compact
     * answer's size), every one 1 when it verifies, written into {@code answer}, an array the caller
     * keeps ({@code GetArrayLength}, {@code SetByteArrayRegion}). Returns {@code answerLength}, or -1
     * when it does not verify or does not fit. Bench only: prices what the plugin's bridge adds around
     * the signature for the String and the array.
     */
    int verifyArrays(String token, byte[] answer, int answerLength) {
        return verifyArrays(handle, token, answer, answerLength);
    }

    private static native int verifyArrays(long handle, String token, byte[] answer, int answerLength);

    private static native long prepare(boolean rsa, byte[] nOrX, byte[] eOrY, byte[] signingInput,
            byte[] signature);

    private static native boolean verify(long handle);
}
