package io.oidcsso.plugin.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.TokenSummary;
import io.oidcsso.plugin.fakes.AuditCapture;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.login.AuditLog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebugLogTest {
    private static final String STATE = "STATEvalue0123456789abcdef";
    private static final String NONCE = "NONCEvalue0123456789abcdef";
    private static final String CHALLENGE = "CHALLENGEvalue0123456789abcdef";
    private static final String CODE = "CODEvalue0123456789abcdef";
    private static final String ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.IDTOKENpayload.signature";
    private static final String SID = "SIDvalue0123456789";
    private static final String REQUEST_OBJECT = "eyJREQUESTOBJECT.payload.sig";
    private static final List<String> SECRETS = List.of(STATE, NONCE, CHALLENGE, CODE, ID_TOKEN, SID,
            REQUEST_OBJECT, "IDTOKENpayload", "alice.wonderland@example.com", "alice-subject-123456");

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final DebugSwitch debugSwitch = new DebugSwitch(new InMemoryClusterState(clock, 100), clock);
    private final AuditCapture capture = new AuditCapture();
    private final DebugLog log = new DebugLog(debugSwitch, new AuditLog(() -> "node-1", clock, List.of(capture)));

    private static String authorizeUrl() {
        return "https://idp.example/auth?response_type=code&client_id=shim&redirect_uri=https%3A%2F%2Fhost%2Fcb"
                + "&scope=openid%20email&state=" + STATE + "&nonce=" + NONCE + "&code_challenge=" + CHALLENGE
                + "&code_challenge_method=S256&login_hint=alice.wonderland%40example.com&request=" + REQUEST_OBJECT
                + "#frag";
    }

    private void oneLogin() {
        log.loginStarted("dev", authorizeUrl());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", STATE);
        params.put("code", CODE);
        params.put("iss", "https://idp.example");
        log.decided(params, DecisionBuilder.forUser("alice.wonderland").subject("alice-subject-123456")
                .email("alice.wonderland@example.com").groups("a", "b", "c").sid(SID).idTokenHint(ID_TOKEN)
                .tokenSummary(new TokenSummary(1_700_000_000L, 1_700_000_300L, 1_699_999_990L, List.of("pwd", "otp"),
                        "urn:example:loa:2", "shim", 2))
                .build());
        log.provisioned("dev", "alice.wonderland");
    }

    @Test
    void loginWhenDebugOffThenNoLines() {
        oneLogin();

        assertEquals(List.of(), capture.json());
    }

    @Test
    void loginWhenDebugOnThenEachStepLoggedAndNoSecretOrPersonalValueInAnyLine() {
        debugSwitch.enable("dev", 5);

        oneLogin();

        List<String> lines = capture.json();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("\"event\":\"debug.login_start\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"authorize\":\"https://idp.example/auth\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"q.client_id\":\"shim\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"q.redirect_uri\":\"https://host/cb\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"q.code_challenge_method\":\"S256\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"q.state\":\"[redacted]\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"q.login_hint\":\"ali***(28)\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"event\":\"debug.callback\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"code\":\"[redacted]\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"iss\":\"https://idp.example\""), lines.get(1));
        assertTrue(lines.get(2).contains("\"event\":\"debug.decision\""), lines.get(2));
        assertTrue(lines.get(2).contains("\"groups_count\":\"3\""), lines.get(2));
        assertTrue(lines.get(2).contains("\"sid\":\"[redacted]\""), lines.get(2));
        assertTrue(lines.get(2).contains("\"iat\":\"1700000000\",\"exp\":\"1700000300\",\"auth_time\":\"1699999990\","
                + "\"amr\":\"pwd,otp\",\"acr\":\"urn:example:loa:2\",\"azp\":\"shim\",\"aud_count\":\"2\""), lines.get(2));
        assertTrue(lines.get(3).contains("\"event\":\"debug.provisioned\""), lines.get(3));
        for (String line : lines) {
            for (String secret : SECRETS) {
                assertFalse(line.contains(secret), secret + " in " + line);
            }
        }
    }

    @Test
    void decidedWhenCoreSentNoTokenSummaryThenClaimsShownAbsent() {
        debugSwitch.enable("dev", 5);

        log.decided(Map.of(), DecisionBuilder.forUser("bob").tokenSummary(null).build());

        String decision = capture.json().get(1);
        assertTrue(decision.contains("\"iat\":\"absent\",\"exp\":\"absent\",\"auth_time\":\"absent\",\"amr\":\"absent\","
                + "\"acr\":\"absent\",\"azp\":\"absent\",\"aud_count\":\"0\""), decision);
    }

    @Test
    void loginWhenDebugOnForAnotherIdpOrExpiredThenNoLines() {
        debugSwitch.enable("other", 1);
        oneLogin();
        debugSwitch.enable("dev", 1);
        clock.advance(Duration.ofMinutes(1));
        oneLogin();

        assertEquals(List.of(), capture.json());
    }

    @Test
    void callbackWhenIdpErrorThenErrorKeptAndDescriptionBounded() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", "access_denied");
        params.put("error_description", "x".repeat(1000));
        params.put("state", STATE);

        Map<String, String> fields = DebugLog.callback("dev", params);

        assertEquals("access_denied", fields.get("error"));
        assertEquals(DebugLog.MAX_ERROR_DESCRIPTION + 3, fields.get("error_description").length());
        assertEquals(DebugLog.REDACTED, fields.get("state"));
    }

    @Test
    void redactUrlWhenUnknownOrMalformedParametersThenRedactedNotShown() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("authorize", "https://i/a");
        expected.put("q.client_id", "c");
        expected.put("q.foo", DebugLog.REDACTED);
        expected.put("q.%zz", DebugLog.REDACTED);
        expected.put("q.bare", DebugLog.REDACTED);
        assertEquals(expected, DebugLog.redactUrl("https://i/a?client_id=c&foo=secret&%zz=1&bare"));
        assertEquals(Map.of("authorize", "https://i/a"), DebugLog.redactUrl("https://i/a#state=x"));
        assertEquals("absent", DebugLog.mask(null));
        assertEquals("a***(3)", DebugLog.mask("abc"));
    }
}
