package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.atlassian.CrowdLocalAccounts;
import io.oidcsso.plugin.emergency.AttemptLimiter;
import io.oidcsso.plugin.emergency.BreakGlassCodes;
import io.oidcsso.plugin.emergency.EmergencySettingsSource;
import io.oidcsso.plugin.emergency.LocalLoginGate;
import io.oidcsso.plugin.fakes.FakeAdminGuard;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.TestRuntime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BreakGlassHandlerTest {
    private static final String ENFORCED = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\"}],"
            + "\"routing\":{\"enforceSso\":true},\"emergency\":{\"rateLimit\":{\"perClient\":4,"
            + "\"perClientAndUser\":3,\"windowSeconds\":60}}}";
    private static final String CODES = BreakGlassHandler.PATH + "/codes";

    private final TestRuntime test = new TestRuntime("http://localhost:8080");
    private final InMemoryClusterState store = new InMemoryClusterState(test.clock, BreakGlassCodes.STORE_CAPACITY);
    private final FakeAdminGuard admin = new FakeAdminGuard();

    {
        admin.xsrfToken = "good";
    }
    private final BreakGlassHandler handler;


    BreakGlassHandlerTest() {
        test.configStore.save(ENFORCED, 0);
        test.crowd.addLocalUser("admin", true).addLocalUser("local", true);
        test.users.admins.add("admin");
        LocalLoginGate gate = new LocalLoginGate(new CrowdLocalAccounts(test.crowd, test.users),
                new AttemptLimiter(test.clock), test.runtime.audit());
        handler = new BreakGlassHandler(new BreakGlassCodes(store,
                test.runtime.adapters().userDirectory(), test.clock), new EmergencySettingsSource(
                test.configStore), gate, admin, test.runtime.adapters().loginBinder(), test.runtime.audit());
    }

    private FakeResponse generate(String caller, String token, String username) throws Exception {
        FakeRequest request = FakeRequest.get(CODES).method("POST").remoteUser(caller).param("username", username);
        if (token != null) {
            request.param("atl_token", token);
        }
        FakeResponse response = new FakeResponse();
        handler.generate(request.request(), response.response());
        return response;
    }

    private FakeResponse use(FakeRequest request, String username, String code) throws Exception {
        request.method("POST").path(BreakGlassHandler.PATH).remoteAddr("10.0.0.1").param("username", username)
                .param("code", code);
        FakeResponse response = new FakeResponse();
        handler.use(request.request(), response.response());
        return response;
    }

    private String firstCode() throws Exception {
        FakeResponse response = generate("admin", "good", "admin");
        assertEquals(200, response.status(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("codes").get(0).getAsString();
    }

    private long auditCount(String part) {
        return test.audit().stream().filter(l -> l.contains(part)).count();
    }

    @Test
    void generateWhenSystemAdministratorWithWebSudoAndTokenThenCodesInJsonNoStoreAndAudited() throws Exception {
        FakeResponse response = generate("admin", "good", "admin");
        assertEquals(200, response.status(), response.body());
        assertEquals("no-store", response.header("Cache-Control"));
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals(BreakGlassCodes.DEFAULT_COUNT, body.getAsJsonArray("codes").size());
        String code = body.getAsJsonArray("codes").get(0).getAsString();
        assertEquals(1, auditCount("event=break_glass.generated user=\"admin\" by=\"admin\" count=\"10\""));
        assertFalse(test.auditCapture.json().stream().anyMatch(l -> l.contains(code.substring(9))), "no code in the audit");
    }

    @Test
    void generateWhenNotAdminNoWebSudoBadTokenOrTargetNotAdministratorThenRefusedNothingStored() throws Exception {
        assertEquals(401, generate(null, "good", "admin").status());
        admin.webSudo = false;
        FakeResponse noSudo = generate("admin", "good", "admin");
        assertEquals(401, noSudo.status());
        assertTrue(noSudo.body().contains("websudo_required"), noSudo.body());
        admin.webSudo = true;
        FakeResponse badToken = generate("admin", "forged", "admin");
        assertEquals(403, badToken.status());
        assertTrue(badToken.body().contains("xsrf_token_invalid"), badToken.body());
        assertEquals(403, generate("admin", null, "admin").status());
        FakeResponse notAdministrator = generate("admin", "good", "local");
        assertEquals(400, notAdministrator.status());
        assertTrue(notAdministrator.body().contains("not_an_emergency_administrator"), notAdministrator.body());
        admin.systemAdmin = false;
        assertEquals(403, generate("local", "good", "admin").status());
        assertEquals(0, store.size(), "nothing stored");
        assertEquals(5, auditCount("event=break_glass.generation_refused"));
    }

    @Test
    void useWhenRightCodeThenSessionBoundOnceAndTheSecondUseRefusedBothAudited() throws Exception {
        String code = firstCode();
        FakeRequest first = new FakeRequest();
        FakeResponse allowed = use(first, "admin", code);
        assertEquals(303, allowed.status(), allowed.body());
        assertEquals(Optional.of("admin"), test.runtime.adapters().loginBinder().boundUsername(first.request()));
        FakeRequest second = new FakeRequest();
        FakeResponse refused = use(second, "admin", code);
        assertEquals(401, refused.status());
        assertTrue(refused.body().contains("data-reason=\"unknown_code\""), refused.body());
        assertEquals(Optional.empty(), test.runtime.adapters().loginBinder().boundUsername(second.request()));
        assertEquals(1, auditCount("event=break_glass.allowed user=\"admin\" client=\"10.0.0.1\""));
        assertEquals(1, auditCount("event=break_glass.refused user=\"admin\" client=\"10.0.0.1\" reason=\"unknown_code\""));
    }

    @Test
    void useWhenAccountRenamedAndNewAccountTookTheOldNameThenOnlyTheRenamedAccountGetsIn() throws Exception {
        String code = firstCode();
        test.crowd.renameUser(test.crowd.getUser("admin"), "admin.old");
        test.crowd.addLocalUser("admin", true);

        FakeRequest newAccount = new FakeRequest();
        FakeResponse refused = use(newAccount, "admin", code);
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.body().contains("data-reason=\"wrong_user\""), refused.body());
        assertEquals(Optional.empty(), test.runtime.adapters().loginBinder().boundUsername(newAccount.request()));

        FakeRequest renamed = new FakeRequest();
        assertEquals(303, use(renamed, "admin.old", code).status(), "the code is the renamed account's, unspent");
        assertEquals(Optional.of("admin.old"), test.runtime.adapters().loginBinder().boundUsername(renamed.request()));
        assertEquals(1, auditCount("event=break_glass.allowed user=\"admin.old\""));
    }

    @Test
    void useWhenAccountRenamedAndNameTakenBetweenTheCodesCheckAndTheBindThenRefusedCodeKeptNothingBound()
            throws Exception {
        String code = firstCode();
        // The code's check reads admin by key; right after it, admin is renamed and a new admin created.
        test.crowd.afterNameOfKey(1, () -> {
            try {
                test.crowd.renameUser(test.crowd.getUser("admin"), "admin.old");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            test.crowd.addLocalUser("admin", true);
        });

        FakeRequest raced = new FakeRequest();
        FakeResponse refused = use(raced, "admin", code);
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.body().contains("data-reason=\"account_changed\""), refused.body());
        assertEquals(Optional.empty(), test.runtime.adapters().loginBinder().boundUsername(raced.request()));
        assertEquals(1, auditCount("reason=\"account_changed\""));

        FakeRequest renamed = new FakeRequest();
        assertEquals(303, use(renamed, "admin.old", code).status(), "the code was given back, unspent");
        assertEquals(Optional.of("admin.old"), test.runtime.adapters().loginBinder().boundUsername(renamed.request()));
    }

    @Test
    void useWhenCodeStoredBeforeKeysThenRefusedWithAMessageToGenerateNewOnes() throws Exception {
        String code = firstCode();
        String id = code.substring(0, 8);
        String raw = store.get("code:" + id).orElseThrow();
        String[] parts = raw.split("\n", -1);
        // The record as the version before keys wrote it: v1, the folded name where the key is now.
        store.put("code:" + id, String.join("\n", "v1", "admin", "admin", parts[3], parts[4], parts[5]),
                java.time.Duration.ofDays(1));
        FakeRequest request = new FakeRequest();
        FakeResponse refused = use(request, "admin", code);
        assertEquals(401, refused.status());
        assertTrue(refused.body().contains("data-reason=\"code_predates_account_keys\""), refused.body());
        assertTrue(refused.body().contains("An administrator must generate a new set"), refused.body());
        assertEquals(Optional.empty(), test.runtime.adapters().loginBinder().boundUsername(request.request()));
    }

    @Test
    void useWhenProductRefusesTheLoginThenNoSessionAndTheCodeIsKept() throws Exception {
        String code = firstCode();
        test.access.denied.add("admin");
        FakeRequest request = new FakeRequest();
        FakeResponse refused = use(request, "admin", code);
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("login_refused"), refused.body());
        test.access.denied.clear();
        assertEquals(303, use(new FakeRequest(), "admin", code).status(), "the code was given back");
    }

    @Test
    void useWhenTooManyAttemptsThenRateLimitedBeforeTheCodeIsLookedAt() throws Exception {
        String code = firstCode();
        for (int i = 0; i < 3; i++) {
            assertEquals(401, use(new FakeRequest(), "admin", code.substring(0, 9) + "a".repeat(26)).status());
        }
        FakeResponse limited = use(new FakeRequest(), "admin", code);
        assertEquals(429, limited.status());
        assertTrue(limited.header("Retry-After") != null);
        assertEquals(1, auditCount("reason=\"rate_limited\""));
        assertEquals(3, auditCount("reason=\"wrong_code\""));
    }

    @Test
    void useWhenNoCodeThen400AndTheFormShown() throws Exception {
        FakeResponse response = use(new FakeRequest(), "admin", "");
        assertEquals(400, response.status());
        assertTrue(response.body().contains("oidcsso-break-glass-form"), response.body());
    }
}
