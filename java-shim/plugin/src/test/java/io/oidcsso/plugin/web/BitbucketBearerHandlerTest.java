package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.bitbucket.auth.AuthenticationException;
import com.atlassian.bitbucket.auth.AuthenticationResult;
import com.atlassian.bitbucket.auth.HttpAuthenticationContext;
import com.atlassian.bitbucket.user.ApplicationUser;
import com.atlassian.bitbucket.user.UserService;
import io.oidcsso.plugin.engine.BearerDecision;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeServiceRegistry;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.nativebridge.OidcAuthenticationException;
import io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException;
import io.oidcsso.plugin.runtime.TrackedService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

/** Bitbucket's http-auth-handler: the same bearer decision as the filter, Bitbucket's answers. */
class BitbucketBearerHandlerTest {
    private static final String ISSUER = "http://127.0.0.2:9400";
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln";

    private final TestRuntime test = TestRuntime.configured("bitbucket");
    /** Bitbucket's users by name (UserService#getUserByName). */
    private final Map<String, ApplicationUser> bitbucketUsers = new HashMap<>();

    @BeforeEach
    void oneIdp() {
        test.engines.engine.issuers(ISSUER);
    }

    private record User(String getName, boolean isActive) implements ApplicationUser {
        @Override
        public String getSlug() {
            return getName;
        }
    }

    /** What Bitbucket hands a handler: the request and the response (the rest is not read by the plugin). */
    private record Context(HttpServletRequest getRequest, HttpServletResponse getResponse) implements HttpAuthenticationContext {
        @Override
        public FilterChain getFilterChain() {
            return (request, response) -> {
                throw new AssertionError("a handler never continues the chain");
            };
        }

        @Override
        public String getUsername() {
            return null;
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public String getMethod() {
            return METHOD_TOKEN;
        }
    }

    private BitbucketBearerHandler handler() {
        return new BitbucketBearerHandler(test.runtime, bitbucketUsers::get);
    }

    private static FakeRequest api(String authorization) {
        FakeRequest request = FakeRequest.get("/scm/proj/repo.git/info/refs");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private void aliceLinked() {
        test.crowd.addLocalUser("alice", true);
        test.runtime.adapters().userDirectory().link("alice", new ExternalId(ISSUER, "alice-sub"));
        bitbucketUsers.put("alice", new User("alice", true));
    }

    private static BearerDecision alice() {
        return new BearerDecision.Authenticated("dev", ISSUER, "alice-sub", "alice", List.of("api:read"), 4_000_000_000L);
    }

    @Test
    void performAuthenticationWhenValidTokenOfLinkedUserThenBitbucketsUserWithoutSessionOrSalLogin() {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        FakeRequest request = api("Bearer " + JWT);

        AuthenticationResult result = handler().performAuthentication(new Context(request.request(), new FakeResponse().response()));

        assertSame(bitbucketUsers.get("alice"), result.getUser());
        assertNull(request.request().getSession(false), "no session");
        assertEquals(0, test.listener.successes, "Bitbucket takes the user from the result, not through SAL");
        assertEquals(List.of(JWT), test.engines.engine.bearerTokens(), "the token's bytes, once");
    }

    @Test
    void performAuthenticationWhenNoBearerHeaderThenNullWithoutNativeCall() {
        for (String header : new String[] {null, "Basic YWxpY2U6YWxpY2U=", "Bearer ", "Bearer a b", "Token abc"}) {
            FakeRequest request = api(header);
            assertNull(handler().performAuthentication(new Context(request.request(), new FakeResponse().response())),
                    String.valueOf(header));
        }
        assertEquals(List.of(), test.engines.engine.bearerTokens());
    }

    @Test
    void performAuthenticationWhenTokenNotThePluginsThenNullForBitbucketsOtherHandlers() {
        test.engines.engine.answerBearer(new BearerDecision.Pass(BearerDecision.Reason.UNKNOWN_ISSUER), null);
        FakeResponse response = new FakeResponse();

        AuthenticationResult result = handler().performAuthentication(new Context(api("Bearer " + JWT).request(), response.response()));

        assertNull(result);
        assertNull(response.header("WWW-Authenticate"), "the response is left to the next handler");
        assertTrue(test.audit().stream().noneMatch(l -> l.contains("bearer.refused")), test.audit().toString());
    }

    @Test
    void performAuthenticationWhenHttpAccessTokenAndNoIdpIntrospectsThenNullWithoutNativeCall() {
        test.engines.engine.introspects = false;
        // Bitbucket HTTP access tokens are opaque (no JWS): never sent to the core.
        for (String token : new String[] {"NjQ5MzE0ODc2NTQ0OmRlYWRiZWVm", "BBDC-NjQ5MzE0ODc2NTQ0Om5vYm9keQ"}) {
            assertNull(handler().performAuthentication(new Context(api("Bearer " + token).request(),
                    new FakeResponse().response())), token);
        }
        assertEquals(List.of(), test.engines.engine.bearerTokens());
    }

    @Test
    void performAuthenticationWhenTokenRefusedThenAuthenticationExceptionWithCodeAndReferenceAndChallenge() {
        test.engines.engine.answerBearer(null,
                new OidcAuthenticationException("expired", ErrorCodes.ACCESS_TOKEN_EXPIRED, "the access token expired"));
        FakeResponse response = new FakeResponse();

        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> handler().performAuthentication(new Context(api("Bearer " + JWT).request(), response.response())));

        assertTrue(refused.getLocalizedMessage().startsWith(
                "oidc-sso: bearer token refused (invalid_token: access_token_expired) [ref "), refused.getLocalizedMessage());
        assertEquals(BitbucketBearerHandler.REFUSED_KEY, refused.getKeyedMessage().getKey());
        assertFalse(refused.getLocalizedMessage().contains("the access token expired"), "the hint stays in the log");
        assertEquals("Bearer error=\"invalid_token\", error_description=\"access_token_expired\"",
                response.header("WWW-Authenticate"));
        assertEquals(1, test.audit().stream().filter(l -> l.contains("bearer.refused")).count(), test.audit().toString());
    }

    @Test
    void performAuthenticationWhenScopeMissingThenRefusedAsInsufficientScope() {
        test.engines.engine.answerBearer(null,
                new OidcAuthenticationException("scope", ErrorCodes.INSUFFICIENT_SCOPE, "lacks api:write"));
        FakeResponse response = new FakeResponse();

        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> handler().performAuthentication(new Context(api("Bearer " + JWT).request(), response.response())));

        assertTrue(refused.getLocalizedMessage().contains("(insufficient_scope: insufficient_scope)"),
                refused.getLocalizedMessage());
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"insufficient_scope\"",
                response.header("WWW-Authenticate"));
    }

    @Test
    void performAuthenticationWhenLinkedUserUnknownOrInactiveInBitbucketThenRefused() {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        bitbucketUsers.remove("alice");

        AuthenticationException unknown = assertThrows(AuthenticationException.class, () -> handler()
                .performAuthentication(new Context(api("Bearer " + JWT).request(), new FakeResponse().response())));
        bitbucketUsers.put("alice", new User("alice", false));
        AuthenticationException inactive = assertThrows(AuthenticationException.class, () -> handler()
                .performAuthentication(new Context(api("Bearer " + JWT).request(), new FakeResponse().response())));

        assertTrue(unknown.getLocalizedMessage().contains(ErrorCodes.BEARER_USER_REFUSED), unknown.getLocalizedMessage());
        assertTrue(inactive.getLocalizedMessage().contains(ErrorCodes.BEARER_USER_REFUSED), inactive.getLocalizedMessage());
    }

    @Test
    void performAuthenticationWhenIdpUnavailableThenAuthenticationExceptionToTryAgain() {
        test.engines.engine.answerBearer(null,
                new OidcProviderUnavailableException("down", ErrorCodes.IDP_CIRCUIT_OPEN, "circuit open"));
        FakeResponse response = new FakeResponse();

        AuthenticationException unavailable = assertThrows(AuthenticationException.class,
                () -> handler().performAuthentication(new Context(api("Bearer " + JWT).request(), response.response())));

        assertEquals(BitbucketBearerHandler.UNAVAILABLE_KEY, unavailable.getKeyedMessage().getKey());
        assertTrue(unavailable.getLocalizedMessage().contains("try again"), unavailable.getLocalizedMessage());
        assertEquals("5", response.header("Retry-After"));
    }

    /** A handler over Bitbucket's UserService as the OSGi registry has it, through the plugin's tracker. */
    private BitbucketBearerHandler trackingHandler(FakeServiceRegistry registry) {
        return new BitbucketBearerHandler(test.runtime, BitbucketBearerHandler.usersOf(
                TrackedService.open(registry.context, UserService.class)));
    }

    @Test
    void performAuthenticationWhenUserServiceNotRegisteredThenUnavailableToTryAgainNeverARefusal() {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        FakeServiceRegistry registry = new FakeServiceRegistry();
        BitbucketBearerHandler handler = trackingHandler(registry);
        FakeResponse response = new FakeResponse();

        AuthenticationException unavailable = assertThrows(AuthenticationException.class,
                () -> handler.performAuthentication(new Context(api("Bearer " + JWT).request(), response.response())));

        assertEquals(BitbucketBearerHandler.UNAVAILABLE_KEY, unavailable.getKeyedMessage().getKey());
        assertEquals("5", response.header("Retry-After"));
        registry.register(UserService.class, bitbucketUsers::get, 0);
        assertSame(bitbucketUsers.get("alice"), handler.performAuthentication(new Context(api("Bearer " + JWT)
                .request(), new FakeResponse().response())).getUser(), "registered later: found without a new handler");
    }

    @Test
    void performAuthenticationWhenUserServiceReplacedThenTheReplacementAnswers() {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        FakeServiceRegistry registry = new FakeServiceRegistry();
        ServiceReference<UserService> first = registry.register(UserService.class, bitbucketUsers::get, 0);
        BitbucketBearerHandler handler = trackingHandler(registry);
        assertSame(bitbucketUsers.get("alice"), handler.performAuthentication(new Context(api("Bearer " + JWT)
                .request(), new FakeResponse().response())).getUser());

        User replacementsAlice = new User("alice", true);
        registry.register(UserService.class, name -> "alice".equals(name) ? replacementsAlice : null, 0);
        registry.unregister(first);

        assertSame(replacementsAlice, handler.performAuthentication(new Context(api("Bearer " + JWT).request(),
                new FakeResponse().response())).getUser(), "the service registered now, not the one unregistered");
        assertEquals(1, registry.held(), "the unregistered service was given back");
    }

    @Test
    void filterWhenBitbucketThenBearerLeftToTheHandlerWithoutNativeCall() throws Exception {
        aliceLinked();
        test.engines.engine.answerBearer(alice(), null);
        OidcBearerFilter filter = new OidcBearerFilter(OidcSso.over(test.runtime));
        FakeRequest request = api("Bearer " + JWT);
        ServletRequest[] seen = new ServletRequest[1];

        filter.doFilter(request.request(), new FakeResponse().response(), (req, res) -> seen[0] = req);

        assertSame(request.request(), seen[0], "passed on untouched");
        assertEquals(List.of(), test.engines.engine.bearerTokens(), "one path on Bitbucket: the handler's");
    }
}
