package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.EngineCodec;
import io.oidcsso.plugin.engine.GroupsDryRunRequest;
import io.oidcsso.plugin.engine.OpaqueJson;
import io.oidcsso.plugin.engine.RenderRequest;
import io.oidcsso.plugin.engine.TemplatePreviewRequest;
import io.oidcsso.plugin.runtime.ConfigSaver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST groups/dry-run} and {@code POST templates/preview}: a draft (or the stored document), its
 * secrets merged in as {@code config/validate} does, then the core's own stateless calls (the claim
 * mapping, group rules and renderer a login uses; nothing is re-implemented here). Nothing is stored or
 * changed. An invalid draft answers 200 with the same {@code problems} as {@code config/validate}.
 */
final class PreviewEndpoints {
    static final int MAX_GROUPS = 1000;
    static final int MAX_GROUP_LENGTH = 1024;
    static final int MAX_SAMPLE_LENGTH = 256;
    private static final Set<String> SAMPLE_FIELDS = Set.of("siteName", "code", "reference", "loginHint",
            "contextPath", "loginPath", "returnTo");
    private static final Map<String, RenderRequest.Page> PAGES = Map.of(
            "chooser", RenderRequest.Page.CHOOSER,
            "error", RenderRequest.Page.ERROR,
            "logout", RenderRequest.Page.LOGOUT);

    private final ConfigEndpoints config;
    private final ConfigSaver saver;

    PreviewEndpoints(ConfigEndpoints config, ConfigSaver saver) {
        this.config = Objects.requireNonNull(config, "config");
        this.saver = Objects.requireNonNull(saver, "saver");
    }

    JsonObject dryRun(JsonObject body) {
        String idp = Fields.optionalString(body, "idp").filter(s -> !s.isBlank()).orElseThrow(() ->
                ApiException.badRequest("idp must be the id of the IdP whose rules apply"));
        JsonObject claims = Fields.object(body, "claims");
        JsonElement userinfo = body.get("userinfo");
        if (userinfo != null && !userinfo.isJsonNull() && !userinfo.isJsonObject()) {
            throw ApiException.badRequest("userinfo must be a JSON object or null");
        }
        List<String> existing = groups(body, "existingGroups");
        List<String> managed = groups(body, "managedGroups");
        Document document = document(body);
        if (!document.secretProblems().isEmpty()) {
            return problemsOnly(document.secretProblems());
        }
        GroupsDryRunRequest request = new GroupsDryRunRequest(new OpaqueJson(document.json()), idp,
                new OpaqueJson(claims.toString()), userinfo == null || userinfo.isJsonNull() ? null
                        : new OpaqueJson(userinfo.toString()), existing, managed);
        return JsonParser.parseString(EngineCodec.encode(saver.engines().groupsDryRun(request))).getAsJsonObject();
    }

    JsonObject preview(JsonObject body) {
        String name = Fields.optionalString(body, "template").orElse("");
        RenderRequest.Page page = PAGES.get(name);
        if (page == null) {
            throw ApiException.badRequest("template must be one of chooser, error, logout");
        }
        JsonObject sample = body.has("sample") && !body.get("sample").isJsonNull() ? Fields.object(body, "sample")
                : new JsonObject();
        for (String key : sample.keySet()) {
            if (!SAMPLE_FIELDS.contains(key)) {
                throw ApiException.badRequest("sample." + key + " is not a sample value; use "
                        + String.join(", ", new java.util.TreeSet<>(SAMPLE_FIELDS)));
            }
        }
        RenderRequest render = new RenderRequest(page, sample(sample, "contextPath").orElse(""),
                sample(sample, "loginPath").orElse("/login"), sample(sample, "returnTo").orElse(null), null,
                sample(sample, "code").orElse(page == RenderRequest.Page.ERROR ? "login_expired" : null),
                sample(sample, "reference").orElse(page == RenderRequest.Page.ERROR ? "preview" : null),
                sample(sample, "loginHint").orElse(null), sample(sample, "siteName").orElse(null));
        Document document = document(body);
        if (!document.secretProblems().isEmpty()) {
            return problemsOnly(document.secretProblems());
        }
        TemplatePreviewRequest request = new TemplatePreviewRequest(new OpaqueJson(document.json()), render);
        return JsonParser.parseString(EngineCodec.encode(saver.engines().templatePreview(request))).getAsJsonObject();
    }

    /** The draft with the stored secrets merged in, or the stored document; and the secrets' own problems. */
    private record Document(String json, List<io.oidcsso.plugin.engine.ConfigProblem> secretProblems) {}

    private Document document(JsonObject body) {
        if (!saver.canValidate()) {
            throw new ApiException(503, "unavailable", "the native library is unavailable on this node: "
                    + saver.unavailableReason());
        }
        ConfigEndpoints.Current current = config.current();
        JsonElement draft = body.get("config");
        if (draft == null || draft.isJsonNull()) {
            if (current.config() == null) {
                throw new ApiException(409, "not_configured", "no configuration is stored yet; send the draft"
                        + " as config");
            }
            return new Document(current.config().toString(), List.of());
        }
        Secrets.Merged merged = Secrets.merge(Fields.object(body, "config"), current.config(),
                Secrets.Absent.REMOVES, Map.of());
        return new Document(merged.config().toString(), merged.problems());
    }

    private static JsonObject problemsOnly(List<io.oidcsso.plugin.engine.ConfigProblem> problems) {
        JsonObject answer = new JsonObject();
        answer.add("problems", ConfigEndpoints.toJson(problems));
        return answer;
    }

    private static List<String> groups(JsonObject body, String name) {
        JsonElement value = body.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        String wanted = name + " must be an array of at most " + MAX_GROUPS + " group names (strings of 1 to "
                + MAX_GROUP_LENGTH + " characters)";
        if (!value.isJsonArray() || value.getAsJsonArray().size() > MAX_GROUPS) {
            throw ApiException.badRequest(wanted);
        }
        JsonArray array = value.getAsJsonArray();
        List<String> groups = new ArrayList<>(array.size());
        for (JsonElement item : array) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString() || item.getAsString().isEmpty()
                    || item.getAsString().length() > MAX_GROUP_LENGTH) {
                throw ApiException.badRequest(wanted);
            }
            groups.add(item.getAsString());
        }
        return groups;
    }

    private static Optional<String> sample(JsonObject sample, String name) {
        Optional<String> value = Fields.optionalString(sample, name);
        if (value.isPresent() && value.get().length() > MAX_SAMPLE_LENGTH) {
            throw ApiException.badRequest("sample." + name + " is longer than " + MAX_SAMPLE_LENGTH + " characters");
        }
        return value;
    }
}
