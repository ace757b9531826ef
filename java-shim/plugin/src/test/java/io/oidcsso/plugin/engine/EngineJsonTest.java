package io.oidcsso.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineJsonTest {
    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void completeLoginRequestWhenPendingPresentThenEmbeddedAsObject() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", "s");
        params.put("code", "c");
        JsonObject request = json(EngineJson.completeLoginRequest("{\"state\":\"s\"}", "bind", params));
        assertEquals("s", request.getAsJsonObject("pending").get("state").getAsString());
        assertEquals("bind", request.get("browserBinding").getAsString());
        assertEquals("c", request.getAsJsonObject("params").get("code").getAsString());
    }

    @Test
    void completeLoginRequestWhenNoPendingThenExplicitNull() {
        JsonObject request = json(EngineJson.completeLoginRequest(null, null, Map.of()));
        assertTrue(request.get("pending").isJsonNull());
        assertTrue(request.get("browserBinding").isJsonNull());
    }

    @Test
    void parseDecisionWhenCompleteThenAllFieldsRead() {
        LoginDecision decision = DecisionBuilder.forUser("alice").groups("g1", "g2").linkExistingAccounts(true).build();
        assertEquals("dev", decision.idpId());
        assertEquals("alice-sub", decision.subject());
        assertEquals(List.of("g1", "g2"), decision.groups());
        assertTrue(decision.linkExistingAccounts());
        assertTrue(decision.createUsers());
        assertEquals("login.verified", decision.audit().get(0).event());
    }

    @Test
    void parseDecisionWhenGroupsAbsentThenNull() {
        assertNull(DecisionBuilder.forUser("alice").build().groups());
    }

    @Test
    void parseDecisionWhenSubjectMissingThenProtocolError() {
        EngineFailure failure = assertThrows(EngineFailure.class,
                () -> EngineJson.parseDecision("{\"idpId\":\"dev\",\"issuer\":\"i\",\"username\":\"u\"}"));
        assertEquals(EngineFailure.Kind.INTERNAL, failure.kind());
        assertEquals("engine_protocol_error", failure.code());
    }

    @Test
    void parseBeginLoginWhenPendingMissingThenProtocolError() {
        assertThrows(EngineFailure.class,
                () -> EngineJson.parseBeginLogin("{\"authorizationUrl\":\"https://i\",\"state\":\"s\"}"));
    }

    @Test
    void parseProblemsWhenListThenPointersAndMessages() {
        List<ConfigProblem> problems = EngineJson.parseProblems("[{\"pointer\":\"/idps/0/issuer\",\"message\":\"bad\"}]");
        assertEquals(List.of(new ConfigProblem("/idps/0/issuer", "bad")), problems);
        assertEquals(List.of(), EngineJson.parseProblems("[]"));
    }

    @Test
    void parseProblemsWhenRootPointerThenProblemOfTheWholeDocument() {
        List<ConfigProblem> problems = EngineJson.parseProblems(
                "[{\"pointer\":\"\",\"message\":\"the document is empty\"}]");

        assertEquals(List.of(new ConfigProblem("", "the document is empty")), problems);
        assertEquals("(the document): the document is empty", problems.get(0).toString());
    }

    @Test
    void parseProblemsWhenPointerMissingOrNotAPointerThenProtocolError() {
        for (String answer : List.of("[{\"message\":\"m\"}]", "[{\"pointer\":\"idps\",\"message\":\"m\"}]",
                "[{\"pointer\":1,\"message\":\"m\"}]", "[{\"pointer\":\"/a\",\"message\":\"\"}]")) {
            EngineFailure failure = assertThrows(EngineFailure.class, () -> EngineJson.parseProblems(answer), answer);
            assertEquals("engine_protocol_error", failure.code(), answer);
        }
    }

    @Test
    void hostContextWhenProxyGivenThenUrlAndExceptions() {
        JsonObject host = json(EngineJson.hostContext(new HostContext("https://j", "n1", "/cb"), null,
                "http://proxy:3128", List.of("localhost", ".corp")));
        assertEquals("https://j", host.get("baseUrl").getAsString());
        assertTrue(host.get("trustAnchorsPem").isJsonNull());
        assertEquals("http://proxy:3128", host.getAsJsonObject("proxy").get("url").getAsString());
        assertEquals(2, host.getAsJsonObject("proxy").getAsJsonArray("noProxy").size());
    }

    @Test
    void hostContextWhenNoProxyThenNull() {
        assertTrue(json(EngineJson.hostContext(new HostContext("https://j", "n1", "/cb"), "PEM", null, List.of()))
                .get("proxy").isJsonNull());
    }

    @Test
    void hasIdentityProvidersWhenEmptyOrMalformedThenFalse() {
        assertFalse(EngineJson.hasIdentityProviders("{\"idps\":[]}"));
        assertFalse(EngineJson.hasIdentityProviders("not json"));
        assertTrue(EngineJson.hasIdentityProviders("{\"idps\":[{\"id\":\"x\"}]}"));
    }
}
