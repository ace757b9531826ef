package io.oidcsso.plugin.nativebridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Executors;

/**
 * A tiny OpenID Provider on 127.0.0.1 serving discovery and JWKS, for the JNI tests; it signs
 * tokens (RS256, {@code kid} {@code k1}) with the key its JWKS publishes. Public for the engine
 * package's tests of the logout call through the real library.
 */
public final class TestProvider implements AutoCloseable {
    private final HttpServer server;
    private final String issuer;
    private final KeyPair key;

    private TestProvider(HttpServer server, KeyPair key) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        this.key = key;
    }

    public static TestProvider start() throws IOException, NoSuchAlgorithmException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        TestProvider provider = new TestProvider(server, generator.generateKeyPair());
        String jwks = jwks((RSAPublicKey) provider.key.getPublic());
        server.createContext("/.well-known/openid-configuration", exchange -> reply(exchange, provider.discovery()));
        server.createContext("/jwks", exchange -> reply(exchange, jwks));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return provider;
    }

    public String issuer() {
        return issuer;
    }

    /** A minimal valid configuration document for this provider. */
    public String config(String clientId) {
        return config(clientId, "{}");
    }

    /** The same, with these IdP {@code http} settings (e.g. {@code {"maxConcurrentCalls":100}}). */
    public String config(String clientId, String http) {
        return "{\"schemaVersion\":1,\"idps\":[{\"id\":\"test\",\"displayName\":\"Test IdP\","
                + "\"issuer\":\"" + issuer + "\",\"clientId\":\"" + clientId + "\","
                + "\"clientSecret\":\"test-secret\",\"insecureAllowHttpLoopback\":true,"
                + "\"http\":" + http + "}]}";
    }

    public static String hostContext() {
        return "{\"baseUrl\":\"http://127.0.0.1:8080\",\"nodeId\":\"node-1\","
                + "\"callbackPath\":\"/plugins/servlet/oidc-sso/callback\",\"trustAnchorsPem\":null,\"proxy\":null}";
    }

    private String discovery() {
        return "{\"issuer\":\"" + issuer + "\","
                + "\"authorization_endpoint\":\"" + issuer + "/authorize\","
                + "\"token_endpoint\":\"" + issuer + "/token\","
                + "\"userinfo_endpoint\":\"" + issuer + "/userinfo\","
                + "\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"authorization_response_iss_parameter_supported\":true}";
    }

    /** A compact JWS of {@code headerJson} and {@code payloadJson}, signed RS256 with this provider's key. */
    public String sign(String headerJson, String payloadJson) throws GeneralSecurityException {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + base64.encodeToString(signer.sign());
    }

    private static String jwks(RSAPublicKey key) {
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"k1\","
                + "\"n\":\"" + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}]}";
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
