package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Interop with a real Keycloak (127.0.0.3), configured through the {@code keycloak} preset as
 * docs/idp/keycloak.md says: users are created with their groups and the default groups, a group
 * removed at Keycloak disappears at the next login, local groups stay; logging out at the host ends
 * the Keycloak session (RP-initiated logout), and logging out at Keycloak ends the host session
 * (Keycloak calls the host's back-channel logout URL at its loopback address). Keycloak's access
 * tokens (JWTs with {@code typ} {@code JWT}, the product API's audience from an audience mapper) reach
 * {@code /rest/whoami} as the linked user, validated locally or, with {@code bearer.introspection.jwts},
 * also at Keycloak's introspection endpoint, where a revoked token or an ended session stops working
 * within {@code cacheSeconds}. Keycloak starts once for the class; each test uses its own user, so one
 * test's logout cannot end another's session.
 */
class KeycloakInteropIT {
    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    /** {@code bearer.introspection.cacheSeconds} in the introspection test: the stated revocation bound. */
    private static final int CACHE_SECONDS = 2;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /** kc-dave signed in once through the browser (bearer tokens create and link no users). */
    private static boolean daveLinked;

    private static Path workDir;
    private static Keycloak keycloak;
    private static ReferenceHost host;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void startKeycloakAndHost() {
        workDir = E2eSettings.workDir().resolve("keycloak-" + System.currentTimeMillis());
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        keycloak = Keycloak.start(workDir, hostBaseUrl);
        DUMP.watch(keycloak.process());
        Path config = PluginConfig.writeForKeycloak(keycloak, hostBaseUrl, workDir.resolve("oidc-sso-config.json"));
        host = ReferenceHost.start("kc-node", hostBaseUrl, config, workDir, List.of());
        DUMP.watch(host.process());
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private BrowserSteps signedIn(String username, String password) {
        ChromeDriver driver = browsers.start(workDir);
        BrowserSteps browser = new BrowserSteps(driver);
        browser.open(host.url("/secure/dashboard"));
        browser.signInAtKeycloak(keycloak.issuer(), username, password);
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");
        assertEquals(username, browser.whoami(host).user(), browser.describe());
        return browser;
    }

    private Whoami signIn(String username, String password) {
        return signedIn(username, password).whoami(host);
    }

    @Test
    void loginWhenNewKeycloakUserThenCreatedWithClaimedAndDefaultGroups() {
        Whoami me = signIn("kc-alice", "kc-alice");

        assertEquals("Kay Alice", me.displayName());
        assertEquals("kc-alice@example.com", me.email());
        assertTrue(me.groups().containsAll(List.of("kc-engineering", "kc-operations", PluginConfig.DEFAULT_GROUP,
                PluginConfig.KEYCLOAK_NEW_USER_GROUP)), "groups: " + me.groups());
    }

    @Test
    void loginWhenGroupRemovedAtKeycloakThenGoneAtNextLoginAndLocalGroupsKept() {
        // `local` exists in the host with the local group ref-users; Keycloak sends the same verified email.
        Whoami first = signIn("local", "local-at-keycloak");
        assertTrue(first.groups().containsAll(List.of("ref-users", "kc-engineering", "kc-operations",
                PluginConfig.DEFAULT_GROUP)), "groups: " + first.groups());
        assertFalse(first.groups().contains(PluginConfig.KEYCLOAK_NEW_USER_GROUP), "not a new user");

        keycloak.removeFromGroup("local", "kc-operations");
        Whoami second = signIn("local", "local-at-keycloak");

        assertFalse(second.groups().contains("kc-operations"), "groups: " + second.groups());
        assertTrue(second.groups().containsAll(List.of("ref-users", "kc-engineering", PluginConfig.DEFAULT_GROUP)),
                "groups: " + second.groups());
    }

    @Test
    void logoutWhenUserLogsOutAtHostThenKeycloakSessionEndsAndNextLoginAsksForPassword() {
        BrowserSteps browser = signedIn("kc-bob", "kc-bob");

        browser.open(host.url("/logout"));

        // Keycloak ends its session without asking (id_token_hint) and returns to the registered page,
        // with our state, which the page answers with its bare address.
        browser.awaitLocation(host.baseUrl(), E2eSettings.LOGGED_OUT_PATH);
        assertTrue(browser.awaitText("You are signed out."), browser.describe());
        assertNull(browser.currentUrl().getRawQuery(), "no stray parameter: " + browser.currentUrl());
        assertNull(browser.whoami(host).user(), "the host session ended");
        browser.open(host.url("/secure/dashboard"));
        // Keycloak's sign-in form again, not a silent single sign-on.
        browser.signInAtKeycloak(keycloak.issuer(), "kc-bob", "kc-bob");
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");
        assertEquals("kc-bob", browser.whoami(host).user());
    }

    @Test
    void backchannelWhenUserLogsOutAtKeycloakThenHostSessionDeadOnNextRequest() {
        BrowserSteps browser = signedIn("kc-carol", "kc-carol");

        // Logout at Keycloak itself, not through the host: Keycloak posts a logout token to the host.
        browser.open(URI.create(keycloak.issuer() + "/protocol/openid-connect/logout"));
        browser.confirmKeycloakLogout(keycloak.issuer());
        assertTrue(browser.awaitText("logged out"), "Keycloak's logged-out page:\n" + browser.describe());

        assertNull(awaitSignedOut(browser), "the host session died with Keycloak's:\n" + host.process().output());
    }

    @Test
    void bearerWhenKeycloakAccessTokenWithAudienceMapperThenWhoamiIsTheLinkedUserWithoutSession() {
        useBearer(false);
        linkDave();
        String token = keycloak.accessToken(Keycloak.API_CLIENT_ID, "kc-dave", "kc-dave");
        JsonObject header = part(token, 0);
        JsonObject claims = part(token, 1);
        // What Keycloak 26 really sends (docs/idp/keycloak.md): typ JWT (not at+jwt), the mapper's audience.
        assertEquals("JWT", header.get("typ").getAsString(), header.toString());
        assertTrue(audiences(claims).contains(Keycloak.API_AUDIENCE), claims.toString());
        assertEquals(Keycloak.API_CLIENT_ID, claims.get("azp").getAsString(), claims.toString());

        HttpResponse<String> response = whoami("Bearer " + token);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("kc-dave", Whoami.parse(response.body()).user(), response.body());
        assertFalse(response.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID")),
                "no session cookie: " + response.headers().allValues("Set-Cookie"));
        assertNull(Whoami.parse(whoami(null).body()).user(), "the next request without the token is anonymous");
    }

    @Test
    void bearerWhenKeycloakAccessTokenOfAClientWithoutTheAudienceThen401InvalidToken() {
        useBearer(false);
        linkDave();
        String token = keycloak.accessToken(Keycloak.OTHER_CLIENT_ID, "kc-dave", "kc-dave");
        JsonObject claims = part(token, 1);
        assertFalse(audiences(claims).contains(Keycloak.API_AUDIENCE), claims.toString());
        // For docs/idp/keycloak.md: what Keycloak puts into aud without an audience mapper.
        System.out.println("Keycloak access token of " + Keycloak.OTHER_CLIENT_ID + ": aud " + claims.get("aud")
                + ", azp " + claims.get("azp") + ", typ " + claims.get("typ"));

        HttpResponse<String> response = whoami("Bearer " + token);

        assertEquals(401, response.statusCode(), "aud " + claims.get("aud") + ": " + response.body());
        assertEquals("Bearer error=\"invalid_token\", error_description=\"invalid_audience\"",
                response.headers().firstValue("WWW-Authenticate").orElse(null), response.headers().map().toString());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "never a redirect");
    }

    @Test
    void bearerWhenIntrospectingJwtsThenActiveTokenWorksAndRevokedOrLoggedOutTokenStopsWithinCacheSeconds() {
        useBearer(true);
        linkDave();
        String revoked = keycloak.accessToken(Keycloak.API_CLIENT_ID, "kc-dave", "kc-dave");
        String loggedOut = keycloak.accessToken(Keycloak.API_CLIENT_ID, "kc-dave", "kc-dave");
        for (String token : List.of(revoked, loggedOut)) {
            HttpResponse<String> response = whoami("Bearer " + token);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("kc-dave", Whoami.parse(response.body()).user(), response.body());
        }

        keycloak.revoke(Keycloak.API_CLIENT_ID, revoked);
        assertInactiveWithinCacheSeconds(revoked);
        assertEquals(200, whoami("Bearer " + loggedOut).statusCode(), "another session's token still works");

        keycloak.logOutEverywhere("kc-dave");
        assertInactiveWithinCacheSeconds(loggedOut);
    }

    /** Polls until the token gets 401 access_token_inactive; fails when that takes longer than the cache bound. */
    private static void assertInactiveWithinCacheSeconds(String token) {
        Instant start = Instant.now();
        Instant bound = start.plusSeconds(CACHE_SECONDS).plusMillis(1500);
        HttpResponse<String> response = whoami("Bearer " + token);
        while (response.statusCode() == 200 && Instant.now().isBefore(bound)) {
            pause(200);
            response = whoami("Bearer " + token);
        }
        long millis = Duration.between(start, Instant.now()).toMillis();
        assertEquals(401, response.statusCode(), "still accepted " + millis + " ms after Keycloak ended it: "
                + response.body());
        assertEquals("Bearer error=\"invalid_token\", error_description=\"access_token_inactive\"",
                response.headers().firstValue("WWW-Authenticate").orElse(null), response.body());
    }

    /** The Keycloak IdP's {@code bearer} section, saved through the admin API (active at once on this node). */
    private static void useBearer(boolean introspectJwts) {
        JsonObject bearer = new JsonObject();
        JsonArray audiences = new JsonArray();
        audiences.add(Keycloak.API_AUDIENCE);
        bearer.add("audiences", audiences);
        bearer.addProperty("acceptJwtTyp", true);
        if (introspectJwts) {
            JsonObject introspection = new JsonObject();
            introspection.addProperty("jwts", true);
            introspection.addProperty("cacheSeconds", CACHE_SECONDS);
            introspection.addProperty("inactiveCacheSeconds", 1);
            bearer.add("introspection", introspection);
        }
        AdminApiClient admin = AdminApiClient.loggedIn(host::url, "admin", "admin");
        JsonObject stored = AdminApiClient.ok(admin.get("config"));
        JsonObject config = stored.getAsJsonObject("config");
        config.getAsJsonArray("idps").get(0).getAsJsonObject().add("bearer", bearer);
        JsonObject put = new JsonObject();
        put.addProperty("revision", stored.get("revision").getAsLong());
        put.add("config", config);
        AdminApiClient.ok(admin.send("PUT", "config", put.toString()));
    }

    /** kc-dave signs in once through the browser, which creates and links the account bearer tokens then map to. */
    private void linkDave() {
        if (!daveLinked) {
            signIn("kc-dave", "kc-dave");
            daveLinked = true;
        }
    }

    private static JsonObject part(String jwt, int index) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
        return JsonParser.parseString(json).getAsJsonObject();
    }

    private static List<String> audiences(JsonObject claims) {
        if (claims.get("aud") == null) {
            return List.of();
        }
        if (claims.get("aud").isJsonArray()) {
            List<String> out = new java.util.ArrayList<>();
            claims.getAsJsonArray("aud").forEach(e -> out.add(e.getAsString()));
            return out;
        }
        return List.of(claims.get("aud").getAsString());
    }

    private static HttpResponse<String> whoami(String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.url("/rest/whoami")).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("whoami: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The host's user for this browser once it is null, or the last one seen after a bounded wait:
     * Keycloak sends the logout token while it handles the logout, so the first look normally
     * suffices; the wait only guards against a slow machine.
     */
    private String awaitSignedOut(BrowserSteps browser) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        String user = browser.whoami(host).user();
        while (user != null && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            user = browser.whoami(host).user();
        }
        return user;
    }
}
