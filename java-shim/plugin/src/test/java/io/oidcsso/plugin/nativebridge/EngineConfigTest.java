package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** Configuration problems cross the boundary as {@link OidcConfigException} with every problem. */
class EngineConfigTest {
    @Test
    void createWhenConfigInvalidThenConfigExceptionWithEveryProblem() {
        OidcConfigException thrown = assertThrows(OidcConfigException.class,
                () -> OidcEngine.create(TestConfigs.INVALID, TestProvider.hostContext()).close());

        String problems = thrown.problemsJson();
        assertTrue(problems.contains("\"pointer\":\"/surprise\""), problems);
        assertTrue(problems.contains("\"pointer\":\"/idps/0/clientId\""), problems);
    }

    @Test
    void validateConfigWhenInvalidThenEveryProblemListed() {
        String problems = OidcEngine.validateConfig(TestConfigs.INVALID);

        assertTrue(problems.startsWith("["), problems);
        assertTrue(problems.contains("/surprise"), problems);
        assertTrue(problems.contains("/idps/0/clientId"), problems);
    }

    @Test
    void validateConfigWhenValidThenEmptyList() {
        assertEquals("[]", OidcEngine.validateConfig(TestConfigs.VALID_OFFLINE));
    }

    @Test
    void reloadWhenConfigInvalidThenConfigExceptionAndPreviousEngineKept() {
        try (OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext())) {
            String before = engine.info();

            assertThrows(OidcConfigException.class, () -> engine.reload(TestConfigs.INVALID, TestProvider.hostContext()));

            assertEquals(before, engine.info());
        }
    }

    @Test
    void reloadWhenValidThenInfoShowsTheNewConfigurationUnderTheSameHandle() {
        try (OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext())) {
            long handle = engine.handle();

            engine.reload(TestConfigs.VALID_OFFLINE.replace("Dev IdP", "Renamed IdP"), TestProvider.hostContext());

            assertEquals(handle, engine.handle());
            assertTrue(engine.info().contains("\"displayName\":\"Renamed IdP\""), engine.info());
        }
    }

    @Test
    void createWhenHostContextCarriesTheJvmTrustAnchorsThenEveryAnchorIsAccepted() {
        JsonObject host = JsonParser.parseString(TestProvider.hostContext()).getAsJsonObject();
        host.addProperty("trustAnchorsPem", HostDefaults.trustAnchorsPem());

        try (OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, host.toString())) {
            assertTrue(engine.info().contains("\"id\":\"dev\""), engine.info());
        }
    }

    @Test
    void infoWhenEngineCreatedThenEachIdpReportsItsCircuitAndBulkhead() {
        try (OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext())) {
            JsonObject availability = JsonParser.parseString(engine.info()).getAsJsonObject()
                    .getAsJsonArray("idps").get(0).getAsJsonObject().getAsJsonObject("availability");

            assertEquals("closed", availability.get("state").getAsString());
            assertTrue(availability.get("since").getAsLong() > 1_700_000_000L, availability.toString());
            assertEquals(0, availability.get("loginsInFlight").getAsInt());
            assertEquals(16, availability.get("maxConcurrentCalls").getAsInt());
        }
    }

    @Test
    void createWhenHostContextNotJsonThenInternalExceptionWithoutEcho() {
        OidcInternalException thrown = assertThrows(OidcInternalException.class,
                () -> OidcEngine.create(TestConfigs.VALID_OFFLINE, "{\"baseUrl\": secret-value").close());

        assertTrue(thrown.getMessage().contains("host context"), thrown.getMessage());
        assertTrue(!thrown.getMessage().contains("secret-value"), thrown.getMessage());
    }
}
