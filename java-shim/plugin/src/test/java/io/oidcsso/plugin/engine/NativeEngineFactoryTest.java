package io.oidcsso.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.oidcsso.plugin.nativebridge.OidcConfigException;
import io.oidcsso.plugin.nativebridge.OidcEngine;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
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
        OidcConfigException failure = assertThrows(OidcConfigException.class, () -> factory.create(INVALID, HOST));
        assertEquals(OidcSsoException.Kind.CONFIG, failure.kind());
        assertEquals(ErrorCodes.INVALID_CONFIGURATION, failure.code());
    }

    @Test
    void completeLoginWhenNoPendingLoginThenAuthenticationFailureWithCode() {
        try (LoginEngine engine = factory.create(VALID, HOST)) {
            OidcSsoException failure = assertThrows(OidcSsoException.class, () -> engine.completeLogin(
                    new CompleteLoginRequest(null, "b".repeat(43), Map.of("state", "s", "code", "c"),
                            "/plugins/servlet/oidc-sso/callback")));
            assertEquals(OidcSsoException.Kind.AUTHENTICATION, failure.kind());
            assertEquals(ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED, failure.code());
        }
    }

    @Test
    void beginLoginWhenIdpUnreachableThenProviderUnavailableOrAuthorizationRequest() {
        try (LoginEngine engine = factory.create(VALID, HOST)) {
            BeginLoginRequest request = new BeginLoginRequest(null, "/x", "b".repeat(43));
            try {
                BeginLoginResponse result = engine.beginLogin(request);
                // A core that builds the request without discovery still has to hand back state and pending.
                assertFalse(result.state().isEmpty());
            } catch (OidcSsoException failure) {
                assertEquals(OidcSsoException.Kind.PROVIDER_UNAVAILABLE, failure.kind(), failure.getMessage());
            }
        }
    }

    @Test
    void infoWhenEngineBuiltThenTypedIdpWithClosedCircuit() {
        try (LoginEngine engine = factory.create(VALID, HOST)) {
            EngineInfo info = engine.info();
            assertEquals(1, info.idps().size());
            EngineInfo.Idp idp = info.idps().get(0);
            assertEquals("dev", idp.id());
            assertEquals("http://127.0.0.2:9", idp.issuer());
            assertEquals(EngineInfo.CircuitState.CLOSED, idp.availability().state());
            assertEquals("http://127.0.0.1:8080/plugins/servlet/oidc-sso/callback", info.redirectUri());
        }
    }

    @Test
    void libraryInfoWhenAskedThenVersionAndThePresetCatalog() {
        LibraryInfo library = factory.libraryInfo();
        assertFalse(library.version().isEmpty());
        assertEquals(1, library.schemaVersion());
        assertFalse(library.presets().isEmpty(), "the IdP presets reach Java typed");
        assertTrue(library.presets().stream().allMatch(preset -> !preset.name().isEmpty()), library.toString());
    }

    @Test
    void routeWhenSingleIdpThenTypedImmediateRedirect() {
        try (LoginEngine engine = factory.create(VALID, HOST)) {
            RouteDecision decision = engine.route(new RouteRequest(RouteRequest.Page.LOGIN, "/x", null, null, false,
                    null, null));
            assertEquals(new RouteDecision.Redirect("dev", false, 0, null), decision);
        }
    }

    @Test
    void renderWhenErrorPageThenHtmlWithTheCodeAndTheSiteName() {
        try (LoginEngine engine = factory.create(VALID, HOST)) {
            Rendered page = engine.render(RenderRequest.error("/jira", "/login", ErrorCodes.INVALID_STATE, "REF1",
                    "Jira Production"));
            assertTrue(page.html().contains(ErrorCodes.INVALID_STATE), page.html());
            assertTrue(page.html().contains("REF1"), page.html());
            assertTrue(page.html().contains("Jira Production"), page.html());
        }
    }

    @Test
    void hostContextJsonWhenBuiltThenCarriesBaseUrlAndCallbackPath() {
        var host = JsonParser.parseString(NativeEngineFactory.hostContextJson(HOST)).getAsJsonObject();
        assertEquals("http://127.0.0.1:8080", host.get("baseUrl").getAsString());
        assertEquals("/plugins/servlet/oidc-sso/callback", host.get("callbackPath").getAsString());
    }

    @Test
    void discoverWhenUrlRefusedByThePolicyOrNothingListensThenDiscoveryFailedOrUnavailableWithAHint() {
        io.oidcsso.plugin.nativebridge.OidcSsoException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.oidcsso.plugin.nativebridge.OidcSsoException.class,
                () -> factory.discover(new DiscoverRequest("http://idp.example.com/realms/x", false)));
        assertEquals(ErrorCodes.DISCOVERY_FAILED, refused.code());
        assertTrue(refused.adminHint().contains("must use https"), refused.adminHint());
        io.oidcsso.plugin.nativebridge.OidcSsoException down = org.junit.jupiter.api.Assertions.assertThrows(
                io.oidcsso.plugin.nativebridge.OidcSsoException.class,
                () -> factory.discover(new DiscoverRequest("http://127.0.0.2:9/.well-known/openid-configuration", true)));
        assertEquals(io.oidcsso.plugin.nativebridge.OidcSsoException.Kind.PROVIDER_UNAVAILABLE, down.kind());
        assertTrue(down.adminHint().contains("127.0.0.2:9/.well-known/openid-configuration"), down.adminHint());
    }

    @Test
    void groupsDryRunWhenClaimsCarryGroupsThenCoreMapsUsernameAndPlansTheAdditions() {
        String config = VALID.replace("\"insecureAllowHttpLoopback\":true}",
                "\"insecureAllowHttpLoopback\":true,\"provisioning\":{\"groups\":{\"mode\":\"allowlist\","
                + "\"rules\":[{\"match\":\"exact\",\"value\":\"eng\",\"renameTo\":\"jira-developers\"}]}}}");
        GroupsDryRunResult result = factory.groupsDryRun(new GroupsDryRunRequest(new OpaqueJson(config), "dev",
                new OpaqueJson("{\"sub\":\"s\",\"preferred_username\":\"carol\",\"groups\":[\"eng\",\"x\"]}"), null,
                List.of("jira-software-users"), List.of()));
        assertEquals(List.of(), result.problems());
        assertEquals("carol", result.identity().username());
        List<String> changes = result.plan().groups().stream().map(c -> c.action() + " " + c.group()).toList();
        assertTrue(changes.contains("ADD jira-developers") && changes.contains("IGNORED x"), changes.toString());
    }

    @Test
    void groupsDryRunWhenDraftInvalidThenPointerProblemsAndNoPlan() {
        GroupsDryRunResult result = factory.groupsDryRun(new GroupsDryRunRequest(new OpaqueJson(INVALID), "dev",
                new OpaqueJson("{}"), null, null, null));
        assertTrue(result.problems().size() >= 2, result.problems().toString());
        assertEquals(null, result.plan());
    }

    @Test
    void templatePreviewWhenCustomTemplateThenRenderedByTheCore() {
        String config = VALID.replace("]}", "],\"templates\":{\"logout\":\"<b>{{ site_name }}</b>\"}}");
        TemplatePreview preview = factory.templatePreview(new TemplatePreviewRequest(new OpaqueJson(config),
                RenderRequest.logout("", "/login.jsp", "Acme & Co")));
        assertEquals(List.of(), preview.problems());
        assertTrue(preview.custom());
        assertEquals("<b>Acme &amp; Co</b>", preview.html());
    }
}
