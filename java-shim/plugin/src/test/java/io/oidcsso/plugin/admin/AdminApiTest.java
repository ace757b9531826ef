package io.oidcsso.plugin.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.fakes.FakeAdminGuard;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminApiTest {
    private static final String SECRET = "the-client-secret-value";
    private static final String CONFIG = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\",\"issuer\":\"https://idp\","
            + "\"clientId\":\"c\",\"clientSecret\":\"" + SECRET + "\"}]}";

    private final TestRuntime test = new TestRuntime("http://localhost:8080");
    private final FakeAdminGuard guard = new FakeAdminGuard();
    private final AdminApi api;


    AdminApiTest() {
        api = test.adminApi(guard);
    }

    private FakeResponse call(String method, String endpoint, String body) throws Exception {
        FakeRequest request = FakeRequest.get(AdminApi.PATH + "/" + endpoint).method(method).remoteUser("admin");
        if (body != null) {
            request.json(body).header("X-Atlassian-Token", "no-check");
        }
        return call(endpoint, request);
    }

    private FakeResponse call(String endpoint, FakeRequest request) throws Exception {
        FakeResponse response = new FakeResponse();
        api.handle(endpoint, request.request(), response.response());
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertFalse(response.body().contains(SECRET), "a secret in the answer: " + response.body());
        return response;
    }

    private static JsonObject json(FakeResponse response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static String error(FakeResponse response) {
        return json(response).get("error").getAsString();
    }

    private static String put(long revision, String config) {
        return "{\"revision\":" + revision + ",\"config\":" + config + "}";
    }

    @Test
    void getConfigWhenNothingStoredThenRevisionZeroAndNull() throws Exception {
        FakeResponse response = call("GET", "config", null);
        assertEquals(200, response.status());
        assertEquals("{\"revision\":0,\"config\":null}", response.body());
    }

    @Test
    void getConfigWhenSecretStoredThenPlaceholderNeverTheValue() throws Exception {
        test.configStore.save(CONFIG, 0);
        JsonObject body = json(call("GET", "config", null));
        assertEquals(1, body.get("revision").getAsLong());
        assertEquals("{\"$secret\":\"set\"}", body.getAsJsonObject("config").getAsJsonArray("idps").get(0)
                .getAsJsonObject().get("clientSecret").toString());
    }

    @Test
    void requestWhenAnonymousNonAdminNoWebSudoOrNoXsrfThenRefusedWithTheContractsCodes() throws Exception {
        FakeResponse anonymous = call("config", FakeRequest.get(AdminApi.PATH + "/config"));
        assertEquals(401, anonymous.status());
        assertEquals("unauthenticated", error(anonymous));

        guard.systemAdmin = false;
        assertEquals("forbidden", error(call("GET", "config", null)));
        assertEquals(403, call("GET", "status", null).status());
        guard.systemAdmin = true;

        guard.webSudo = false;
        FakeResponse noSudo = call("GET", "config", null);
        assertEquals(401, noSudo.status());
        assertEquals("websudo_required", error(noSudo));
        guard.webSudo = true;

        FakeResponse noHeader = call("config", FakeRequest.get(AdminApi.PATH + "/config").method("PUT")
                .remoteUser("admin").json(put(0, CONFIG)));
        assertEquals(403, noHeader.status());
        assertEquals("xsrf", error(noHeader));
        FakeResponse form = call("config", FakeRequest.get(AdminApi.PATH + "/config").method("PUT").remoteUser("admin")
                .header("X-Atlassian-Token", "no-check").body("text/plain", put(0, CONFIG).getBytes(StandardCharsets.UTF_8)));
        assertEquals(403, form.status());
        assertEquals("xsrf", error(form));
        assertTrue(test.configStore.load().isEmpty(), "nothing stored");
    }

    @Test
    void refusalWhenTheBodyIsUnreadThenAShortOneIsDroppedAndALongOneClosesTheConnection() throws Exception {
        String dryRun = "{\"idp\":\"dev\",\"claims\":{}}";
        FakeRequest anonymous = FakeRequest.get(AdminApi.PATH + "/groups/dry-run").method("POST").json(dryRun)
                .header("X-Atlassian-Token", "no-check");
        FakeResponse unauthenticated = call("groups/dry-run", anonymous);
        assertEquals("unauthenticated", error(unauthenticated));
        assertEquals(0, anonymous.unreadBodyBytes(), "the short body was read and dropped");
        assertNull(unauthenticated.header("Connection"), "the connection stays usable");

        guard.systemAdmin = false;
        FakeRequest small = FakeRequest.get(AdminApi.PATH + "/groups/dry-run").method("POST").remoteUser("admin")
                .json(dryRun).header("X-Atlassian-Token", "no-check");
        FakeResponse forbidden = call("groups/dry-run", small);
        assertEquals("forbidden", error(forbidden));
        assertEquals(0, small.unreadBodyBytes());
        assertNull(forbidden.header("Connection"));

        String longBody = "{\"x\":\"" + "a".repeat(UnreadBody.DRAIN_LIMIT) + "\"}";
        FakeRequest large = FakeRequest.get(AdminApi.PATH + "/config").method("PUT").remoteUser("admin")
                .json(longBody).header("X-Atlassian-Token", "no-check");
        FakeResponse closed = call("config", large);
        assertEquals("forbidden", error(closed));
        assertEquals("close", closed.header("Connection"), "no client may reuse a connection with a body left on it");
        assertEquals(longBody.length(), large.unreadBodyBytes(), "nothing read from a refused sender's long body");
        guard.systemAdmin = true;

        FakeRequest patch = FakeRequest.get(AdminApi.PATH + "/config").method("PATCH").remoteUser("admin").json("{}");
        FakeResponse notAllowed = new FakeResponse();
        AdminApi.refuseMethod("config", patch.request(), notAllowed.response());
        assertEquals(405, notAllowed.status());
        assertEquals(0, patch.unreadBodyBytes());

        FakeRequest getWithBody = FakeRequest.get(AdminApi.PATH + "/status").remoteUser("admin").json(dryRun);
        assertEquals(200, call("status", getWithBody).status());
        assertEquals(0, getWithBody.unreadBodyBytes(), "a GET endpoint reads no body, so it is dropped");

        FakeResponse read = call("POST", "config/validate", "{\"config\":");
        assertEquals("malformed_json", error(read));
        assertNull(read.header("Connection"), "a body read to its end leaves nothing on the connection");
    }

    @Test
    void putWhenValidThenNewRevisionActiveOnThisNodeAtOnceAndAudited() throws Exception {
        FakeResponse response = call("PUT", "config", put(0, CONFIG));
        assertEquals(200, response.status(), response.body());
        assertEquals("{\"revision\":1}", response.body());
        assertEquals(CONFIG, test.configStore.load().orElseThrow().json());
        // The clock did not move: the engine slot was refreshed by the save, not by its poll.
        JsonObject status = json(call("GET", "status", null));
        assertEquals(1, status.get("revision").getAsLong());
        assertEquals("on", status.get("sso").getAsString());
        assertEquals("active (revision 1)", status.get("engine").getAsString());
        assertTrue(test.audit().stream().anyMatch(l -> l.contains("event=config.saved") && l.contains("by=\"admin\"")
                && l.contains("revision=\"1\"")), test.audit().toString());
        assertTrue(test.audit().stream().noneMatch(l -> l.contains(SECRET)), "no secret in the log");
    }

    @Test
    void putWhenDocumentEqualsTheStoredOneThenSameRevisionUnchangedAndNotAudited() throws Exception {
        assertEquals(200, call("PUT", "config", put(0, CONFIG)).status());
        int audited = test.audit().size();
        // What GET config gave, sent back as is (placeholder for the secret, members reordered).
        String same = "{\"idps\":[{\"clientSecret\":{\"$secret\":\"set\"},\"clientId\":\"c\",\"id\":\"dev\","
                + "\"issuer\":\"https://idp\"}],\"schemaVersion\":1}";

        FakeResponse response = call("PUT", "config", put(1, same));

        assertEquals(200, response.status(), response.body());
        assertEquals("{\"revision\":1,\"unchanged\":true}", response.body());
        assertEquals(1, test.configStore.currentRevision());
        assertEquals(audited, test.audit().size(), "nothing stored, nothing audited: " + test.audit());
        // Equal but based on an old revision is still a conflict, never a silent success.
        assertEquals(200, call("PUT", "config", put(1, CONFIG.replace("\"c\"", "\"c2\""))).status());
        assertEquals(409, call("PUT", "config", put(1, CONFIG.replace("\"c\"", "\"c2\""))).status());
    }

    @Test
    void putWhenPlaceholderThenStoredSecretKeptAndNewValueReplacesIt() throws Exception {
        test.configStore.save(CONFIG, 0);
        String edited = CONFIG.replace("\"clientId\":\"c\"", "\"clientId\":\"c2\"").replace("\"" + SECRET + "\"",
                "{\"$secret\":\"set\"}");
        assertEquals(200, call("PUT", "config", put(1, edited)).status());
        assertTrue(test.configStore.load().orElseThrow().json().contains(SECRET));
        assertTrue(test.configStore.load().orElseThrow().json().contains("\"c2\""));
        assertEquals(200, call("PUT", "config", put(2, CONFIG.replace(SECRET, "new-value"))).status());
        assertTrue(test.configStore.load().orElseThrow().json().contains("new-value"));
    }

    @Test
    void putWhenStaleRevisionThen409WithTheCurrentOneAndNothingStored() throws Exception {
        test.configStore.save(CONFIG, 0);
        test.configStore.save(CONFIG, 1);
        FakeResponse response = call("PUT", "config", put(1, "{\"idps\":[]}"));
        assertEquals(409, response.status());
        assertEquals("stale_revision", error(response));
        assertEquals(2, json(response).get("currentRevision").getAsLong());
        assertEquals(CONFIG, test.configStore.load().orElseThrow().json());
    }

    @Test
    void putWhenCoreFindsProblemsThen400WithEveryPointerAndNothingStored() throws Exception {
        test.engines.problems.add(new ConfigProblem("/idps/0/issuer", "must be https"));
        test.engines.problems.add(new ConfigProblem("/idps/0/clientId", "missing"));
        FakeResponse response = call("PUT", "config", put(0, CONFIG));
        assertEquals(400, response.status());
        assertEquals("invalid", error(response));
        JsonArray problems = json(response).getAsJsonArray("problems");
        assertEquals(2, problems.size());
        assertEquals("/idps/0/issuer", problems.get(0).getAsJsonObject().get("pointer").getAsString());
        assertTrue(test.configStore.load().isEmpty());
    }

    @Test
    void putWhenPlaceholderWithoutStoredSecretThenProblemAtItsPointer() throws Exception {
        FakeResponse response = call("PUT", "config", put(0, CONFIG.replace("\"" + SECRET + "\"",
                "{\"$secret\":\"set\"}")));
        assertEquals(400, response.status());
        assertEquals("/idps/0/clientSecret", json(response).getAsJsonArray("problems").get(0).getAsJsonObject()
                .get("pointer").getAsString());
        assertTrue(test.configStore.load().isEmpty());
    }

    @Test
    void putWhenConfigWouldLockEveryoneOutThen400LockoutAndValidateListsIt() throws Exception {
        String lockout = "{\"idps\":[{\"id\":\"dev\"}],\"routing\":{\"enforceSso\":true},\"emergency\":{\"enabled\":false}}";
        FakeResponse response = call("PUT", "config", put(0, lockout));
        assertEquals(400, response.status());
        assertEquals("lockout", error(response));
        assertEquals("", json(response).getAsJsonArray("problems").get(0).getAsJsonObject().get("pointer").getAsString());
        assertTrue(test.configStore.load().isEmpty());
        JsonObject validated = json(call("POST", "config/validate", "{\"config\":" + lockout + "}"));
        assertTrue(validated.getAsJsonArray("problems").size() > 0);
        assertEquals(0, json(call("POST", "config/validate", "{\"config\":" + CONFIG + "}"))
                .getAsJsonArray("problems").size());
    }

    @Test
    void putWhenBodyMalformedWrongTypesOrTooLargeThenTheContractsErrorNeverA500() throws Exception {
        String[][] cases = {
            {"{\"revision\":0,", "malformed_json"},
            {"{'revision':0}", "malformed_json"},
            {"{\"revision\":0,\"revision\":1,\"config\":{}}", "malformed_json"},
            {"[1]", "invalid_request"},
            {"{\"revision\":\"0\",\"config\":{}}", "invalid_request"},
            {"{\"revision\":0.5,\"config\":{}}", "invalid_request"},
            {"{\"revision\":0,\"config\":[]}", "invalid_request"},
            {"{\"revision\":0}", "invalid_request"},
            {"", "malformed_json"},
            {"[".repeat(200) + "]".repeat(200), "malformed_json"},
        };
        for (String[] c : cases) {
            FakeResponse response = call("PUT", "config", c[0]);
            assertEquals(400, response.status(), c[0] + " -> " + response.body());
            assertEquals(c[1], error(response), c[0]);
        }
        FakeResponse notUtf8 = call("config", FakeRequest.get(AdminApi.PATH + "/config").method("PUT")
                .remoteUser("admin").header("X-Atlassian-Token", "no-check")
                .body("application/json; charset=utf-8", new byte[] {'{', (byte) 0xff, '}'}));
        assertEquals("malformed_json", error(notUtf8));
        byte[] huge = new byte[RequestGuard.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        FakeResponse tooLarge = call("config", FakeRequest.get(AdminApi.PATH + "/config").method("PUT")
                .remoteUser("admin").header("X-Atlassian-Token", "no-check").body("application/json", huge));
        assertEquals(413, tooLarge.status());
        assertEquals("too_large", error(tooLarge));
        assertTrue(test.configStore.load().isEmpty());
    }

    @Test
    void requestWhenUnknownEndpointOrWrongMethodThen404Or405Json() throws Exception {
        assertEquals(404, call("GET", "nope", null).status());
        FakeResponse wrong = call("POST", "status", "{}");
        assertEquals(405, wrong.status());
        assertEquals("GET", wrong.header("Allow"));
    }

    @Test
    void exportWhenSecretsOmittedThenDocumentWithoutThemAndAttachmentName() throws Exception {
        test.configStore.save(CONFIG, 0);
        FakeResponse response = call("POST", "export", "{\"secrets\":\"omit\"}");
        assertEquals(200, response.status(), response.body());
        assertEquals("attachment; filename=\"oidc-sso-config-r1.json\"", response.header("Content-Disposition"));
        JsonObject document = json(response);
        assertEquals(1, document.get("schemaVersion").getAsInt());
        assertEquals(1, document.get("revision").getAsLong());
        assertTrue(document.get("secrets").isJsonNull());
        assertFalse(document.getAsJsonObject("config").getAsJsonArray("idps").get(0).getAsJsonObject()
                .has("clientSecret"));
        assertEquals("invalid_request", error(call("POST", "export", "{\"secrets\":\"encrypt\",\"passphrase\":\"short\"}")));
    }

    @Test
    void importWhenEncryptedExportAndRightPassphraseThenSecretsRestoredElseWrongPassphraseAndNothingChanged()
            throws Exception {
        test.configStore.save(CONFIG, 0);
        String passphrase = "a long export passphrase";
        String exported = call("POST", "export", "{\"secrets\":\"encrypt\",\"passphrase\":\"" + passphrase + "\"}").body();
        // Another secret is stored meanwhile; the import brings the exported one back.
        test.configStore.save(CONFIG.replace(SECRET, "other"), 1);

        FakeResponse wrong = call("POST", "import", "{\"revision\":2,\"document\":" + exported
                + ",\"passphrase\":\"not the passphrase\"}");
        assertEquals(400, wrong.status());
        assertEquals("wrong_passphrase", error(wrong));
        assertEquals("passphrase_required", error(call("POST", "import", "{\"revision\":2,\"document\":" + exported + "}")));
        assertTrue(test.configStore.load().orElseThrow().json().contains("other"));

        JsonObject preview = json(call("POST", "import/preview", "{\"document\":" + exported + ",\"passphrase\":\""
                + passphrase + "\"}"));
        assertEquals(2, preview.get("currentRevision").getAsLong());
        assertEquals("[{\"pointer\":\"/idps/0/clientSecret\",\"change\":\"changed\"}]", preview.get("diff").toString());
        FakeResponse imported = call("POST", "import", "{\"revision\":2,\"document\":" + exported
                + ",\"passphrase\":\"" + passphrase + "\"}");
        assertEquals(200, imported.status(), imported.body());
        assertEquals(3, json(imported).get("revision").getAsLong());
        assertTrue(test.configStore.load().orElseThrow().json().contains(SECRET));
    }

    @Test
    void importWhenSecretsOmittedThenStoredSecretsOfTheSameIdKeptAndReorderShowsNoDiff() throws Exception {
        String two = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"a\",\"clientSecret\":\"sa\"},{\"id\":\"b\","
                + "\"clientSecret\":\"sb\"}]}";
        test.configStore.save(two, 0);
        String bare = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"b\"},{\"id\":\"a\"}]}";
        JsonObject preview = json(call("POST", "import/preview", "{\"document\":" + bare + "}"));
        assertEquals("[]", preview.get("diff").toString());
        assertEquals("[]", preview.get("problems").toString());
        assertEquals(200, call("POST", "import", "{\"revision\":1,\"document\":" + bare + "}").status());
        String stored = test.configStore.load().orElseThrow().json();
        assertTrue(stored.indexOf("\"sb\"") < stored.indexOf("\"sa\""), stored);
    }

    @Test
    void importWhenDocumentInvalidThenEveryProblemAndNothingStored() throws Exception {
        test.engines.problems.add(new ConfigProblem("/idps/0/issuer", "missing"));
        FakeResponse preview = call("POST", "import/preview", "{\"document\":{\"idps\":[{\"id\":\"x\"}]}}");
        assertEquals(200, preview.status());
        assertEquals(1, json(preview).getAsJsonArray("problems").size());
        FakeResponse imported = call("POST", "import", "{\"revision\":0,\"document\":{\"idps\":[{\"id\":\"x\"}]}}");
        assertEquals(400, imported.status());
        assertEquals("invalid", error(imported));
        assertTrue(test.configStore.load().isEmpty());
        assertEquals("invalid_document", error(call("POST", "import",
                "{\"revision\":0,\"document\":{\"schemaVersion\":7,\"config\":{}}}")));
    }

    @Test
    void presetsWhenLibraryAvailableThenTheCatalogAsAnArray() throws Exception {
        FakeResponse response = call("GET", "presets", null);
        assertEquals(200, response.status());
        assertEquals("[]", response.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void openApiWhenParsedThenValidYamlDocumentingEveryEndpointAndMethodWithEveryRefResolved() throws Exception {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("../../docs/admin-api.openapi.yaml"));
        // A YAML parser, not a text search: a plain scalar holding ": " once broke the file unnoticed.
        Map<String, Object> document = new org.yaml.snakeyaml.Yaml().load(text);
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        for (var endpoint : AdminApi.ENDPOINTS.entrySet()) {
            Map<String, Object> path = (Map<String, Object>) paths.get("/" + endpoint.getKey());
            assertTrue(path != null, "docs/admin-api.openapi.yaml has no path /" + endpoint.getKey());
            for (String method : endpoint.getValue()) {
                assertTrue(path.containsKey(method.toLowerCase(java.util.Locale.ROOT)),
                        "/" + endpoint.getKey() + " " + method + " is not documented");
            }
        }
        assertEquals(AdminApi.ENDPOINTS.size(), paths.size(), "a documented path the router does not serve: "
                + paths.keySet());
        Map<String, Object> components = (Map<String, Object>) document.get("components");
        java.util.regex.Matcher ref = java.util.regex.Pattern.compile("\\$ref: \"#/components/(\\w+)/(\\w+)\"")
                .matcher(text);
        while (ref.find()) {
            Map<String, Object> kind = (Map<String, Object>) components.get(ref.group(1));
            assertTrue(kind != null && kind.containsKey(ref.group(2)), "unresolved " + ref.group());
        }
    }

    @Test
    void discoverWhenTheCoreAnswersThenItsResultElseDiscoveryFailed400Or502() throws Exception {
        test.engines.discovered = new io.oidcsso.plugin.engine.DiscoverResult("https://idp", "https://idp/auth",
                "https://idp/token", null, "https://idp/jwks", null, java.util.List.of("RS256"),
                java.util.List.of("openid"), java.util.List.of("no userinfo endpoint"));
        FakeResponse found = call("POST", "discover", "{\"url\":\" https://idp \",\"insecureAllowHttpLoopback\":true}");
        assertEquals(200, found.status(), found.body());
        JsonObject body = json(found);
        assertEquals("https://idp/token", body.get("tokenEndpoint").getAsString());
        assertTrue(body.get("userinfoEndpoint").isJsonNull());
        assertEquals("[\"RS256\"]", body.get("idTokenSigningAlgValuesSupported").toString());
        assertEquals("https://idp", test.engines.lastDiscover.url());
        assertTrue(test.engines.lastDiscover.insecureAllowHttpLoopback());

        test.engines.discovered = new io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException("down",
                "idp_unavailable", "discovery `https://idp/.well-known/openid-configuration` could not connect");
        FakeResponse down = call("POST", "discover", "{\"url\":\"https://idp\"}");
        assertEquals(502, down.status());
        assertEquals("discovery_failed", error(down));
        assertTrue(json(down).get("message").getAsString().contains("could not connect"));
        test.engines.discovered = new io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException("bad",
                "discovery_failed", "discovery answered 404 Not Found; check the URL");
        assertEquals(400, call("POST", "discover", "{\"url\":\"https://idp\"}").status());
        assertEquals("invalid_request", error(call("POST", "discover", "{\"url\":\"\"}")));
        assertEquals("invalid_request", error(call("POST", "discover", "{\"url\":\"https://idp\",\"insecureAllowHttpLoopback\":\"yes\"}")));
    }

    @Test
    void dryRunWhenDraftHasSecretPlaceholderThenCoreGetsTheStoredSecretAndItsAnswerAndNothingIsStored()
            throws Exception {
        test.configStore.save(CONFIG, 0);
        test.engines.dryRunResult = new io.oidcsso.plugin.engine.GroupsDryRunResult(java.util.List.of(), null,
                new io.oidcsso.plugin.engine.GroupsDryRunResult.Identity("carol", null, false, null,
                        java.util.List.of("eng"), true), null);
        String draft = CONFIG.replace("\"" + SECRET + "\"", "{\"$secret\":\"set\"}")
                .replace("\"clientId\":\"c\"", "\"clientId\":\"draft\"");
        FakeResponse response = call("POST", "groups/dry-run", "{\"config\":" + draft + ",\"idp\":\"dev\","
                + "\"claims\":{\"preferred_username\":\"carol\"},\"existingGroups\":[\"g1\"]}");
        assertEquals(200, response.status(), response.body());
        assertEquals("carol", json(response).getAsJsonObject("identity").get("username").getAsString());
        var sent = test.engines.lastDryRun;
        assertTrue(sent.config().json().contains(SECRET) && sent.config().json().contains("\"draft\""),
                "the core reads the draft with the stored secret merged in");
        assertEquals(java.util.List.of("g1"), sent.existingGroups());
        assertEquals("{\"preferred_username\":\"carol\"}", sent.claims().json());
        assertEquals(1, test.configStore.load().orElseThrow().revision());
        assertTrue(test.configStore.load().orElseThrow().json().contains("\"c\""));
    }

    @Test
    void dryRunWhenNothingStoredAndNoDraftOrBadMembersThen409Or400NeverTheCore() throws Exception {
        FakeResponse none = call("POST", "groups/dry-run", "{\"idp\":\"dev\",\"claims\":{}}");
        assertEquals(409, none.status(), none.body());
        assertEquals("not_configured", error(none));
        for (String bad : new String[] {"{\"idp\":\"dev\",\"claims\":[]}", "{\"claims\":{}}",
                "{\"idp\":\"dev\",\"claims\":{},\"existingGroups\":[1]}",
                "{\"idp\":\"dev\",\"claims\":{},\"userinfo\":\"x\"}"}) {
            FakeResponse response = call("POST", "groups/dry-run", bad);
            assertEquals(400, response.status(), bad + " -> " + response.body());
            assertEquals("invalid_request", error(response));
        }
        assertEquals(null, test.engines.lastDryRun);
    }

    @Test
    void dryRunWhenPlaceholderHasNoStoredSecretThenItsPointerProblemLikeValidate() throws Exception {
        String draft = CONFIG.replace("\"" + SECRET + "\"", "{\"$secret\":\"set\"}");
        FakeResponse response = call("POST", "groups/dry-run", "{\"config\":" + draft
                + ",\"idp\":\"dev\",\"claims\":{}}");
        assertEquals(200, response.status(), response.body());
        assertEquals("/idps/0/clientSecret", json(response).getAsJsonArray("problems").get(0).getAsJsonObject()
                .get("pointer").getAsString());
        assertEquals(null, test.engines.lastDryRun);
    }

    @Test
    void templatePreviewWhenSampleGivenThenCoreRendersThatPageElseUnknownTemplateOrSampleIs400() throws Exception {
        test.configStore.save(CONFIG, 0);
        test.engines.previewResult = new io.oidcsso.plugin.engine.TemplatePreview(java.util.List.of(), "<p>x</p>",
                null, false);
        FakeResponse response = call("POST", "templates/preview", "{\"template\":\"error\",\"sample\":"
                + "{\"siteName\":\"Acme\",\"code\":\"state_mismatch\"}}");
        assertEquals(200, response.status(), response.body());
        assertEquals("<p>x</p>", json(response).get("html").getAsString());
        var render = test.engines.lastPreview.render();
        assertEquals(io.oidcsso.plugin.engine.RenderRequest.Page.ERROR, render.page());
        assertEquals("Acme", render.siteName());
        assertEquals("state_mismatch", render.code());
        assertTrue(test.engines.lastPreview.config().json().contains(SECRET));
        for (String bad : new String[] {"{\"template\":\"login\"}", "{\"template\":\"error\",\"sample\":"
                + "{\"script\":\"x\"}}", "{\"template\":\"error\",\"sample\":{\"siteName\":\""
                + "x".repeat(300) + "\"}}"}) {
            FakeResponse refused = call("POST", "templates/preview", bad);
            assertEquals(400, refused.status(), bad + " -> " + refused.body());
        }
    }
}
