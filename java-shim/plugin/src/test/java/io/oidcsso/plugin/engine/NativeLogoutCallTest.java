package io.oidcsso.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.oidcsso.plugin.nativebridge.OidcEngine;
import io.oidcsso.plugin.nativebridge.TestProvider;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeLoginEngine#validateLogoutToken} through the real library (b-string): the answer in the
 * thread's kept array, grown for a longer answer and never truncated; the IdP's names reused while they
 * are the same bytes and read anew after a reload changes them; two threads at once each get their own.
 */
class NativeLogoutCallTest {
    private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"logout+jwt\"}";
    private static final HostContext HOST = new HostContext("http://127.0.0.1:8080", "node-1",
            "/plugins/servlet/oidc-sso/callback");
    private static final long CLOCK_SKEW = 60;

    private static TestProvider provider;
    private static TestProvider other;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(OidcEngine.isAvailable(), OidcEngine::unavailableReason);
        provider = TestProvider.start();
        other = TestProvider.start();
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
            other.close();
        }
    }

    private static LoginEngine engine(String config) {
        return new NativeEngineFactory().create(config, HOST);
    }

    @Test
    void validateLogoutTokenWhenAnswerLongerThanTheKeptArrayThenWholeAnswerAndLaterCallsToo() throws Exception {
        try (LoginEngine engine = engine(provider.config("client-1"))) {
            long exp = now() + 300;
            // The claims' longest (255 characters each) make an answer of about 560 bytes: past the first
            // array (512 bytes), which then grows and is kept; shorter answers after it fit too.
            for (int length : new int[] {255, 10, 255, 1}) {
                String sub = "u".repeat(length);
                String jti = "j".repeat(length);
                LogoutTokenDecision decision = engine.validateLogoutToken(request(provider, sub, jti, exp));
                assertEquals(new LogoutTokenDecision("test", provider.issuer(), sub, "sid-1", jti, exp + CLOCK_SKEW),
                        decision, length + " characters of sub and jti");
            }
        }
    }

    @Test
    void validateLogoutTokenWhenSameIdpTwiceThenItsNamesReused() throws Exception {
        try (LoginEngine engine = engine(provider.config("client-1"))) {
            LogoutTokenDecision first = engine.validateLogoutToken(request(provider, "alice", "j1", now() + 300));
            LogoutTokenDecision second = engine.validateLogoutToken(request(provider, "bob", "j2", now() + 300));

            assertSame(first.idpId(), second.idpId());
            assertSame(first.issuer(), second.issuer());
            assertEquals("bob", second.sub());
        }
    }

    @Test
    void validateLogoutTokenWhenReloadRenamesTheIdpOrMovesItsIssuerThenTheNewNames() throws Exception {
        String config = provider.config("client-1");
        try (LoginEngine engine = engine(config)) {
            LogoutTokenDecision before = engine.validateLogoutToken(request(provider, "alice", "j1", now() + 300));

            engine.reload(config.replace("\"id\":\"test\"", "\"id\":\"renamed\""), HOST);
            LogoutTokenDecision renamed = engine.validateLogoutToken(request(provider, "alice", "j2", now() + 300));
            // The same id at another issuer (another provider, its own keys).
            engine.reload(other.config("client-1"), HOST);
            LogoutTokenDecision moved = engine.validateLogoutToken(request(other, "alice", "j3", now() + 300));
            engine.reload(config, HOST);
            LogoutTokenDecision back = engine.validateLogoutToken(request(provider, "alice", "j4", now() + 300));

            assertEquals("test", before.idpId());
            assertEquals("renamed", renamed.idpId());
            assertEquals(provider.issuer(), renamed.issuer());
            assertEquals("test", moved.idpId());
            assertEquals(other.issuer(), moved.issuer());
            assertEquals("test", back.idpId());
            assertEquals(provider.issuer(), back.issuer());
        }
    }

    @Test
    void validateLogoutTokenWhenTwoThreadsAtOnceThenEachItsOwnAnswer() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LoginEngine engine = engine(provider.config("client-1"))) {
            long exp = now() + 300;
            // One thread's answers fit the first array, the other's need a grown one.
            String[] subs = {"alice", "b".repeat(255)};
            List<Callable<Integer>> callers = new ArrayList<>();
            for (String sub : subs) {
                String jti = (sub.length() + "-").repeat(255).substring(0, 255);
                LogoutTokenRequest request = request(provider, sub, jti, exp);
                LogoutTokenDecision expected = new LogoutTokenDecision("test", provider.issuer(), sub, "sid-1", jti,
                        exp + CLOCK_SKEW);
                callers.add(() -> {
                    for (int i = 0; i < 300; i++) {
                        assertEquals(expected, engine.validateLogoutToken(request));
                    }
                    return 300;
                });
            }
            for (Future<Integer> done : threads.invokeAll(callers)) {
                assertEquals(300, done.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void validateLogoutTokenWhenTwoEnginesThenEachItsOwnNames() throws Exception {
        try (LoginEngine first = engine(provider.config("client-1"));
                LoginEngine second = engine(other.config("client-1"))) {
            LogoutTokenDecision a = first.validateLogoutToken(request(provider, "alice", "j1", now() + 300));
            LogoutTokenDecision b = second.validateLogoutToken(request(other, "alice", "j1", now() + 300));

            assertEquals(provider.issuer(), a.issuer());
            assertEquals(other.issuer(), b.issuer());
            assertNotSame(a.issuer(), b.issuer());
        }
    }

    private static LogoutTokenRequest request(TestProvider idp, String sub, String jti, long exp)
            throws GeneralSecurityException {
        String payload = "{\"iss\":\"" + idp.issuer() + "\",\"aud\":\"client-1\",\"iat\":" + now() + ",\"exp\":" + exp
                + ",\"jti\":\"" + jti + "\",\"sub\":\"" + sub + "\",\"sid\":\"sid-1\",\"events\":{\"" + EVENT
                + "\":{}}}";
        return new LogoutTokenRequest(idp.sign(HEADER, payload));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
