package io.oidcsso.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} zip from Maven Central, cached in ~/.m2 by the
 * build) on {@link #ADDRESS}: unpacked once under target/, started in dev mode with an imported realm
 * ({@code keycloak/oidcsso-realm.json}: a confidential client with the host's post-logout and
 * back-channel logout URLs, users with groups, a group-membership mapper emitting {@code groups}; two
 * public API clients with the password grant, one with an audience mapper for the product's API),
 * heap capped, ready when its health endpoint says so.
 */
final class Keycloak implements AutoCloseable {
    static final String ADDRESS = "127.0.0.3";
    static final String REALM = "oidcsso";
    static final String CLIENT_ID = "oidc-sso-keycloak";
    static final String CLIENT_SECRET = "keycloak-secret-change-me";
    /** A public client with direct access grants whose access tokens name {@link #API_AUDIENCE} (audience mapper). */
    static final String API_CLIENT_ID = "oidc-sso-cli";
    /** A public client with direct access grants and no audience mapper. */
    static final String OTHER_CLIENT_ID = "other-cli";
    /** The custom audience the realm's audience mapper adds to {@link #API_CLIENT_ID}'s access tokens. */
    static final String API_AUDIENCE = "urn:oidc-sso:keycloak-api";
    private static final String ADMIN = "kcadmin";
    private static final String ADMIN_PASSWORD = "kcadmin-password";

    private final ManagedProcess process;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Keycloak(ManagedProcess process, URI base) {
        this.process = process;
        this.base = base;
    }

    static Keycloak start(Path workDir, URI rpBaseUrl) {
        Path home = unpacked(workDir.getParent());
        // A fresh database each run: the realm is imported again with this run's redirect URI.
        deleteTree(home.resolve("data/h2"));
        writeRealm(home, rpBaseUrl);
        int port = FreePorts.on(ADDRESS);
        int management = FreePorts.on(ADDRESS);
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                "--http-host=" + ADDRESS, "--http-port=" + port, "--http-management-port=" + management,
                "--health-enabled=true", "--hostname-strict=false", "--cache=local");
        ManagedProcess process = ManagedProcess.start("keycloak", command, home, workDir.resolve("logs"), Map.of(
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD));
        Keycloak keycloak = new Keycloak(process, URI.create("http://" + ADDRESS + ":" + port));
        try {
            keycloak.awaitHealthy(URI.create("http://" + ADDRESS + ":" + management + "/health/ready"));
        } catch (RuntimeException e) {
            keycloak.close();
            throw e;
        }
        return keycloak;
    }

    URI issuer() {
        return URI.create(base + "/realms/" + REALM);
    }

    /** The server's URL, the {@code keycloak} preset's {@code baseUrl}. */
    URI baseUrl() {
        return base;
    }

    ManagedProcess process() {
        return process;
    }

    /** Removes {@code username} from {@code group} through the admin REST API. */
    void removeFromGroup(String username, String group) {
        String token = adminToken();
        String userId = userId(token, username);
        JsonArray groups = JsonParser.parseString(adminGet(token, "/users/" + userId + "/groups")).getAsJsonArray();
        for (JsonElement g : groups) {
            if (g.getAsJsonObject().get("name").getAsString().equals(group)) {
                String id = g.getAsJsonObject().get("id").getAsString();
                send(HttpRequest.newBuilder(adminUri("/users/" + userId + "/groups/" + id))
                        .header("Authorization", "Bearer " + token).DELETE(), 204);
                return;
            }
        }
        throw new AssertionError(username + " is not in Keycloak group " + group + ": " + groups);
    }

    /**
     * An access token of {@code clientId} (a public client) for the user, through the password grant
     * (the realm allows it for the API clients only, as a CLI's stand-in).
     */
    String accessToken(String clientId, String username, String password) {
        String form = "grant_type=password&scope=openid&client_id=" + encode(clientId) + "&username="
                + encode(username) + "&password=" + encode(password);
        String body = send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
        return JsonParser.parseString(body).getAsJsonObject().get("access_token").getAsString();
    }

    /** Revokes an access token of the public client {@code clientId} (RFC 7009, Keycloak's revoke endpoint). */
    void revoke(String clientId, String accessToken) {
        String form = "token_type_hint=access_token&client_id=" + encode(clientId) + "&token=" + encode(accessToken);
        send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
    }

    /** Ends every session of {@code username} at Keycloak (the admin console's "Sign out"), through the admin REST API. */
    void logOutEverywhere(String username) {
        String token = adminToken();
        send(HttpRequest.newBuilder(adminUri("/users/" + userId(token, username) + "/logout"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()), 204);
    }

    private String userId(String adminToken, String username) {
        String users = adminGet(adminToken, "/users?exact=true&username=" + encode(username));
        return JsonParser.parseString(users).getAsJsonArray().get(0).getAsJsonObject().get("id").getAsString();
    }

    private String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password=" + ADMIN_PASSWORD;
        String body = send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
        return JsonParser.parseString(body).getAsJsonObject().get("access_token").getAsString();
    }

    private String adminGet(String token, String path) {
        return send(HttpRequest.newBuilder(adminUri(path)).header("Authorization", "Bearer " + token).GET(), 200);
    }

    private URI adminUri(String path) {
        return URI.create(base + "/admin/realms/" + REALM + path);
    }

    private String send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError("Keycloak answered " + response.statusCode() + " to " + response.uri()
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitHealthy(URI health) {
        // A hang guard, not a speed claim: on a machine shared by several builds, Quarkus's first
        // start (augmentation, schema, realm import) was seen to take over 240 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(480).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (process.awaitExit(Duration.ofSeconds(1)) != -1) {
                throw new IllegalStateException("Keycloak exited while starting\n" + process.output());
            }
        }
        throw new IllegalStateException("Keycloak not healthy at " + health + " within 480 s\n" + process.output());
    }

    /** The distribution, unpacked once per build directory. */
    private static Path unpacked(Path targetDir) {
        Path zip = Paths.get(System.getProperty("e2e.keycloakZip", ""));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("e2e.keycloakZip = " + zip + " is missing: run through Maven "
                    + "(tests/e2e/pom.xml resolves org.keycloak:keycloak-quarkus-dist)");
        }
        Path dir = targetDir.resolve("keycloak-dist");
        Path marker = dir.resolve(zip.getFileName() + ".unpacked");
        if (Files.exists(marker)) {
            return home(dir);
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IllegalStateException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    if (entry.getName().endsWith(".sh")) {
                        out.toFile().setExecutable(true, true);
                    }
                }
            }
            Files.writeString(marker, "ok");
            return home(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
    }

    private static Path home(Path dir) {
        try (var children = Files.list(dir)) {
            return children.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("keycloak-"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no keycloak-* folder in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRealm(Path home, URI rpBaseUrl) {
        try (InputStream template = Keycloak.class.getResourceAsStream("/keycloak/oidcsso-realm.json")) {
            String realm = new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@REDIRECT_URI@", rpBaseUrl + E2eSettings.CALLBACK_PATH)
                    .replace("@POST_LOGOUT_URI@", rpBaseUrl + E2eSettings.LOGGED_OUT_PATH)
                    .replace("@BACKCHANNEL_LOGOUT_URI@", rpBaseUrl + E2eSettings.BACKCHANNEL_LOGOUT_PATH);
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            Files.writeString(importDir.resolve("oidcsso-realm.json"), realm, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the realm import", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.close();
    }
}
