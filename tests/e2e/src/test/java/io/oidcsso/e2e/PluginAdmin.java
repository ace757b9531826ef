package io.oidcsso.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The reference host's UPM-like plugin admin ({@code /rest/plugins/1.0/}), called as the local admin. */
final class PluginAdmin {
    static final String PLUGIN_KEY = "io.oidcsso.oidc-sso";
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ReferenceHost host;

    PluginAdmin(ReferenceHost host) {
        this.host = host;
    }

    JsonObject plugin(String key) {
        return send(request(key + "-key").GET());
    }

    JsonObject setEnabled(String key, boolean enabled) {
        return send(request(key + "-key").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\": " + enabled + "}")));
    }

    JsonObject upload(byte[] jar) {
        return send(request("").header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)));
    }

    private HttpRequest.Builder request(String resource) {
        return HttpRequest.newBuilder(URI.create(host.baseUrl() + "/rest/plugins/1.0/" + resource))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", AUTHORIZATION)
                .header("X-Atlassian-Token", "no-check");
    }

    private JsonObject send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("plugin admin answered " + response.statusCode() + ": " + response.body());
            }
            return JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
