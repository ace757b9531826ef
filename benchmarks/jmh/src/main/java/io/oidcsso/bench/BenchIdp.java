package io.oidcsso.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.NativeEngineFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenID Provider on 127.0.0.1 for the benchmarks: discovery and a JWKS served by the
 * JDK's HTTP server (JWKS fetches counted, optionally slowed), signing keys, back-channel logout
 * tokens signed with Nimbus, the engine's configuration for it, and a Nimbus processor that
 * applies the same rules as the engine (header, keys, {@link LogoutClaimsVerifier}).
 */
final class BenchIdp implements AutoCloseable {
    static final String CLIENT_ID = "bench-client";
    static final long MAX_TOKEN_AGE_SECONDS = 3600;
    static final long LEEWAY_SECONDS = 60;
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String issuer;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile String jwks;
    private volatile long jwksDelayMillis;

    BenchIdp(JWK... keys) throws IOException {
        publish(keys);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange, discovery()));
        server.createContext("/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            pause(jwksDelayMillis);
            respond(exchange, jwks);
        });
        server.setExecutor(executor);
        server.start();
    }

    static RSAKey rsaKey(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE)
                .generate();
    }

    static ECKey ecKey(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE)
                .generate();
    }

    /** Serves these keys' public halves from now on (a key rotation). */
    void publish(JWK... keys) {
        jwks = new JWKSet(Arrays.asList(keys)).toPublicJWKSet().toString();
    }

    /** Every JWKS answer waits this long first (so concurrent misses overlap one fetch). */
    void slowJwks(long millis) {
        jwksDelayMillis = millis;
    }

    int jwksFetches() {
        return jwksFetches.get();
    }

    String issuer() {
        return issuer;
    }

    /** The engine's configuration document for this IdP (docs/config.md). */
    String configJson() {
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("id", "bench");
        idp.put("issuer", issuer);
        idp.put("clientId", CLIENT_ID);
        idp.put("clientSecret", "bench-secret-not-used");
        idp.put("allowedAlgorithms", List.of("RS256", "ES256"));
        idp.put("maxIdTokenAgeSeconds", MAX_TOKEN_AGE_SECONDS);
        idp.put("clockSkewSeconds", LEEWAY_SECONDS);
        idp.put("insecureAllowHttpLoopback", true);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemaVersion", 1);
        document.put("idps", List.of(idp));
        return JSONObjectUtils.toJSONString(document);
    }

    /** The engine for this IdP as the plugin builds it: the records over the JNI calls. */
    LoginEngine loginEngine() {
        return new NativeEngineFactory().create(configJson(),
                new HostContext("http://127.0.0.1:8080", "bench", "/plugins/servlet/oidc/callback"));
    }

    /** A valid logout token (Back-Channel Logout 1.0 §2.4) signed with {@code key}. */
    String logoutToken(JWK key, String jti) throws JOSEException {
        return logoutToken(key, claims(jti).build(), new JOSEObjectType("logout+jwt"));
    }

    /** The claims of a valid logout token, to alter for a refused variant. */
    JWTClaimsSet.Builder claims(String jti) {
        long now = System.currentTimeMillis() / 1000;
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(CLIENT_ID)
                .issueTime(new Date(now * 1000))
                .expirationTime(new Date((now + MAX_TOKEN_AGE_SECONDS) * 1000))
                .jwtID(jti)
                .subject("alice-sub")
                .claim("sid", "sid-1")
                .claim("events", Map.of(LogoutClaimsVerifier.BACKCHANNEL_LOGOUT_EVENT, Map.of()));
    }

    static String logoutToken(JWK key, JWTClaimsSet claims, JOSEObjectType type) throws JOSEException {
        JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
        JWSHeader header = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(type).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /**
     * Nimbus doing what the engine does with a logout token: the JWS with an allowed algorithm
     * and {@code typ} {@code logout+jwt} (or none), a key of this IdP's set by {@code kid}
     * (held in memory, as the engine holds its cached JWKS), then every claim rule.
     */
    DefaultJWTProcessor<SecurityContext> nimbusProcessor(JWK... keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt"),
                new JOSEObjectType("application/logout+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS,
                new ImmutableJWKSet<>(new JWKSet(Arrays.asList(keys)).toPublicJWKSet())));
        processor.setJWTClaimsSetVerifier(
                new LogoutClaimsVerifier(issuer, CLIENT_ID, Set.of(), MAX_TOKEN_AGE_SECONDS, LEEWAY_SECONDS));
        return processor;
    }

    private String discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + "/authorize");
        document.put("token_endpoint", issuer + "/token");
        document.put("jwks_uri", issuer + "/jwks");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
        document.put("backchannel_logout_supported", true);
        return JSONObjectUtils.toJSONString(document);
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
