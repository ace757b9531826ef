package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bearer JWT access tokens end to end (issue 14 item 3): the dev IdP issues RFC 9068 access tokens
 * for the resource {@code urn:oidc-sso:api} (a real authorization code flow with a resource
 * indicator); the reference host with the plugin authenticates {@code /rest/whoami} with them, per
 * request and without a session; every refusal is a 401 (403 for a missing scope) with
 * {@code WWW-Authenticate}, never a redirect; the host's personal access tokens keep working. Opaque
 * tokens of the dev IdP (resource {@code urn:oidc-sso:api-opaque}) go through its RFC 7662 introspection
 * endpoint, whose request count (a test hook) proves the plugin's cache.
 */
class BearerTokenIT {
    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static final String API = "urn:oidc-sso:api";
    /** The same audience, opaque tokens (the dev IdP's resource server for introspection). */
    private static final String OPAQUE_API = "urn:oidc-sso:api-opaque";
    private static final String WHOAMI = "/rest/whoami";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private static Path workDir;
    private static DevIdp idp;
    private static ReferenceHost host;
    /** The same plugin and configuration on a host in Bitbucket mode, for git over HTTP. */
    private static ReferenceHost bitbucket;

    @BeforeAll
    static void startIdpAndHost() throws IOException {
        workDir = E2eSettings.workDir().resolve("bearer-" + System.currentTimeMillis());
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        URI bitbucketBaseUrl = ReferenceHost.reserveBaseUrl();
        idp = DevIdp.start(workDir.resolve("logs"), List.of(hostBaseUrl, bitbucketBaseUrl));
        DUMP.watch(idp.process());
        Path configFile = PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("oidc-sso-config.json"));
        withBearer(configFile);
        host = ReferenceHost.start("node-1", hostBaseUrl, configFile, workDir, List.of());
        DUMP.watch(host.process());
        bitbucket = ReferenceHost.start("bitbucket", bitbucketBaseUrl, configFile, workDir, List.of(),
                List.of("--product", "bitbucket"));
        DUMP.watch(bitbucket.process());
        // Bearer tokens create no users: alice signs in once through the browser flow first.
        assertEquals("alice", signInThroughTheHost(host, "alice"));
        assertEquals("alice", signInThroughTheHost(bitbucket, "alice"));
    }

    @AfterAll
    static void stopIdpAndHost() {
        if (bitbucket != null) {
            bitbucket.close();
        }
        if (host != null) {
            host.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    /** The dev IdP's bearer section: the API audience, scope api:write required, introspection; no clock skew. */
    private static void withBearer(Path configFile) throws IOException {
        JsonObject document = JsonParser.parseString(Files.readString(configFile)).getAsJsonObject();
        JsonObject dev = document.getAsJsonArray("idps").get(0).getAsJsonObject();
        JsonObject bearer = new JsonObject();
        JsonArray audiences = new JsonArray();
        audiences.add(API);
        bearer.add("audiences", audiences);
        JsonArray scopes = new JsonArray();
        scopes.add("api:write");
        bearer.add("requiredScopes", scopes);
        // Opaque tokens through the IdP's introspection endpoint (from its discovery document).
        bearer.add("introspection", new JsonObject());
        dev.add("bearer", bearer);
        dev.addProperty("clockSkewSeconds", 0);
        Files.writeString(configFile, document.toString());
    }

    @Test
    void whoamiWhenValidBearerTokenThenMappedUserWithoutSessionOrCookie() {
        String token = accessToken("alice", "openid api:read api:write", API);

        HttpResponse<String> response = whoami("Bearer " + token);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("alice", Whoami.parse(response.body()).user(), response.body());
        assertFalse(response.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID")),
                "no session cookie: " + response.headers().allValues("Set-Cookie"));
        assertNull(Whoami.parse(whoami(null).body()).user(), "the next request without the token is anonymous");
    }

    @Test
    void whoamiWhenTokenExpiredThen401WithWwwAuthenticate() throws InterruptedException {
        String token = accessToken("alice", "openid api:read api:write", "urn:oidc-sso:api-short");
        Thread.sleep(3_500);

        assertRefused(whoami("Bearer " + token), 401, "invalid_token", "access_token_expired");
    }

    @Test
    void whoamiWhenTokenForAnotherApiThen401InvalidAudience() {
        String token = accessToken("alice", "openid api:read api:write", "urn:oidc-sso:other-api");

        assertRefused(whoami("Bearer " + token), 401, "invalid_token", "invalid_audience");
    }

    @Test
    void whoamiWhenRequiredScopeMissingThen403InsufficientScope() {
        String token = accessToken("alice", "openid api:read", API);

        assertRefused(whoami("Bearer " + token), 403, "insufficient_scope", "insufficient_scope");
    }

    @Test
    void whoamiWhenSignatureTamperedOrAlgNoneOrUnknownKidThen401() throws Exception {
        String token = accessToken("alice", "openid api:read api:write", API);
        String[] parts = token.split("\\.");
        String tampered = tampered(token);
        String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";
        String unknownKid = signedByAStranger(parts[1]);

        assertRefused(whoami("Bearer " + tampered), 401, "invalid_token", "invalid_signature");
        assertRefused(whoami("Bearer " + none), 401, "invalid_token", "unsupported_algorithm");
        assertRefused(whoami("Bearer " + unknownKid), 401, "invalid_token", "unknown_signing_key");
    }

    @Test
    void whoamiWhenValidTokenOfUserWhoNeverSignedInThen401AndNoUserCreated() {
        String token = accessToken("carol", "openid api:read api:write", API);

        assertRefused(whoami("Bearer " + token), 401, "invalid_token", "bearer_user_refused");
    }

    /**
     * The product's admin renames bob and creates a new account under the name "bob" (the host's users admin,
     * as the products' user administration): bob's token, already answered from the plugin's account cache,
     * stays with the renamed account (the cache holds the user key), and so does his next SSO login (the
     * external-id index names the key). The new bob is never reached.
     */
    @Test
    void whoamiWhenAccountRenamedAndNewAccountTakesOldNameThenTokenAndLoginStayWithRenamedAccount() {
        assertEquals("bob", signInThroughTheHost(host, "bob"));
        String token = accessToken("bob", "openid api:read api:write", API);
        assertEquals("bob", Whoami.parse(whoami("Bearer " + token).body()).user());

        HttpResponse<String> renamed = usersAdmin("PUT", "/rename", "{\"oldName\":\"bob\",\"name\":\"bob.renamed\"}");
        assertEquals(200, renamed.statusCode(), renamed.body());
        HttpResponse<String> created = usersAdmin("POST", "", "{\"name\":\"bob\",\"password\":\"another-bob\"}");
        assertEquals(201, created.statusCode(), created.body());
        String renamedKey = JsonParser.parseString(renamed.body()).getAsJsonObject().get("key").getAsString();
        assertFalse(renamedKey.equals(JsonParser.parseString(created.body()).getAsJsonObject().get("key")
                .getAsString()), "the new account has a key of its own");

        HttpResponse<String> cached = whoami("Bearer " + token);
        assertEquals(200, cached.statusCode(), cached.body());
        assertEquals("bob.renamed", Whoami.parse(cached.body()).user(), "within the cache's 10 s: by key");
        assertEquals("bob.renamed", signInThroughTheHost(host, "bob"), "the link follows the key, not the name");
    }

    @Test
    void whoamiWhenOpaqueTokenThenMappedUserAndOneIntrospectionForManyRequests() {
        String token = accessToken("alice", "openid api:read api:write", OPAQUE_API);
        assertFalse(token.chars().filter(c -> c == '.').count() == 2, "an opaque token, not a JWS: " + token);
        int before = introspections();

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = whoami("Bearer " + token);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("alice", Whoami.parse(response.body()).user(), response.body());
            assertFalse(response.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID")),
                    "no session cookie: " + response.headers().allValues("Set-Cookie"));
        }

        assertEquals(1, introspections() - before, "five requests, one introspection (cached by the token's hash)");
        assertNull(Whoami.parse(whoami(null).body()).user(), "the next request without the token is anonymous");
    }

    @Test
    void whoamiWhenOpaqueTokenRevokedOrUnknownThen401() {
        String token = accessToken("alice", "openid api:read api:write", OPAQUE_API);
        revoke(token);
        int before = introspections();

        HttpResponse<String> revoked = whoami("Bearer " + token);
        HttpResponse<String> unknown = whoami("Bearer NotATokenTheIdpEverIssued0123456789abcdefgh");

        // The IdP calls both inactive, so the plugin leaves them to the product (its personal access
        // tokens are opaque too): the host's own 401.
        for (HttpResponse<String> response : List.of(revoked, unknown)) {
            assertEquals(401, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="),
                    response.headers().map().toString());
            assertTrue(response.headers().firstValue("Location").isEmpty(), "never a redirect");
        }
        assertEquals(2, introspections() - before, "each asked at the IdP once");
    }

    @Test
    void whoamiWhenOpaqueTokenLacksRequiredScopeThen403InsufficientScope() {
        String token = accessToken("alice", "openid api:read", OPAQUE_API);

        assertRefused(whoami("Bearer " + token), 403, "insufficient_scope", "insufficient_scope");
    }

    @Test
    void whoamiWhenPersonalAccessTokenThenHostAuthenticatesItWithThePluginOn() throws IOException {
        Files.writeString(host.home().resolve("personal-access-tokens.properties"),
                "NjQ5MzE0ODc2NTQ0OmxvY2FsLXBhdA=local\n");

        HttpResponse<String> response = whoami("Bearer NjQ5MzE0ODc2NTQ0OmxvY2FsLXBhdA");
        HttpResponse<String> unknown = whoami("Bearer NjQ5MzE0ODc2NTQ0Om5vYm9keQ");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("local", Whoami.parse(response.body()).user(), response.body());
        assertEquals(401, unknown.statusCode(), unknown.body());
        assertTrue(unknown.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="),
                "the host's own refusal, not the plugin's");
    }

    /**
     * Git over HTTPS on Bitbucket (issue 14 item 3): the reference host's Bitbucket mode authenticates
     * {@code /scm} only as Bitbucket documents it (session, Basic, HTTP access tokens, plugins'
     * {@code http-auth-handler}s), so this passes only through the plugin's handler, never through its filter.
     */
    @Test
    void gitWhenBitbucketAndBearerTokenThenLsRemoteCloneAndPushWork()
            throws Exception {
        Path repository = bitbucket.home().resolve("git/proj/repo.git");
        createRepository(repository);
        String token = accessToken(bitbucket, "alice", "openid api:read api:write", API);
        String url = bitbucket.url("/scm/proj/repo.git").toString();
        String header = "http.extraHeader=Authorization: Bearer " + token;
        Path clone = workDir.resolve("clone-" + System.nanoTime());

        Git lsRemote = git("-c", header, "ls-remote", url);
        assertEquals(0, lsRemote.exit(), lsRemote.output());
        assertTrue(lsRemote.output().contains("refs/heads/main"), lsRemote.output());
        Git cloned = git("-c", header, "clone", url, clone.toString());
        assertEquals(0, cloned.exit(), cloned.output());
        Files.writeString(clone.resolve("pushed.txt"), "pushed with a bearer token\n");
        for (Git step : List.of(
                git("-C", clone.toString(), "add", "pushed.txt"),
                git("-C", clone.toString(), "-c", "user.name=Alice", "-c", "user.email=alice@example.com",
                        "commit", "-q", "-m", "second"),
                git("-C", clone.toString(), "-c", header, "push", url, "main"))) {
            assertEquals(0, step.exit(), step.output());
        }
        Git head = git("-C", clone.toString(), "rev-parse", "HEAD");
        Git remoteHead = git("--git-dir", repository.toString(), "rev-parse", "main");

        assertEquals(head.output().trim(), remoteHead.output().trim(), "the push reached the repository");
    }

    @Test
    void gitWhenBitbucketAndHttpAccessTokenOrNoTokenOrBadTokenThenHostsOwnCheckOrChallengeOrThePluginsReason()
            throws Exception {
        Path repository = bitbucket.home().resolve("git/proj/other.git");
        createRepository(repository);
        String url = bitbucket.url("/scm/proj/other.git").toString();
        Files.writeString(bitbucket.home().resolve("personal-access-tokens.properties"),
                "QkJEQy1OalE1TXpFME9EYzJOVFEwT21Gc2FXTmw=alice\n");

        Git accessToken = git("-c", "http.extraHeader=Authorization: Bearer QkJEQy1OalE1TXpFME9EYzJOVFEwT21Gc2FXTmw",
                "ls-remote", url);
        Git anonymous = git("ls-remote", url);
        Git wrongAudience = git("-c", "http.extraHeader=Authorization: Bearer "
                + accessToken(bitbucket, "alice", "openid api:read api:write", "urn:oidc-sso:other-api"), "ls-remote", url);

        assertEquals(0, accessToken.exit(), "Bitbucket's HTTP access tokens keep working: " + accessToken.output());
        assertTrue(accessToken.output().contains("refs/heads/main"), accessToken.output());
        assertTrue(anonymous.exit() != 0 && refusedByServer(anonymous.output()), anonymous.output());
        assertTrue(wrongAudience.exit() != 0, wrongAudience.output());
        assertTrue(wrongAudience.output().contains("remote: oidc-sso: bearer token refused (invalid_token: invalid_audience) [ref "),
                "git shows the plugin's reason: " + wrongAudience.output());
        // What git met: Bitbucket's challenge for anonymous requests, the plugin's refusal for a bad token.
        URI refs = bitbucket.url("/scm/proj/other.git/info/refs?service=git-upload-pack");
        HttpResponse<String> challenge = send(HttpRequest.newBuilder(refs).GET().build());
        assertEquals(401, challenge.statusCode(), challenge.body());
        assertTrue(challenge.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
        HttpResponse<String> refused = send(HttpRequest.newBuilder(refs).header("Authorization", "Bearer "
                + accessToken(bitbucket, "alice", "openid api:read", API)).GET().build());
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"insufficient_scope\"",
                refused.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(refused.body().startsWith("oidc-sso: bearer token refused (insufficient_scope: insufficient_scope) [ref "),
                refused.body());
        assertTrue(refused.headers().firstValue("Location").isEmpty(), "never a redirect");
        assertTrue(refused.headers().allValues("Set-Cookie").isEmpty(), "never a session");
    }

    /**
     * A bearer token answered before the body was read (docs/security.md, "an answer given before the body was
     * read"): a POST to a REST resource with its short body held back past the answer, then the next request on the
     * same connection. The plugin's filter passes a JWT of no configured IdP and an opaque token the IdP's
     * introspection calls inactive, and the host refuses them as unknown personal access tokens (401); the dev
     * IdP's token with a tampered signature is the plugin's own 401 ({@code invalid_token}), answered before the
     * host's SecurityFilter runs. Each drops the body and answers the next request.
     */
    @Test
    void postWhenBearerTokenUnknownOrRefusedAndTheBodyIsNotReadYetThenDroppedAndTheNextRequestAnswered()
            throws Exception {
        String stranger = b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k\"}") + "."
                + b64("{\"iss\":\"https://no-such-idp.example\",\"sub\":\"alice\",\"aud\":\"" + API + "\"}") + ".c2ln";
        String json = "Content-Type: application/json";
        String target = "/rest/api/latest/myself";

        assertAll(
                () -> assertTrue(EarlyAnswers.assertConnectionUsable(host.url("/"), true, 401, "POST", target, json,
                        "Authorization: Bearer " + stranger).body().contains("unknown personal access token"),
                        "a JWT of no configured IdP: the host's refusal"),
                () -> assertTrue(EarlyAnswers.assertConnectionUsable(host.url("/"), true, 401, "POST", target, json,
                        "Authorization: Bearer no-such-opaque-token-0123456789").body()
                        .contains("unknown personal access token"), "an unknown opaque token: the host's refusal"),
                // Last, so that no kept-alive connection to the dev IdP idles past its 5 s keep-alive before the
                // next test.
                () -> assertEquals("Bearer error=\"invalid_token\", error_description=\"invalid_signature\"",
                        EarlyAnswers.assertConnectionUsable(host.url("/"), true, 401, "POST", target, json,
                                "Authorization: Bearer " + tampered(accessToken("alice", "openid api:read api:write",
                                        API))).header("WWW-Authenticate"), "the plugin's refusal"));
    }

    /**
     * Git over HTTPS on Bitbucket refused before the body (a pack) was read: the plugin's http-auth-handler refusing
     * a bearer token (403 {@code text/plain} on {@code /scm}), wrong HTTP Basic credentials (the host's 401), and
     * no credentials at all (the git endpoint's 401 challenge). Each drops the short body held back past the answer
     * and answers the next request on the same connection.
     */
    @Test
    void gitPostWhenBitbucketRefusesTheCredentialsAndTheBodyIsNotReadYetThenDroppedAndTheNextRequestAnswered()
            throws Exception {
        createRepository(bitbucket.home().resolve("git/proj/early.git"));
        String target = "/scm/proj/early.git/git-upload-pack";
        String pack = "Content-Type: application/x-git-upload-pack-request";
        String wrongBasic = "Authorization: Basic " + Base64.getEncoder().encodeToString(
                "alice:wrong".getBytes(StandardCharsets.UTF_8));

        assertAll(
                () -> assertTrue(EarlyAnswers.assertConnectionUsable(bitbucket.url("/"), true, 401, "POST", target,
                        pack, wrongBasic).body().contains("wrong username or password"), "wrong Basic credentials"),
                () -> assertTrue(EarlyAnswers.assertConnectionUsable(bitbucket.url("/"), true, 401, "POST", target,
                        pack).header("WWW-Authenticate").startsWith("Basic realm="), "no credentials: the challenge"),
                // Last, so that no kept-alive connection to the dev IdP idles past its 5 s keep-alive before the
                // next test.
                () -> assertTrue(EarlyAnswers.assertConnectionUsable(bitbucket.url("/"), true, 403, "POST", target,
                        pack, "Authorization: Bearer " + tampered(accessToken(bitbucket, "alice",
                                "openid api:read api:write", API))).body()
                        .startsWith("oidc-sso: bearer token refused (invalid_token: invalid_signature) [ref "),
                        "the plugin's refusal"));
    }

    /** {@code token} with its signature's first character changed. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);
    }

    private record Git(int exit, String output) {}

    /** git's words for a 401 it could not answer with credentials (prompts are off). */
    private static boolean refusedByServer(String output) {
        return output.contains("Authentication failed") || output.contains("terminal prompts disabled")
                || output.contains("401");
    }

    /** git without prompts, global or system configuration; output and errors together. */
    private static Git git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path gitHome = Files.createDirectories(workDir.resolve("git-home"));
        builder.environment().putAll(Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_CONFIG_NOSYSTEM", "1",
                "HOME", gitHome.toString(), "GIT_ASKPASS", "", "SSH_ASKPASS", ""));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("git " + command + " did not finish: " + output);
        }
        return new Git(process.exitValue(), output);
    }

    /** A bare repository with one commit on main. */
    private static void createRepository(Path bare) throws IOException, InterruptedException {
        Path work = workDir.resolve("work-" + System.nanoTime());
        for (Git step : List.of(
                git("init", "--bare", "-b", "main", bare.toString()),
                git("init", "-b", "main", work.toString()))) {
            assertEquals(0, step.exit(), step.output());
        }
        Files.writeString(work.resolve("README.md"), "hello from the reference host\n");
        for (Git step : List.of(
                git("-C", work.toString(), "add", "README.md"),
                git("-C", work.toString(), "-c", "user.name=Test", "-c", "user.email=test@example.com",
                        "commit", "-m", "first"),
                git("-C", work.toString(), "push", bare.toString(), "main"))) {
            assertEquals(0, step.exit(), step.output());
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("Bearer error=\"" + error + "\", error_description=\"" + code + "\"",
                response.headers().firstValue("WWW-Authenticate").orElse(null), response.body());
        assertTrue(response.body().contains("\"error_description\":\"" + code + "\""), response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "never a redirect");
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), "never a session");
    }

    /** The host's users admin ({@code /rest/api/latest/admin/users}) as its administrator. */
    private static HttpResponse<String> usersAdmin(String method, String path, String body) {
        return host.usersAdmin("admin:admin", method, path, body);
    }

    private static HttpResponse<String> whoami(String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.url(WHOAMI)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A whole SSO login through the host (which links the account); the user whoami then reports. */
    private static String signInThroughTheHost(ReferenceHost target, String user) {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        URI authorization = ScriptedLogin.startAtHost(agent, target, "/secure/dashboard", idp.issuer());
        URI callback = ScriptedLogin.signInAtIdp(agent, authorization, user, user,
                target.url(E2eSettings.CALLBACK_PATH));
        agent.get(callback);
        return Whoami.parse(agent.get(target.url(WHOAMI)).body()).user();
    }

    /**
     * An access token of the dev IdP for {@code resource}: the authorization code flow with a resource
     * indicator (RFC 8707) and PKCE, the code exchanged here instead of at the host's callback.
     */
    private static String accessToken(String user, String scope, String resource) {
        return accessToken(host, user, scope, resource);
    }

    /** As above, redirected to {@code target}'s callback (the code never reaches it). */
    private static String accessToken(ReferenceHost target, String user, String scope, String resource) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        URI callback = target.url(E2eSettings.CALLBACK_PATH);
        Map<String, String> query = Map.of("client_id", E2eSettings.CLIENT_ID, "response_type", "code",
                "redirect_uri", callback.toString(), "scope", scope, "state", "bearer-test", "nonce", "n",
                "code_challenge", challenge(verifier), "code_challenge_method", "S256", "resource", resource);
        URI authorization = URI.create(idp.issuer() + "/auth?" + form(query));
        URI answer = ScriptedLogin.signInAtIdp(new ScriptedUserAgent(), authorization, user, user, callback);
        String code = parameter(answer, "code");
        String credentials = Base64.getEncoder().encodeToString(
                (E2eSettings.CLIENT_ID + ":" + E2eSettings.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tokens = send(HttpRequest.newBuilder(URI.create(idp.issuer() + "/token"))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", callback.toString(), "code_verifier", verifier, "resource", resource))))
                .build());
        assertEquals(200, tokens.statusCode(), tokens.body());
        return JsonParser.parseString(tokens.body()).getAsJsonObject().get("access_token").getAsString();
    }

    /** The introspection requests the dev IdP received so far (its test hook). */
    private static int introspections() {
        HttpResponse<String> count = send(HttpRequest.newBuilder(URI.create(idp.issuer() + "/__test/introspections"))
                .GET().build());
        assertEquals(200, count.statusCode(), count.body());
        return JsonParser.parseString(count.body()).getAsJsonObject().get("count").getAsInt();
    }

    /** Revokes an access token at the dev IdP (RFC 7009) with the client's credentials. */
    private static void revoke(String token) {
        String credentials = Base64.getEncoder().encodeToString(
                (E2eSettings.CLIENT_ID + ":" + E2eSettings.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> revoked = send(HttpRequest.newBuilder(URI.create(idp.issuer() + "/token/revocation"))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token,
                        "token_type_hint", "access_token"))))
                .build());
        assertEquals(200, revoked.statusCode(), revoked.body());
    }

    /** The token's payload under a header naming a key the IdP never published, signed by that key. */
    private static String signedByAStranger(String payload) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"stranger\"}") + "." + payload;
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(generator.generateKeyPair().getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String parameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }
}
