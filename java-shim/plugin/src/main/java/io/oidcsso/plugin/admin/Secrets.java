package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.engine.ConfigProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The write-only members of a configuration (docs/config.schema.json marks them {@code writeOnly}):
 * each IdP's {@code clientSecret}, {@code privateKeyJwt.privateKeyPem}, and {@code http.proxyUrl}
 * when it carries credentials. Answers never hold their values: {@link #redact} puts the
 * placeholder {@code {"$secret":"set"}} in their place. In a request the placeholder means "keep
 * the stored value", found by the IdP's {@code id} (never by its index: IdPs may be reordered,
 * renamed or removed in the same save).
 */
final class Secrets {
    static final String MARKER = "$secret";

    /** Where each secret is, relative to one IdP. */
    static final List<List<String>> PATHS = List.of(
            List.of("clientSecret"),
            List.of("privateKeyJwt", "privateKeyPem"),
            List.of("http", "proxyUrl"));

    /** What a request's absent or {@code null} secret means. */
    enum Absent {
        /** {@code PUT config}: the IdP has no such secret any more. */
        REMOVES,
        /** Import: the stored value of the IdP with the same {@code id} stays. */
        KEEPS
    }

    /** A configuration with its secrets resolved, and the problems found on the way. */
    record Merged(JsonObject config, List<ConfigProblem> problems) {}

    private Secrets() {}

    static JsonObject placeholder() {
        JsonObject set = new JsonObject();
        set.addProperty(MARKER, "set");
        return set;
    }

    static boolean isPlaceholder(JsonElement value) {
        return value != null && value.isJsonObject() && value.getAsJsonObject().size() == 1
                && value.getAsJsonObject().has(MARKER) && value.getAsJsonObject().get(MARKER).isJsonPrimitive()
                && "set".equals(value.getAsJsonObject().get(MARKER).getAsString());
    }

    /** A copy of {@code config} with every secret value replaced by the placeholder. */
    static JsonObject redact(JsonObject config) {
        JsonObject copy = config.deepCopy();
        forEachIdp(copy, (index, idp) -> {
            for (List<String> path : PATHS) {
                get(idp, path).filter(Secrets::isSecretValue).ifPresent(value -> set(idp, path, placeholder()));
            }
        });
        return copy;
    }

    /** A copy of {@code config} without any secret value (an export that leaves them out). */
    static JsonObject strip(JsonObject config) {
        JsonObject copy = config.deepCopy();
        forEachIdp(copy, (index, idp) -> {
            for (List<String> path : PATHS) {
                if (get(idp, path).filter(Secrets::isSecretValue).isPresent()) {
                    remove(idp, path);
                }
            }
        });
        return copy;
    }

    /** Every secret value, by IdP id, then by its pointer relative to the IdP ({@code /clientSecret}). */
    static Map<String, Map<String, String>> extract(JsonObject config) {
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        forEachIdp(config, (index, idp) -> idpId(idp).ifPresent(id -> {
            for (List<String> path : PATHS) {
                get(idp, path).filter(Secrets::isSecretValue).ifPresent(value ->
                        secrets.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(pointer(path), value.getAsString()));
            }
        }));
        return secrets;
    }

    /**
     * Resolves the placeholders (and, for an import, the absent secrets) of {@code incoming} from
     * {@code stored} (may be null); {@code supplied} (may be empty) are secret values that come with
     * the request (an export's decrypted secrets) and win over both.
     */
    static Merged merge(JsonObject incoming, JsonObject stored, Absent absent,
            Map<String, Map<String, String>> supplied) {
        Map<String, JsonObject> storedById = new HashMap<>();
        if (stored != null) {
            forEachIdp(stored, (index, idp) -> idpId(idp).ifPresent(id -> storedById.putIfAbsent(id, idp)));
        }
        JsonObject merged = incoming.deepCopy();
        List<ConfigProblem> problems = new ArrayList<>();
        forEachIdp(merged, (index, idp) -> {
            Optional<String> id = idpId(idp);
            JsonObject previous = id.map(storedById::get).orElse(null);
            Map<String, String> given = id.map(supplied::get).orElse(Map.of());
            for (List<String> path : PATHS) {
                String at = "/idps/" + index + pointer(path);
                Optional<JsonElement> value = get(idp, path);
                Optional<JsonElement> kept = previous == null ? Optional.empty()
                        : get(previous, path).filter(Secrets::isSecretValue);
                if (given.containsKey(pointer(path))) {
                    set(idp, path, new com.google.gson.JsonPrimitive(given.get(pointer(path))));
                } else if (value.isPresent() && isPlaceholder(value.get())) {
                    if (kept.isPresent()) {
                        set(idp, path, kept.get().deepCopy());
                    } else {
                        remove(idp, path);
                        problems.add(new ConfigProblem(at, "keeps the stored value, but " + (previous == null
                                ? "no IdP with the id " + id.map(i -> "'" + i + "'").orElse("(none)") + " is stored"
                                : "the stored IdP '" + id.get() + "' has none") + "; enter the value"));
                    }
                } else if (absent == Absent.KEEPS && (value.isEmpty() || value.get().isJsonNull()) && kept.isPresent()) {
                    set(idp, path, kept.get().deepCopy());
                }
            }
        });
        return new Merged(merged, problems);
    }

    /** A secret value: a string; a proxy URL only when it carries credentials ({@code user:password@}). */
    private static boolean isSecretValue(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    static void forEachIdp(JsonObject config, IdpVisitor visitor) {
        JsonElement idps = config.get("idps");
        if (idps == null || !idps.isJsonArray()) {
            return;
        }
        JsonArray list = idps.getAsJsonArray();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isJsonObject()) {
                visitor.visit(i, list.get(i).getAsJsonObject());
            }
        }
    }

    interface IdpVisitor {
        void visit(int index, JsonObject idp);
    }

    static Optional<String> idpId(JsonObject idp) {
        JsonElement id = idp.get("id");
        return id != null && id.isJsonPrimitive() && id.getAsJsonPrimitive().isString()
                ? Optional.of(id.getAsString()) : Optional.empty();
    }

    static String pointer(List<String> path) {
        return "/" + String.join("/", path);
    }

    private static Optional<JsonElement> get(JsonObject idp, List<String> path) {
        JsonElement at = idp;
        for (String name : path) {
            if (at == null || !at.isJsonObject()) {
                return Optional.empty();
            }
            at = at.getAsJsonObject().get(name);
        }
        if (at == null) {
            return Optional.empty();
        }
        // A proxy URL without credentials is no secret: it is shown and stored as given.
        if (path.get(path.size() - 1).equals("proxyUrl") && isSecretValue(at) && !hasCredentials(at.getAsString())) {
            return Optional.empty();
        }
        return Optional.of(at);
    }

    private static void set(JsonObject idp, List<String> path, JsonElement value) {
        JsonObject at = idp;
        for (String name : path.subList(0, path.size() - 1)) {
            JsonElement next = at.get(name);
            if (next == null || !next.isJsonObject()) {
                next = new JsonObject();
                at.add(name, next);
            }
            at = next.getAsJsonObject();
        }
        at.add(path.get(path.size() - 1), value);
    }

    private static void remove(JsonObject idp, List<String> path) {
        JsonElement at = idp;
        for (String name : path.subList(0, path.size() - 1)) {
            at = at.getAsJsonObject().get(name);
            if (at == null || !at.isJsonObject()) {
                return;
            }
        }
        at.getAsJsonObject().remove(path.get(path.size() - 1));
    }

    static boolean hasCredentials(String url) {
        try {
            return new URI(url).getRawUserInfo() != null;
        } catch (URISyntaxException e) {
            // Not a URL the core accepts; treat what could be credentials as secret.
            return url.contains("@");
        }
    }
}
