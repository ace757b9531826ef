package io.oidcsso.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.oidcsso.plugin.nativebridge.OidcEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shim's adapter over the real cdylib (loaded from target/classes/native by Maven's build). */
class NativeEngineFactoryTest {
    private static final String VALID = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\",\"displayName\":\"Dev\","
            + "\"issuer\":\"http://127.0.0.2:9\",\"clientId\":\"c\",\"clientSecret\":\"s\","
            + "\"insecureAllowHttpLoopback\":true}]}";
    private static final String INVALID = "{\"schemaVersion\":1,\"surprise\":true,\"idps\":[{\"id\":\"dev\","
            + "\"issuer\":\"http://127.0.0.2:9\",\"clientId\":\"\",\"clientSecret\":\"s\","
            + "\"insecureAllowHttpLoopback\":true}]}";
    private static final HostContext HOST = new HostContext("http://127.0.0.1:8080", "node-1", "/plugins/servlet/oidc-sso/callback");

    private final NativeEngineFactory factory = new NativeEngineFactory();

    @BeforeEach
    void requireLibrary() {
        Assumptions.assumeTrue(OidcEngine.isAvailable(), () -> "native library not loadable: " + factory.unavailableReason());
    }

    @Test
    void validateWhenDocumentHasTwoProblemsThenBothReportedWithPointers() {
        List<ConfigProblem> problems = factory.validate(INVALID);
        assertTrue(problems.size() >= 2, problems.toString());
        assertTrue(problems.stream().allMatch(problem -> problem.pointer().startsWith("/")), problems.toString());
    }

    @Test
    void validateWhenDocumentValidThenNoProblems() {
        assertEquals(List.of(), factory.validate(VALID));
    }

    @Test
    void createWhenDocumentInvalidThenConfigFailure() {
        EngineFailure failure = assertThrows(EngineFailure.class, () -> factory.create(INVALID, HOST));
        assertEquals(EngineFailure.Kind.CONFIG, failure.kind());
    }

    @Test
    void completeLoginWhenNoPendingLoginThenAuthenticationFailureWithCode() {
        try (LoginEngine engine = factory.create(VALID, HOST)) {
            EngineFailure failure = assertThrows(EngineFailure.class, () -> engine.completeLogin(
                    EngineJson.completeLoginRequest(null, "b".repeat(43), Map.of("state", "s", "code", "c"))));
            assertEquals(EngineFailure.Kind.AUTHENTICATION, failure.kind());
            assertFalse(failure.code().isEmpty());
        }
    }

    @Test
    void beginLoginWhenIdpUnreachableThenProviderUnavailableOrAuthorizationRequest() {
        try (LoginEngine engine = factory.create(VALID, HOST)) {
            String request = EngineJson.beginLoginRequest(null, "/x", "b".repeat(43));
            try {
                BeginLoginResult result = EngineJson.parseBeginLogin(engine.beginLogin(request));
                // A core that builds the request without discovery still has to hand back state and pending.
                assertFalse(result.state().isEmpty());
            } catch (EngineFailure failure) {
                assertEquals(EngineFailure.Kind.PROVIDER_UNAVAILABLE, failure.kind(), failure.getMessage());
            }
        }
    }

    @Test
    void hostContextJsonWhenBuiltThenCarriesBaseUrlAndCallbackPath() {
        var host = JsonParser.parseString(NativeEngineFactory.hostContextJson(HOST)).getAsJsonObject();
        assertEquals("http://127.0.0.1:8080", host.get("baseUrl").getAsString());
        assertEquals("/plugins/servlet/oidc-sso/callback", host.get("callbackPath").getAsString());
    }
}
