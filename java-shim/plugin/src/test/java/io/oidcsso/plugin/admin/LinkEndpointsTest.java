package io.oidcsso.plugin.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeAdminGuard;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.login.PendingLinks;
import org.junit.jupiter.api.Test;

class LinkEndpointsTest {
    private static final String ISSUER = "http://127.0.0.2:9400";
    private static final ExternalId BOB_AT_DEV = new ExternalId(ISSUER, "bob-sub");

    private final TestRuntime test = new TestRuntime("http://localhost:8080");
    private final FakeAdminGuard guard = new FakeAdminGuard();
    private final AdminApi api;

    LinkEndpointsTest() {
        api = test.adminApi(guard);
        test.engines.engine.issuers(ISSUER);
        test.configStore.save(TestRuntime.CONFIG, 0);
        test.crowd.addLocalUser("bob", true);
        test.crowd.addLocalUser("alice", true);
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
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        return response;
    }

    private FakeResponse find(String... params) throws Exception {
        FakeRequest request = FakeRequest.get(AdminApi.PATH + "/links").remoteUser("admin");
        for (int i = 0; i < params.length; i += 2) {
            request.addParam(params[i], params[i + 1]);
        }
        return call("links", request);
    }

    private static JsonObject json(FakeResponse response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static String error(FakeResponse response) {
        return json(response).get("error").getAsString();
    }

    private PendingLinks pending() {
        return new PendingLinks(test.clusterState, test.runtime.adapters().userDirectory(), test.clock);
    }

    private static final String CONFIRM_BOB = "{\"idp\":\"dev\",\"sub\":\"bob-sub\",\"user\":\"%s\","
            + "\"reference\":\"REF1\"}";

    @Test
    void linkWhenConfirmedAfterRenameAndNewAccountUnderTheClaimedNameThenRefusedAndNothingLinked() throws Exception {
        pending().record(DecisionBuilder.forUser("bob").build(), "REF1");
        test.crowd.renameUser(test.crowd.getUser("bob"), "bob.old");
        test.crowd.addLocalUser("bob", true);

        JsonObject entry = json(call("GET", "links/pending", null)).getAsJsonArray("pending").get(0).getAsJsonObject();
        assertEquals("bob.old", entry.get("account").getAsString(), "the claimed account by its key, renamed");
        assertTrue(entry.get("accountChanged").getAsBoolean());

        FakeResponse refused = call("POST", "links", String.format(CONFIRM_BOB, "bob"));
        assertEquals(409, refused.status(), refused.body());
        assertEquals("account_changed", error(refused));
        assertTrue(json(refused).get("message").getAsString().contains("renamed to bob.old"), refused.body());
        assertTrue(test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV).isEmpty(), "nothing linked");
        assertEquals(1, json(call("GET", "links/pending", null)).getAsJsonArray("pending").size(), "still pending");

        FakeResponse renamed = call("POST", "links", String.format(CONFIRM_BOB, "bob.old"));
        assertEquals(200, renamed.status(), "the claimed account under its new name: " + renamed.body());
        assertEquals("bob.old", test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV).orElseThrow()
                .username());
    }

    @Test
    void linkWhenTheClaimedAccountIsRenamedAndItsNameTakenBetweenTheCheckAndTheLinkThenUndoneAndRefused()
            throws Exception {
        pending().record(DecisionBuilder.forUser("bob").build(), "REF1");
        // The confirmation's check reads bob by name and finds the claimed key; right after it, bob is renamed
        // and a new bob created, so the directory's link by name would reach the new account.
        test.crowd.afterKeyOf(1, () -> {
            try {
                test.crowd.renameUser(test.crowd.getUser("bob"), "bob.old");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            test.crowd.addLocalUser("bob", true);
        });

        FakeResponse refused = call("POST", "links", String.format(CONFIRM_BOB, "bob"));

        assertEquals(409, refused.status(), refused.body());
        assertEquals("account_changed", error(refused));
        assertTrue(json(refused).get("message").getAsString().contains("now bob.old"), refused.body());
        assertTrue(test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV).isEmpty(),
                "the link on the new bob was taken off again");
        assertTrue(test.audit().stream().anyMatch(l -> l.contains("event=account.link_undone user=\"bob\"")),
                String.join("\n", test.audit()));
        assertEquals(1, json(call("GET", "links/pending", null)).getAsJsonArray("pending").size(), "still pending");
    }

    @Test
    void linkWhenConfirmedAfterTheClaimedAccountWasDeletedAndItsNameReusedThenRefused() throws Exception {
        pending().record(DecisionBuilder.forUser("bob").build(), "REF1");
        test.crowd.removeUser("bob");
        test.crowd.addLocalUser("bob", true);

        FakeResponse refused = call("POST", "links", String.format(CONFIRM_BOB, "bob"));
        assertEquals(409, refused.status(), refused.body());
        assertTrue(json(refused).get("message").getAsString().contains("no longer exists"), refused.body());
        assertTrue(test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV).isEmpty());
    }

    @Test
    void linkWhenConfirmingAReferenceNoLongerPendingOrKeptWithoutAKeyThenRefused() throws Exception {
        FakeResponse gone = call("POST", "links", String.format(CONFIRM_BOB, "bob"));
        assertEquals(409, gone.status(), gone.body());
        assertEquals("pending_link_changed", error(gone));

        // A record as the version before keys wrote it.
        test.clusterState.put("io.oidcsso.pending-link." + Math.floorMod(BOB_AT_DEV.hash().hashCode(), 32),
                "{\"ref\":\"REF1\",\"idp\":\"dev\",\"iss\":\"" + ISSUER + "\",\"sub\":\"bob-sub\","
                        + "\"username\":\"bob\",\"at\":1700000000}", java.time.Duration.ofDays(1));
        FakeResponse outdated = call("POST", "links", String.format(CONFIRM_BOB, "bob"));
        assertEquals(409, outdated.status(), outdated.body());
        assertEquals("pending_link_outdated", error(outdated));
        assertTrue(test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV).isEmpty());
    }

    @Test
    void linkWhenConfirmedAndTheClaimedAccountUnchangedThenLinked() throws Exception {
        pending().record(DecisionBuilder.forUser("bob").build(), "REF1");
        JsonObject entry = json(call("GET", "links/pending", null)).getAsJsonArray("pending").get(0).getAsJsonObject();
        assertFalse(entry.get("accountChanged").getAsBoolean());
        assertEquals("bob", entry.get("account").getAsString());
        FakeResponse linked = call("POST", "links", String.format(CONFIRM_BOB, "bob"));
        assertEquals(200, linked.status(), linked.body());
        assertEquals(0, json(call("GET", "links/pending", null)).getAsJsonArray("pending").size());
    }

    @Test
    void pendingWhenLoginRefusedThenListedWithReferenceAndWhetherTheAccountExists() throws Exception {
        pending().record(DecisionBuilder.forUser("bob").build(), "REF1");
        FakeResponse response = call("GET", "links/pending", null);
        assertEquals(200, response.status(), response.body());
        JsonArray pending = json(response).getAsJsonArray("pending");
        assertEquals(1, pending.size());
        JsonObject entry = pending.get(0).getAsJsonObject();
        assertEquals("REF1", entry.get("reference").getAsString());
        assertEquals("dev", entry.get("idp").getAsString());
        assertEquals("bob-sub", entry.get("sub").getAsString());
        assertEquals("bob", entry.get("username").getAsString());
        assertEquals("bob@example.com", entry.get("email").getAsString());
        assertTrue(entry.get("accountExists").getAsBoolean());
        assertEquals("2023-11-14T22:13:20Z", entry.get("at").getAsString());
    }

    @Test
    void linkWhenAccountExistsThenLinkedAuditedWithTheAdminAndNoLongerPending() throws Exception {
        pending().record(DecisionBuilder.forUser("bob").build(), "REF1");
        FakeResponse response = call("POST", "links", "{\"idp\":\"dev\",\"sub\":\"bob-sub\",\"user\":\"bob\"}");
        assertEquals(200, response.status(), response.body());
        assertTrue(json(response).get("changed").getAsBoolean());
        assertEquals("bob", test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV).orElseThrow()
                .username());
        assertTrue(test.audit().stream().anyMatch(l -> l.contains("event=account.linked user=\"bob\"")
                && l.contains("by=\"admin\"")), test.audit().toString());
        assertEquals(0, json(call("GET", "links/pending", null)).getAsJsonArray("pending").size());

        JsonObject byIdentity = json(find("idp", "dev", "sub", "bob-sub"));
        assertEquals("bob", byIdentity.get("user").getAsString());
        JsonObject byUser = json(find("user", "bob"));
        JsonObject link = byUser.getAsJsonArray("links").get(0).getAsJsonObject();
        assertEquals("dev", link.get("idp").getAsString());
        assertEquals(ISSUER, link.get("issuer").getAsString());
        assertEquals("bob-sub", link.get("sub").getAsString());
        assertEquals(BOB_AT_DEV.hash(), link.get("hash").getAsString());

        FakeResponse again = call("POST", "links", "{\"idp\":\"dev\",\"sub\":\"bob-sub\",\"user\":\"bob\"}");
        assertEquals(200, again.status(), again.body());
        assertFalse(json(again).get("changed").getAsBoolean(), "linking twice changes nothing");
    }

    @Test
    void linkWhenIdentityLinkedToAnotherAccountThen409AndTheLinkStays() throws Exception {
        assertEquals(200, call("POST", "links", "{\"idp\":\"dev\",\"sub\":\"bob-sub\",\"user\":\"alice\"}").status());
        FakeResponse response = call("POST", "links", "{\"idp\":\"dev\",\"sub\":\"bob-sub\",\"user\":\"bob\"}");
        assertEquals(409, response.status());
        assertEquals("linked_elsewhere", error(response));
        assertTrue(json(response).get("message").getAsString().contains("alice"), response.body());
        assertEquals("alice", test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV).orElseThrow()
                .username());
    }

    @Test
    void linkWhenNoSuchUserOrUnknownIdpOrMissingMemberThenSpecificErrorAndNothingLinked() throws Exception {
        FakeResponse noUser = call("POST", "links", "{\"idp\":\"dev\",\"sub\":\"bob-sub\",\"user\":\"nobody\"}");
        assertEquals(404, noUser.status());
        assertEquals("no_such_user", error(noUser));
        FakeResponse noIdp = call("POST", "links", "{\"idp\":\"other\",\"sub\":\"bob-sub\",\"user\":\"bob\"}");
        assertEquals(400, noIdp.status());
        assertTrue(json(noIdp).get("message").getAsString().contains("dev"), noIdp.body());
        FakeResponse noSub = call("POST", "links", "{\"idp\":\"dev\",\"user\":\"bob\"}");
        assertEquals(400, noSub.status());
        assertEquals("sub is required", json(noSub).get("message").getAsString());
        FakeResponse wrongType = call("POST", "links", "{\"idp\":\"dev\",\"sub\":1,\"user\":\"bob\"}");
        assertEquals(400, wrongType.status());
        assertEquals(java.util.Optional.empty(), test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV));
    }

    @Test
    void deleteWhenLinkedThenUnlinkedAuditedAndASecondDeleteIs404() throws Exception {
        call("POST", "links", "{\"idp\":\"dev\",\"sub\":\"bob-sub\",\"user\":\"bob\"}");
        FakeResponse response = call("DELETE", "links", "{\"idp\":\"dev\",\"sub\":\"bob-sub\",\"user\":\"bob\"}");
        assertEquals(200, response.status(), response.body());
        assertEquals(java.util.Optional.empty(), test.runtime.adapters().userDirectory().findByExternalId(BOB_AT_DEV));
        assertTrue(test.audit().stream().anyMatch(l -> l.contains("event=account.unlinked user=\"bob\"")
                && l.contains("by=\"admin\"")), test.audit().toString());
        FakeResponse again = call("DELETE", "links", "{\"hash\":\"" + BOB_AT_DEV.hash() + "\",\"user\":\"bob\"}");
        assertEquals(404, again.status());
        assertEquals("not_linked", error(again));
    }

    @Test
    void findWhenNeitherOrBothFormsOrUnknownUserThenSpecificError() throws Exception {
        assertEquals(400, find().status());
        assertEquals(400, find("user", "bob", "idp", "dev").status());
        FakeResponse twice = find("user", "bob", "user", "alice");
        assertEquals(400, twice.status());
        FakeResponse unknown = find("user", "nobody");
        assertEquals(404, unknown.status());
        assertEquals("no_such_user", error(unknown));
        JsonObject unlinked = json(find("idp", "dev", "sub", "nobody-sub"));
        assertTrue(unlinked.get("user").isJsonNull());
    }

    @Test
    void linksWhenMethodNotListedThen405WithAllow() throws Exception {
        FakeResponse response = call("PUT", "links", "{}");
        assertEquals(405, response.status());
        assertEquals("DELETE, GET, POST", response.header("Allow"));
        assertEquals(405, call("DELETE", "links/pending", "{}").status());
    }
}
