package io.oidcsso.plugin.emergency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.fakes.InMemoryConfigStore;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StoredConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plugin's own reader of the emergency settings agrees with the core on the shared cases. */
class EmergencySettingsTest {
    private static final Path SHARED_CASES = Path.of("../../rust/core/tests/data/emergency-settings.json");

    @Test
    void readWhenSharedCasesThenEffectiveSettingsAsTheCoreOrFailClosedWhereTheCoreRefuses() throws IOException {
        JsonArray cases = JsonParser.parseString(Files.readString(SHARED_CASES)).getAsJsonObject()
                .getAsJsonArray("cases");
        assertTrue(cases.size() >= 10, "cases: " + cases.size());
        for (JsonElement element : cases) {
            JsonObject c = element.getAsJsonObject();
            String name = c.get("name").getAsString();
            JsonObject doc = new JsonObject();
            doc.addProperty("schemaVersion", 1);
            if (c.has("routing")) {
                doc.add("routing", c.get("routing"));
            }
            if (c.has("emergency")) {
                doc.add("emergency", c.get("emergency"));
            }
            EmergencySettings settings = EmergencySettings.read(doc.toString());
            if (c.has("problems")) {
                assertEquals(EmergencySettings.State.UNREADABLE, settings.state(), name);
                assertEquals(EmergencySettings.failClosed(settings.problem()), settings, name);
                continue;
            }
            JsonObject expected = c.getAsJsonObject("effective");
            assertEquals(EmergencySettings.State.STORED, settings.state(), name);
            assertEquals(expected.get("ssoEnforced").getAsBoolean(), settings.ssoEnforced(), name);
            assertEquals(expected.get("enabled").getAsBoolean(), settings.enabled(), name);
            assertEquals(expected.get("parameter").getAsString(), settings.parameter(), name);
            assertEquals(strings(expected.get("allowedGroups")), settings.allowedGroups(), name);
            List<String> networks = strings(expected.get("allowedNetworks"));
            assertEquals(networks == null ? null : networks.stream().map(n -> Network.parse(n).orElseThrow()).toList(),
                    settings.allowedNetworks(), name);
            JsonObject rate = expected.getAsJsonObject("rateLimit");
            assertEquals(rate.get("perClient").getAsInt(), settings.perClient(), name);
            assertEquals(rate.get("perClientAndUser").getAsInt(), settings.perClientAndUser(), name);
            assertEquals(rate.get("windowSeconds").getAsInt(), settings.windowSeconds(), name);
            assertEquals(expected.get("localLoginWhenIdpDown").getAsBoolean(), settings.localLoginWhenIdpDown(), name);
        }
    }

    @Test
    void readWhenNotJsonOrNotAnObjectThenFailClosedForTheSystemAdministrators() {
        for (String broken : new String[] {"{", "[]", "\"text\"", "{\"routing\": 7}", "{\"emergency\": []}"}) {
            EmergencySettings settings = EmergencySettings.read(broken);
            assertEquals(EmergencySettings.State.UNREADABLE, settings.state(), broken);
            assertTrue(settings.ssoEnforced() && settings.enabled(), broken);
            assertNull(settings.allowedGroups(), broken);
            assertNull(settings.allowedNetworks(), broken);
        }
    }

    @Test
    void networkWhenAddressesCheckedThenInsideOutsideAndOtherFamily() {
        Network ten = Network.parse("10.0.0.0/8").orElseThrow();
        assertTrue(ten.contains(Network.literal("10.255.1.2").orElseThrow()));
        assertFalse(ten.contains(Network.literal("11.0.0.1").orElseThrow()));
        assertFalse(ten.contains(Network.literal("::1").orElseThrow()));
        Network odd = Network.parse("192.168.4.0/22").orElseThrow();
        assertTrue(odd.contains(Network.literal("192.168.7.255").orElseThrow()));
        assertFalse(odd.contains(Network.literal("192.168.8.0").orElseThrow()));
        assertTrue(Network.parse("2001:db8::/32").orElseThrow().contains(Network.literal("2001:db8:1::5").orElseThrow()));
        assertTrue(Network.parse("0.0.0.0/0").orElseThrow().contains(Network.literal("8.8.8.8").orElseThrow()));
        // IPv4-mapped IPv6, as the core accepts it (a /104 of the 128 bits).
        Network mapped = Network.parse("::ffff:10.0.0.0/104").orElseThrow();
        assertTrue(mapped.contains(Network.literal("::ffff:10.1.2.3").orElseThrow()));
        assertFalse(mapped.contains(Network.literal("10.1.2.3").orElseThrow()), "another family");
        for (String refused : new String[] {"localhost", "vpn.example.com", "10.0.0.0/33", "10.1.0.0/8", "010.0.0.1",
                "256.0.0.1", "10.0.0.0/", "10.0.0.0/+8", ""}) {
            assertTrue(Network.parse(refused).isEmpty(), refused);
        }
    }

    @Test
    void sourceWhenStoreFailsOrDocumentChangesThenFailClosedOrTheNewRevision() {
        InMemoryConfigStore store = new InMemoryConfigStore();
        EmergencySettingsSource source = new EmergencySettingsSource(store);
        assertEquals(EmergencySettings.State.NO_DOCUMENT, source.current().state());
        assertFalse(source.current().gated());

        store.save("{\"schemaVersion\":1,\"routing\":{\"enforceSso\":true},\"emergency\":{\"allowedGroups\":[\"ops\"]}}",
                0);
        assertEquals(List.of("ops"), source.current().allowedGroups());
        assertTrue(source.current().gated());

        EmergencySettingsSource failing = new EmergencySettingsSource(new ConfigStore() {
            @Override
            public Optional<StoredConfig> load() {
                throw new IllegalStateException("database down");
            }

            @Override
            public long currentRevision() {
                return 3;
            }

            @Override
            public long save(String json, long expectedRevision) {
                throw new UnsupportedOperationException();
            }
        });
        EmergencySettings closed = failing.current();
        assertEquals(EmergencySettings.State.UNREADABLE, closed.state());
        assertTrue(closed.gated());
        assertNull(closed.allowedGroups());
    }

    @Test
    void sourceWhenPollingThenTheStoreAskedOncePerIntervalAndAChangeSeenAfterIt() {
        InMemoryConfigStore store = new InMemoryConfigStore();
        io.oidcsso.plugin.fakes.MutableClock clock = io.oidcsso.plugin.fakes.MutableClock.atEpochSecond(1_700_000_000L);
        EmergencySettingsSource source = new EmergencySettingsSource(
                new io.oidcsso.plugin.runtime.PolledConfigStore(store, clock, java.time.Duration.ofSeconds(30)));
        assertFalse(source.current().gated());
        store.save("{\"schemaVersion\":1,\"routing\":{\"enforceSso\":true}}", 0);
        assertFalse(source.current().gated(), "within the interval: the cached settings");
        clock.advance(java.time.Duration.ofSeconds(30));
        assertTrue(source.current().gated());
    }

    private static List<String> strings(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        element.getAsJsonArray().forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
