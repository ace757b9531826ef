package io.oidcsso.plugin.emergency;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code routing.enforceSso} and the {@code emergency} section, read by the plugin from the stored
 * document itself, without the native library (docs/config.md "Emergency access"): the
 * restrictions on local logins must hold on a node whose library cannot load or whose engine broke.
 * The core validates the section before a document is stored; this reader agrees with it on every
 * valid document (rust/core/tests/data/emergency-settings.json, EmergencySettingsTest) and treats
 * anything it cannot read as {@link #failClosed}.
 *
 * @param allowedGroups null: the product's system administrators; empty: nobody
 * @param allowedNetworks null: any client address; empty: none
 * @param localLoginWhenIdpDown the failure page of an IdP that is down carries the local login form
 * @param state where these settings came from (the health endpoint reports it)
 */
public record EmergencySettings(boolean ssoEnforced, boolean enabled, String parameter, List<String> allowedGroups,
        List<Network> allowedNetworks, int perClient, int perClientAndUser, int windowSeconds,
        boolean localLoginWhenIdpDown, State state, String problem) {
    /** Where the settings came from. */
    public enum State {
        /** No document stored: SSO is not set up, local logins are the product's own. */
        NO_DOCUMENT,
        /** Read from the stored document. */
        STORED,
        /** The stored document (or the store) could not be read: SSO is taken as enforced, admins only. */
        UNREADABLE
    }

    public static final String DEFAULT_PARAMETER = "oidcsso_local";
    static final int DEFAULT_PER_CLIENT = 20;
    static final int DEFAULT_PER_CLIENT_AND_USER = 5;
    static final int DEFAULT_WINDOW_SECONDS = 60;
    private static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Parameters the product, the IdP's callback or the plugin read (the core refuses them too). */
    private static final Set<String> RESERVED = Set.of("os_username", "os_password", "os_destination", "os_cookie",
            "os_authtype", "atl_token", "idp", "oidcsso_hint", "oidcsso_chooser", "oidcsso_form", "state", "code",
            "iss", "error", "error_description");
    private static final Set<String> KEYS = Set.of("enabled", "parameter", "allowedGroups", "allowedNetworks",
            "rateLimit", "localLoginWhenIdpDown");
    private static final Set<String> RATE_KEYS = Set.of("perClient", "perClientAndUser", "windowSeconds");

    public EmergencySettings {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(state, "state");
        allowedGroups = allowedGroups == null ? null : List.copyOf(allowedGroups);
        allowedNetworks = allowedNetworks == null ? null : List.copyOf(allowedNetworks);
    }

    /** No document: nothing enforced. */
    public static EmergencySettings noDocument() {
        return new EmergencySettings(false, true, DEFAULT_PARAMETER, null, null, DEFAULT_PER_CLIENT,
                DEFAULT_PER_CLIENT_AND_USER, DEFAULT_WINDOW_SECONDS, true, State.NO_DOCUMENT, null);
    }

    /**
     * What holds when the stored document cannot be read: SSO enforced, the local login open to the
     * product's system administrators from any address, the default limits (a stored document is
     * there, so SSO was set up; guessing "not enforced" would open the local login to everyone).
     */
    public static EmergencySettings failClosed(String problem) {
        return new EmergencySettings(true, true, DEFAULT_PARAMETER, null, null, DEFAULT_PER_CLIENT,
                DEFAULT_PER_CLIENT_AND_USER, DEFAULT_WINDOW_SECONDS, true, State.UNREADABLE, problem);
    }

    /** The settings of a stored document; {@link #failClosed} with the reason when it cannot be read. */
    public static EmergencySettings read(String json) {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                return failClosed("the stored configuration is not a JSON object");
            }
            return fromDocument(root.getAsJsonObject());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NumberFormatException
                | ClassCastException e) {
            return failClosed("the stored configuration cannot be read: " + e.getClass().getSimpleName());
        } catch (Unreadable e) {
            return failClosed(e.getMessage());
        }
    }

    private static EmergencySettings fromDocument(JsonObject doc) {
        JsonObject routing = object(doc, "routing", "/routing");
        boolean enforced = routing != null && bool(routing, "enforceSso", false, "/routing/enforceSso");
        JsonObject section = object(doc, "emergency", "/emergency");
        if (section == null) {
            section = new JsonObject();
        }
        for (String key : section.keySet()) {
            if (!KEYS.contains(key)) {
                throw new Unreadable("unknown field /emergency/" + key);
            }
        }
        boolean enabled = bool(section, "enabled", true, "/emergency/enabled");
        String parameter = string(section, "parameter", DEFAULT_PARAMETER);
        if (!PARAMETER.matcher(parameter).matches() || RESERVED.contains(parameter)) {
            throw new Unreadable("/emergency/parameter is not a parameter name");
        }
        List<String> groups = null;
        JsonArray groupList = array(section, "allowedGroups");
        if (groupList != null) {
            groups = new ArrayList<>();
            for (JsonElement g : groupList) {
                String name = g.isJsonPrimitive() && g.getAsJsonPrimitive().isString() ? g.getAsString() : "";
                if (name.isEmpty() || name.length() > 256 || !name.strip().equals(name)
                        || name.chars().anyMatch(Character::isISOControl)
                        || groups.stream().anyMatch(name::equalsIgnoreCase)) {
                    throw new Unreadable("/emergency/allowedGroups lists a name the core would refuse");
                }
                groups.add(name);
            }
        }
        List<Network> networks = null;
        JsonArray networkList = array(section, "allowedNetworks");
        if (networkList != null) {
            networks = new ArrayList<>();
            for (JsonElement n : networkList) {
                if (!n.isJsonPrimitive() || !n.getAsJsonPrimitive().isString()) {
                    throw new Unreadable("/emergency/allowedNetworks lists something not a string");
                }
                networks.add(Network.parse(n.getAsString()).orElseThrow(
                        () -> new Unreadable("/emergency/allowedNetworks lists something not an address or range")));
            }
        }
        JsonObject rate = object(section, "rateLimit", "/emergency/rateLimit");
        if (rate == null) {
            rate = new JsonObject();
        }
        for (String key : rate.keySet()) {
            if (!RATE_KEYS.contains(key)) {
                throw new Unreadable("unknown field /emergency/rateLimit/" + key);
            }
        }
        int perClient = integer(rate, "perClient", DEFAULT_PER_CLIENT, 1, 1000);
        int perClientAndUser = integer(rate, "perClientAndUser", DEFAULT_PER_CLIENT_AND_USER, 1, 100);
        int window = integer(rate, "windowSeconds", DEFAULT_WINDOW_SECONDS, 10, 3600);
        if (perClientAndUser > perClient) {
            throw new Unreadable("/emergency/rateLimit/perClientAndUser is more than perClient");
        }
        boolean whenIdpDown = bool(section, "localLoginWhenIdpDown", true, "/emergency/localLoginWhenIdpDown");
        return new EmergencySettings(enforced, enabled, parameter, groups, networks, perClient, perClientAndUser,
                window, whenIdpDown, State.STORED, null);
    }

    /** Whether the local login is gated by these settings (SSO enforced). */
    public boolean gated() {
        return ssoEnforced;
    }

    /** Whether {@code address} (4 or 16 bytes) may use the local login. */
    public boolean allowsAddress(byte[] address) {
        return allowedNetworks == null || allowedNetworks.stream().anyMatch(n -> n.contains(address));
    }

    /** Whether nobody at all could use the local login (off, no group, no network). */
    public boolean nobodyAllowed() {
        return !enabled || (allowedGroups != null && allowedGroups.isEmpty())
                || (allowedNetworks != null && allowedNetworks.isEmpty());
    }

    /** For messages: who may use the local login. */
    public String whoMay() {
        if (allowedGroups == null) {
            return "the product's system administrators";
        }
        return allowedGroups.isEmpty() ? "nobody" : "members of " + String.join(", ", allowedGroups);
    }

    private static JsonObject object(JsonObject parent, String key, String pointer) {
        JsonElement value = parent.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonObject()) {
            throw new Unreadable(pointer + " is not an object");
        }
        return value.getAsJsonObject();
    }

    private static JsonArray array(JsonObject parent, String key) {
        JsonElement value = parent.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonArray() || value.getAsJsonArray().size() > 100) {
            throw new Unreadable("/emergency/" + key + " is not an array of at most 100 entries");
        }
        return value.getAsJsonArray();
    }

    private static boolean bool(JsonObject parent, String key, boolean fallback, String pointer) {
        JsonElement value = parent.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw new Unreadable(pointer + " is not a boolean");
        }
        return value.getAsBoolean();
    }

    private static String string(JsonObject parent, String key, String fallback) {
        JsonElement value = parent.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new Unreadable("/emergency/" + key + " is not a string");
        }
        return value.getAsString();
    }

    private static int integer(JsonObject parent, String key, int fallback, int min, int max) {
        JsonElement value = parent.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new Unreadable("/emergency/rateLimit/" + key + " is not a number");
        }
        double number = value.getAsDouble();
        if (number != Math.rint(number) || number < min || number > max) {
            throw new Unreadable("/emergency/rateLimit/" + key + " is not a whole number from " + min + " to " + max);
        }
        return (int) number;
    }

    /** Lower-case form for comparing usernames (Crowd compares them case-insensitively). */
    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A field the core would have refused: the document is not one the core stored. */
    private static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
