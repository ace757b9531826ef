package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.BearerDecision;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.login.BearerAccounts;
import io.oidcsso.plugin.nativebridge.OidcAuthenticationException;
import io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException;
import java.security.Principal;
import java.util.List;
import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OidcBearerFilterTest {
    private static final String ISSUER = "http://127.0.0.2:9400";
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln";
    private static final String USER_KEY = "seraph_defaultauthenticator_user";

    private final TestRuntime test = TestRuntime.configured();

    /** The engine's info lists one IdP, with bearer on and introspection (unless a test says otherwise). */
    @BeforeEach
    void oneIdp() {
        test.engines.engine.issuers(ISSUER);
    }

    /** The chain's end: remembers the request the product would see. */
    private static final class Product implements FilterChain {
        ServletRequest seen;

        @Override
        public void doFilter(ServletRequest request, javax.servlet.ServletResponse response) {
            seen = request;
        }
    }

    private FakeResponse filter(FakeRequest request, Product product) throws Exception {
        OidcBearerFilter filter = new OidcBearerFilter(OidcSso.over(test.runtime));
        filter.init(null);
        FakeResponse response = new FakeResponse();
        filter.doFilter(request.request(), response.response(), product);
        return response;
    }

    private static FakeRequest api(String authorization) {
        return FakeRequest.get("/rest/whoami").header("Authorization", authorization);
    }

    private void aliceLinked() {
        test.crowd.addLocalUser("alice", true);
        test.runtime.adapters().userDirectory().link("alice", new ExternalId(ISSUER, "alice-sub"));
    }

    private static BearerDecision alice() {
        return new BearerDecision.Authenticated("dev", ISSUER, "alice-sub", "alice", List.of("api:read"), 4_000_000_000L);
    }

    @Test
    void requestWhenValidTokenOfLinkedUserThenThatRequestAuthenticatedWithoutContainerSession() throws Exception {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        Product product = new Product();
        FakeRequest request = api("Bearer " + JWT);

        FakeResponse response = filter(request, product);

        HttpServletRequest seen = (HttpServletRequest) product.seen;
        assertNotNull(seen, "passed on");
        Object principal = seen.getSession(false).getAttribute(USER_KEY);
        assertEquals("alice", ((Principal) principal).getName(), "the product reads the user from the request");
        assertNull(request.request().getSession(false), "no container session");
        assertTrue(response.headers("Set-Cookie").isEmpty());
        assertEquals(List.of(JWT), test.engines.engine.bearerTokens(), "the token's bytes, once");
    }

    @Test
    void requestWhenNotBearerTokenThenPassedUntouchedWithoutNativeCall() throws Exception {
        for (String header : new String[] {"Basic YWxpY2U6YWxpY2U=", "Bearer ", "Bearer ==", "Bearer a b",
            "Bearer \"quoted\"", "Bearer a=b", "Bearer <script>", "Token abc"}) {
            Product product = new Product();
            FakeRequest request = api(header);
            filter(request, product);
            assertSame(request.request(), product.seen, header);
        }
        Product product = new Product();
        FakeRequest noHeader = FakeRequest.get("/rest/whoami");
        filter(noHeader, product);
        assertSame(noHeader.request(), product.seen);
        assertEquals(List.of(), test.engines.engine.bearerTokens());
    }

    @Test
    void requestWhenOpaqueTokenThenSentToCoreAndPassedUntouchedWhenInactive() throws Exception {
        test.engines.engine.answerBearer(new BearerDecision.Pass(BearerDecision.Reason.INACTIVE), null);
        String[] tokens = {"NjQ5MzE0ODc2NTQ0OmRlYWRiZWVm", "Z5O3upPC-88_QrAjx~00+dis/x==", "a.b"};
        for (String token : tokens) {
            Product product = new Product();
            FakeRequest request = api("Bearer " + token);
            FakeResponse response = filter(request, product);
            assertSame(request.request(), product.seen, token);
            assertEquals(200, response.status(), token);
        }
        assertEquals(List.of(tokens), test.engines.engine.bearerTokens(), "each token's bytes, once");
    }

    @Test
    void requestWhenEngineSaysPassThenUntouched() throws Exception {
        test.engines.engine.answerBearer(new BearerDecision.Pass(BearerDecision.Reason.UNKNOWN_ISSUER), null);
        Product product = new Product();
        FakeRequest request = api("Bearer " + JWT);

        filter(request, product);

        assertSame(request.request(), product.seen);
    }

    @Test
    void requestWhenTokenRefusedThen401WithWwwAuthenticateAndNoRedirect() throws Exception {
        test.engines.engine.answerBearer(null,
                new OidcAuthenticationException("expired", ErrorCodes.ACCESS_TOKEN_EXPIRED, "the access token expired"));
        Product product = new Product();

        FakeResponse response = filter(api("Bearer " + JWT), product);

        assertNull(product.seen, "not passed on");
        assertEquals(401, response.status());
        assertEquals("Bearer error=\"invalid_token\", error_description=\"access_token_expired\"",
                response.header("WWW-Authenticate"));
        assertTrue(response.body().contains("\"error_description\":\"access_token_expired\""), response.body());
        assertFalse(response.body().contains("the access token expired"), "the hint stays in the log");
        assertNull(response.redirect());
        assertTrue(test.audit().stream().anyMatch(l -> l.contains("bearer.refused")), test.audit().toString());
    }

    @Test
    void requestWhenScopeMissingThen403InsufficientScope() throws Exception {
        test.engines.engine.answerBearer(null,
                new OidcAuthenticationException("scope", ErrorCodes.INSUFFICIENT_SCOPE, "lacks api:write"));

        FakeResponse response = filter(api("Bearer " + JWT), new Product());

        assertEquals(403, response.status());
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"insufficient_scope\"",
                response.header("WWW-Authenticate"));
    }

    @Test
    void requestWhenIdpUnavailableThen503QuicklyNotAHang() throws Exception {
        test.engines.engine.answerBearer(null,
                new OidcProviderUnavailableException("down", ErrorCodes.IDP_CIRCUIT_OPEN, "circuit open"));

        FakeResponse response = filter(api("Bearer " + JWT), new Product());

        assertEquals(503, response.status());
        assertEquals("5", response.header("Retry-After"));
    }

    @Test
    void requestWhenValidTokenButNoLinkedAccountThen401AndNoUserCreated() throws Exception {
        test.crowd.addLocalUser("alice", true);
        test.engines.engine.answerBearer(alice(), null);
        Product product = new Product();

        FakeResponse response = filter(api("Bearer " + JWT), product);

        assertNull(product.seen);
        assertEquals(401, response.status());
        assertTrue(response.header("WWW-Authenticate").contains(ErrorCodes.BEARER_USER_REFUSED));
        assertEquals(0, test.crowd.writes(), "nothing created or linked");
    }

    @Test
    void requestWhenProductRefusesTheUserThen401() throws Exception {
        aliceLinked();
        test.access.denied.add("alice");
        test.engines.engine.answerBearer(alice(), null);

        FakeResponse response = filter(api("Bearer " + JWT), new Product());

        assertEquals(401, response.status());
        assertTrue(response.header("WWW-Authenticate").contains(ErrorCodes.BEARER_USER_REFUSED));
    }

    @Test
    void requestWhenOpaqueTokenAndNoIdpIntrospectsThenProductGetsItWithoutNativeCall() throws Exception {
        test.engines.engine.introspects = false;
        String[] tokens = {"NjQ5MzE0ODc2NTQ0OmRlYWRiZWVm", "Z5O3upPC-88_QrAjx~00+dis/x==", "a.b", "a..c", "a.b.c.d",
            "a.b+c.d", "a.b.c="};
        for (String token : tokens) {
            Product product = new Product();
            FakeRequest request = api("Bearer " + token);
            FakeResponse response = filter(request, product);
            assertSame(request.request(), product.seen, token);
            assertEquals(200, response.status(), token);
        }
        assertEquals(List.of(), test.engines.engine.bearerTokens(), "no native call for a token no IdP can claim");
    }

    @Test
    void requestWhenJwtAndNoIdpIntrospectsThenStillSentToCore() throws Exception {
        test.engines.engine.introspects = false;
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        Product product = new Product();

        filter(api("Bearer " + JWT), product);

        assertEquals(List.of(JWT), test.engines.engine.bearerTokens());
        assertNotNull(product.seen);
    }

    @Test
    void requestWhenNoIdpHasBearerThenEvenJwtPassedWithoutNativeCall() throws Exception {
        test.engines.engine.bearer = false;
        Product product = new Product();
        FakeRequest request = api("Bearer " + JWT);

        filter(request, product);

        assertSame(request.request(), product.seen);
        assertEquals(List.of(), test.engines.engine.bearerTokens());
    }

    @Test
    void requestsWhenConfigurationUnchangedThenEngineInfoReadOnceAndAgainAfterReload() throws Exception {
        test.engines.engine.introspects = false;
        OidcBearerFilter filter = new OidcBearerFilter(OidcSso.over(test.runtime));
        int before = test.engines.engine.infoCalls.get();
        for (int i = 0; i < 5; i++) {
            filter.doFilter(api("Bearer opaque-" + i).request(), new FakeResponse().response(), new Product());
        }
        assertEquals(before + 1, test.engines.engine.infoCalls.get(), "the engine's info once per configuration");

        test.engines.engine.introspects = true;
        test.configStore.save("{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\",\"displayName\":\"x\"}]}",
                test.configStore.currentRevision());
        test.engines.engine.answerBearer(new BearerDecision.Pass(BearerDecision.Reason.INACTIVE), null);
        filter.doFilter(api("Bearer opaque-after").request(), new FakeResponse().response(), new Product());

        assertEquals(List.of("opaque-after"), test.engines.engine.bearerTokens(),
                "a new configuration (an IdP now introspects) is followed at the next request");
    }

    @Test
    void requestsWhenSameTokenRepeatedThenAccountReadFromDirectoryOncePerTtl() throws Exception {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        for (int i = 0; i < 5; i++) {
            Product product = new Product();
            filter(api("Bearer " + JWT), product);
            assertNotNull(product.seen);
        }
        assertEquals(1, test.runtime.bearerAccounts().misses());
        assertEquals(4, test.runtime.bearerAccounts().hits());
        test.clock.advance(BearerAccounts.TTL);
        filter(api("Bearer " + JWT), new Product());
        assertEquals(2, test.runtime.bearerAccounts().misses(), "asked again once the TTL has passed");
    }

    @Test
    void requestWhenProductRefusesCachedAccountThenDirectoryAskedAgainAndRelinkedAccountUsed() throws Exception {
        aliceLinked();
        test.crowd.addLocalUser("bob", true);
        test.engines.engine.answerBearer(alice(), null);
        filter(api("Bearer " + JWT), new Product());
        // Relinked in the product, not through the plugin (no invalidation), and alice is gone for the product.
        ExternalId identity = new ExternalId(ISSUER, "alice-sub");
        test.runtime.adapters().userDirectory().unlink("alice", identity.hash());
        test.runtime.adapters().userDirectory().link("bob", identity);
        test.access.denied.add("alice");
        Product product = new Product();

        FakeResponse response = filter(api("Bearer " + JWT), product);

        assertEquals(200, response.status());
        Object principal = ((HttpServletRequest) product.seen).getSession(false).getAttribute(USER_KEY);
        assertEquals("bob", ((Principal) principal).getName(), "the directory's answer, not the cached one");
    }

    @Test
    void requestWhenRenamedAndNewAccountUnderOldNameWithinTtlThenTheRenamedAccountAuthenticated() throws Exception {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        filter(api("Bearer " + JWT), new Product());
        // Renamed in the product, and a new account takes the old name, within the cache's TTL.
        test.crowd.renameUser(test.crowd.getUser("alice"), "alice.old");
        test.crowd.addLocalUser("alice", true);
        Product product = new Product();

        FakeResponse response = filter(api("Bearer " + JWT), product);

        assertEquals(200, response.status());
        Object principal = ((HttpServletRequest) product.seen).getSession(false).getAttribute(USER_KEY);
        assertEquals("alice.old", ((Principal) principal).getName(), "the linked account, never the new alice");
    }

    @Test
    void requestWhenUnlinkedThroughThePluginThenRefusedAtOnceDespiteTheCache() throws Exception {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        filter(api("Bearer " + JWT), new Product());
        ExternalId identity = new ExternalId(ISSUER, "alice-sub");
        test.runtime.adapters().userDirectory().unlink("alice", identity.hash());
        test.runtime.bearerAccounts().linksChanged();
        Product product = new Product();

        FakeResponse response = filter(api("Bearer " + JWT), product);

        assertNull(product.seen);
        assertEquals(401, response.status());
    }
}
