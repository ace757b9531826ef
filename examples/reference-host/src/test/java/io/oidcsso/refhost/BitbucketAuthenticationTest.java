package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitbucket mode's authentication chain (docs/host-api.md, "How the reference host stands in for each
 * product"): a user a plugin's servlet filter authenticated through SAL in its request wrapper's session is
 * not the request's user there (it is in the Seraph modes), and plugins' {@code http-auth-handler} modules are
 * asked by weight after the host's own checks.
 */
class BitbucketAuthenticationTest {
    private static final String DESCRIPTOR = "testplugin/atlassian-plugin-bitbucket.xml";
    private static final String REFS = "/scm/proj/repo.git/info/refs?service=git-upload-pack";

    @TempDir
    Path work;

    private static HttpResponse<String> get(TestHost host, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.uri(path)).GET();
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private TestHost start(String product) throws Exception {
        Path jar = TestPluginJar.build(Files.createDirectories(work.resolve(product)), DESCRIPTOR,
                TestPluginJar.Packaging.BUNDLE_WITH_CONTEXT);
        return TestHost.start(work.resolve(product + "-home"), jar, "--product", product);
    }

    @Test
    void requestWhenBitbucketAndPluginFilterLoggedInThroughSalThenAnonymousOnScmAndRestElseThatUser() throws Exception {
        Map<String, String> filterLogin = Map.of("X-Test-Login", "admin");
        try (TestHost refapp = start("refapp")) {
            HttpResponse<String> whoami = get(refapp, "/rest/whoami", filterLogin);

            assertEquals(200, whoami.statusCode(), "the Seraph modes honour the filter's user: " + whoami.body());
            assertTrue(whoami.body().contains("\"user\":\"admin\""), whoami.body());
        }
        try (TestHost bitbucket = start("bitbucket")) {
            HttpResponse<String> scm = get(bitbucket, REFS, filterLogin);
            HttpResponse<String> whoami = get(bitbucket, "/rest/whoami", filterLogin);
            HttpResponse<String> basic = get(bitbucket, REFS, Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));

            assertEquals(401, scm.statusCode(), scm.body());
            assertTrue(scm.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
            assertEquals(200, whoami.statusCode(), whoami.body());
            assertTrue(whoami.body().contains("\"user\":null"), "anonymous: " + whoami.body());
            assertEquals(404, basic.statusCode(), "Basic still authenticates git (no such repository): " + basic.body());
        }
    }

    @Test
    void scmWhenBitbucketAndHandlerClaimsThenItsUserAndWhenItRefusesThen403WithItsMessage() throws Exception {
        try (TestHost bitbucket = start("bitbucket")) {
            HttpResponse<String> claimed = get(bitbucket, REFS, Map.of("Authorization", "Bearer test-handler-admin"));
            HttpResponse<String> whoami = get(bitbucket, "/rest/whoami",
                    Map.of("Authorization", "Bearer test-handler-admin"));
            HttpResponse<String> refused = get(bitbucket, REFS, Map.of("Authorization", "Bearer test-refuse"));
            HttpResponse<String> refusedRest = get(bitbucket, "/rest/whoami", Map.of("Authorization", "Bearer test-refuse"));
            HttpResponse<String> unknownUser = get(bitbucket, REFS, Map.of("Authorization", "Bearer test-handler-nobody"));

            assertEquals(404, claimed.statusCode(), "authenticated (no such repository): " + claimed.body());
            assertEquals(200, whoami.statusCode(), whoami.body());
            assertTrue(whoami.body().contains("\"user\":\"admin\""), whoami.body());
            assertTrue(whoami.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID")),
                    "no session for a handler's request");
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertEquals("refused by the test handler\n", refused.body());
            assertEquals(401, refusedRest.statusCode(), refusedRest.body());
            assertTrue(refusedRest.body().contains("refused by the test handler"), refusedRest.body());
            assertEquals(401, unknownUser.statusCode(), "null from the handler: nobody claims the token");
            assertTrue(unknownUser.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="));
        }
    }

    @Test
    void scmWhenBitbucketAndHttpAccessTokenThenTheHostsOwnCheckBeforeTheHandlers() throws Exception {
        try (TestHost bitbucket = start("bitbucket")) {
            Files.writeString(work.resolve("bitbucket-home").resolve("personal-access-tokens.properties"),
                    "test-refuse=admin\n");

            // The test handler refuses this token; as an HTTP access token the host accepts it before asking.
            HttpResponse<String> token = get(bitbucket, "/rest/whoami", Map.of("Authorization", "Bearer test-refuse"));

            assertEquals(200, token.statusCode(), token.body());
            assertTrue(token.body().contains("\"user\":\"admin\""), token.body());
        }
    }

    @Test
    void pluginWhenNotBitbucketThenHttpAuthHandlerSkippedAndPluginEnabled() throws Exception {
        try (TestHost jira = start("jira")) {
            HttpResponse<String> handlerToken = get(jira, "/rest/whoami", Map.of("Authorization", "Bearer test-handler-admin"));
            HttpResponse<String> filterLogin = get(jira, "/rest/whoami", Map.of("X-Test-Login", "admin"));

            assertEquals(401, handlerToken.statusCode(), "no handler runs outside Bitbucket: " + handlerToken.body());
            assertTrue(handlerToken.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="));
            assertEquals(200, filterLogin.statusCode(), "the plugin is enabled (its filter runs): " + filterLogin.body());
        }
    }
}
