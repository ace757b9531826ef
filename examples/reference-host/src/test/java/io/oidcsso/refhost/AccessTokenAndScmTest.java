package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's stand-ins for the products' personal access tokens and Bitbucket's git smart HTTP. */
class AccessTokenAndScmTest {
    @TempDir
    Path work;

    private static HttpResponse<String> get(TestHost host, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whoamiWhenPersonalAccessTokenKnownThenItsOwnerWithoutSessionElse401Bearer() throws Exception {
        Path home = work.resolve("home");
        try (TestHost host = TestHost.start(home, TestPluginJar.build(work))) {
            Files.writeString(home.resolve("personal-access-tokens.properties"), "T0tFTi1vbmUx=local\n");

            HttpResponse<String> known = get(host, "/rest/whoami", "Bearer T0tFTi1vbmUx");
            HttpResponse<String> unknown = get(host, "/rest/whoami", "Bearer T0tFTi10d28x");

            assertEquals(200, known.statusCode(), known.body());
            assertTrue(known.body().contains("\"user\":\"local\""), known.body());
            assertTrue(known.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID")));
            assertEquals(401, unknown.statusCode(), unknown.body());
            assertTrue(unknown.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="));
        }
    }

    @Test
    void scmWhenBitbucketAndAnonymousThen401BasicElseUnknownRepository404() throws Exception {
        try (TestHost host = TestHost.start(work.resolve("home"), TestPluginJar.build(work), "--product", "bitbucket")) {
            HttpResponse<String> anonymous = get(host, "/scm/proj/repo.git/info/refs?service=git-upload-pack", null);
            HttpResponse<String> missing = get(host, "/scm/proj/repo.git/info/refs?service=git-upload-pack",
                    "Basic YWRtaW46YWRtaW4=");

            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
            assertEquals(404, missing.statusCode(), missing.body());
        }
    }

    @Test
    void scmWhenNotBitbucketThenNotServed() throws Exception {
        try (TestHost host = TestHost.start(work.resolve("home"), TestPluginJar.build(work))) {
            HttpResponse<String> response = get(host, "/scm/proj/repo.git/info/refs", "Basic YWRtaW46YWRtaW4=");
            assertEquals(404, response.statusCode(), response.body());
        }
    }
}
