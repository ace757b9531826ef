package io.oidcsso.plugin.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final String STORED = "{\"idps\":["
            + "{\"id\":\"a\",\"clientSecret\":\"secret-a\",\"http\":{\"proxyUrl\":\"http://u:pw@proxy:3128\"}},"
            + "{\"id\":\"b\",\"privateKeyJwt\":{\"privateKeyPem\":\"-----BEGIN KEY-b\",\"keyId\":\"k\"}},"
            + "{\"id\":\"c\",\"clientSecret\":\"secret-c\",\"http\":{\"proxyUrl\":\"http://proxy:3128\"}}]}";

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static JsonObject idp(JsonObject config, int index) {
        return config.getAsJsonArray("idps").get(index).getAsJsonObject();
    }

    @Test
    void redactWhenSecretsStoredThenPlaceholdersAndNoValueAnywhere() {
        JsonObject redacted = Secrets.redact(json(STORED));
        String text = redacted.toString();
        assertFalse(text.contains("secret-a") || text.contains("BEGIN KEY") || text.contains("u:pw"), text);
        assertTrue(Secrets.isPlaceholder(idp(redacted, 0).get("clientSecret")));
        assertTrue(Secrets.isPlaceholder(idp(redacted, 0).getAsJsonObject("http").get("proxyUrl")));
        assertTrue(Secrets.isPlaceholder(idp(redacted, 1).getAsJsonObject("privateKeyJwt").get("privateKeyPem")));
        assertEquals("k", idp(redacted, 1).getAsJsonObject("privateKeyJwt").get("keyId").getAsString());
        assertEquals("http://proxy:3128", idp(redacted, 2).getAsJsonObject("http").get("proxyUrl").getAsString(),
                "a proxy URL without credentials is no secret");
        assertTrue(json(STORED).toString().contains("secret-a"), "the original is left alone");
    }

    @Test
    void mergeWhenIdpsReorderedThenEachPlaceholderKeepsTheSecretOfTheSameId() {
        JsonObject incoming = json("{\"idps\":[{\"id\":\"c\",\"clientSecret\":{\"$secret\":\"set\"}},"
                + "{\"id\":\"a\",\"clientSecret\":{\"$secret\":\"set\"}}]}");
        Secrets.Merged merged = Secrets.merge(incoming, json(STORED), Secrets.Absent.REMOVES, Map.of());
        assertEquals(0, merged.problems().size(), merged.problems().toString());
        assertEquals("secret-c", idp(merged.config(), 0).get("clientSecret").getAsString());
        assertEquals("secret-a", idp(merged.config(), 1).get("clientSecret").getAsString());
    }

    @Test
    void mergeWhenIdpRenamedThenItsPlaceholderIsAProblemAtItsPointerNotAnotherIdpsSecret() {
        JsonObject incoming = json("{\"idps\":[{\"id\":\"a2\",\"clientSecret\":{\"$secret\":\"set\"}}]}");
        Secrets.Merged merged = Secrets.merge(incoming, json(STORED), Secrets.Absent.REMOVES, Map.of());
        assertEquals(1, merged.problems().size());
        assertEquals("/idps/0/clientSecret", merged.problems().get(0).pointer());
        assertTrue(merged.problems().get(0).message().contains("'a2'"), merged.problems().toString());
        assertFalse(merged.config().toString().contains("secret-a"));
    }

    @Test
    void mergeWhenPlaceholderButStoredIdpHasNoSuchSecretThenProblem() {
        JsonObject incoming = json("{\"idps\":[{\"id\":\"b\",\"clientSecret\":{\"$secret\":\"set\"}}]}");
        Secrets.Merged merged = Secrets.merge(incoming, json(STORED), Secrets.Absent.REMOVES, Map.of());
        assertEquals("/idps/0/clientSecret", merged.problems().get(0).pointer());
        assertTrue(merged.problems().get(0).message().contains("has none"));
    }

    @Test
    void mergeWhenNothingStoredThenEveryPlaceholderIsAProblem() {
        JsonObject incoming = json("{\"idps\":[{\"id\":\"a\",\"clientSecret\":{\"$secret\":\"set\"}}]}");
        assertEquals(1, Secrets.merge(incoming, null, Secrets.Absent.REMOVES, Map.of()).problems().size());
    }

    @Test
    void mergeWhenSecretAbsentOrNullThenRemovedOnPutButKeptOnImport() {
        JsonObject incoming = json("{\"idps\":[{\"id\":\"a\"},{\"id\":\"c\",\"clientSecret\":null}]}");
        Secrets.Merged put = Secrets.merge(incoming, json(STORED), Secrets.Absent.REMOVES, Map.of());
        assertFalse(idp(put.config(), 0).has("clientSecret"));
        assertTrue(idp(put.config(), 1).get("clientSecret").isJsonNull());
        Secrets.Merged imported = Secrets.merge(incoming, json(STORED), Secrets.Absent.KEEPS, Map.of());
        assertEquals("secret-a", idp(imported.config(), 0).get("clientSecret").getAsString());
        assertEquals("http://u:pw@proxy:3128",
                idp(imported.config(), 0).getAsJsonObject("http").get("proxyUrl").getAsString());
        assertEquals("secret-c", idp(imported.config(), 1).get("clientSecret").getAsString());
    }

    @Test
    void mergeWhenIdpRemovedThenItsSecretIsGoneAndOthersKept() {
        JsonObject incoming = json("{\"idps\":[{\"id\":\"c\",\"clientSecret\":{\"$secret\":\"set\"}}]}");
        Secrets.Merged merged = Secrets.merge(incoming, json(STORED), Secrets.Absent.KEEPS, Map.of());
        assertFalse(merged.config().toString().contains("secret-a"));
        assertEquals("secret-c", idp(merged.config(), 0).get("clientSecret").getAsString());
    }

    @Test
    void mergeWhenNewValueOrSuppliedSecretThenTheyWin() {
        JsonObject incoming = json("{\"idps\":[{\"id\":\"a\",\"clientSecret\":\"new-a\"},{\"id\":\"c\"}]}");
        Secrets.Merged merged = Secrets.merge(incoming, json(STORED), Secrets.Absent.KEEPS,
                Map.of("c", Map.of("/clientSecret", "from-export")));
        assertEquals("new-a", idp(merged.config(), 0).get("clientSecret").getAsString());
        assertEquals("from-export", idp(merged.config(), 1).get("clientSecret").getAsString());
    }

    @Test
    void stripAndExtractWhenSecretsStoredThenConfigWithoutThemAndValuesById() {
        JsonObject stripped = Secrets.strip(json(STORED));
        assertFalse(stripped.toString().contains("secret-") || stripped.toString().contains("BEGIN")
                || stripped.toString().contains("u:pw"), stripped.toString());
        assertEquals("k", idp(stripped, 1).getAsJsonObject("privateKeyJwt").get("keyId").getAsString());
        Map<String, Map<String, String>> secrets = Secrets.extract(json(STORED));
        assertEquals(Map.of("/clientSecret", "secret-a", "/http/proxyUrl", "http://u:pw@proxy:3128"), secrets.get("a"));
        assertEquals(Map.of("/privateKeyJwt/privateKeyPem", "-----BEGIN KEY-b"), secrets.get("b"));
        assertEquals(Map.of("/clientSecret", "secret-c"), secrets.get("c"));
    }
}
