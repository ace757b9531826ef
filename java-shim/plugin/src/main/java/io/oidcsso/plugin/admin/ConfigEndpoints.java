package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.host.StaleRevisionException;
import io.oidcsso.plugin.host.StoredConfig;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.runtime.ConfigSaver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET config}, {@code PUT config}, {@code POST config/validate}, and the save the import
 * shares: secrets resolved from the stored document ({@link Secrets}), then the one path that stores
 * a configuration ({@link ConfigSaver}: the core's validation, the lockout check, compare-and-set).
 * Nothing is stored on any error; every save is audited with who and which pointers changed.
 */
final class ConfigEndpoints {
    private static final int AUDITED_POINTERS = 20;

    private final ConfigSaver saver;
    private final AuditLog audit;

    ConfigEndpoints(ConfigSaver saver, AuditLog audit) {
        this.saver = Objects.requireNonNull(saver, "saver");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** The stored document and its revision, as this API reads it. */
    record Current(long revision, JsonObject config) {}

    Current current() {
        Optional<StoredConfig> stored = saver.store().load();
        if (stored.isEmpty()) {
            return new Current(0, null);
        }
        try {
            JsonElement parsed = JsonParser.parseString(stored.get().json());
            if (parsed.isJsonObject()) {
                return new Current(stored.get().revision(), parsed.getAsJsonObject());
            }
        } catch (JsonParseException e) {
            // Falls through: answered below without the document's text.
        }
        throw new ApiException(503, "configuration_unreadable", "the stored configuration (revision "
                + stored.get().revision() + ") is not a JSON object; save a valid one with PUT config");
    }

    JsonObject get() {
        Current current = current();
        JsonObject body = new JsonObject();
        body.addProperty("revision", current.revision());
        body.add("config", current.config() == null ? JsonNull.INSTANCE : Secrets.redact(current.config()));
        return body;
    }

    JsonObject put(JsonObject body, String user) {
        long revision = Fields.revision(body);
        JsonObject config = Fields.object(body, "config");
        Current current = requireRevision(revision);
        Secrets.Merged merged = Secrets.merge(config, current.config(), Secrets.Absent.REMOVES, Map.of());
        return save(current, revision, merged, user, "api");
    }

    JsonObject validate(JsonObject body) {
        JsonObject config = Fields.object(body, "config");
        Secrets.Merged merged = Secrets.merge(config, current().config(), Secrets.Absent.REMOVES, Map.of());
        JsonObject answer = new JsonObject();
        answer.add("problems", problems(merged));
        return answer;
    }

    /** 409 unless {@code revision} is the stored one. */
    Current requireRevision(long revision) {
        Current current = current();
        if (current.revision() != revision) {
            throw stale(current.revision());
        }
        return current;
    }

    /** Every problem of the merged document: the secrets', then the core's, or the lockout check's. */
    JsonArray problems(Secrets.Merged merged) {
        requireValidator();
        String json = merged.config().toString();
        List<ConfigProblem> all = new ArrayList<>(merged.problems());
        all.addAll(merged.problems().isEmpty() ? saver.problems(json) : saver.invalid(json));
        return toJson(all);
    }

    /** Stores {@code merged} over {@code current} if nothing changed since; {@code {"revision": n}}. */
    JsonObject save(Current current, long expected, Secrets.Merged merged, String user, String via) {
        requireValidator();
        String json = merged.config().toString();
        if (!merged.problems().isEmpty()) {
            List<ConfigProblem> all = new ArrayList<>(merged.problems());
            all.addAll(saver.invalid(json));
            throw rejected("invalid", "the configuration is invalid; nothing was stored", all);
        }
        long revision;
        try {
            revision = saver.save(json, expected);
        } catch (ConfigSaver.Rejected e) {
            boolean lockout = e.kind() == ConfigSaver.Rejected.Kind.LOCKOUT;
            throw rejected(lockout ? "lockout" : "invalid", lockout
                    ? "the configuration would lock every administrator out; nothing was stored"
                    : "the configuration is invalid; nothing was stored", e.problems());
        } catch (StaleRevisionException e) {
            throw stale(e.actual());
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("revision", revision);
        if (revision == expected) {
            // The stored document already: nothing was written, so there is nothing to audit.
            answer.addProperty("unchanged", true);
            return answer;
        }
        List<ConfigDiff.Entry> changes = ConfigDiff.between(current.config(), merged.config());
        audit.record("config.saved", AuditLog.fields("by", user, "via", via, "revision", Long.toString(revision),
                "changes", Integer.toString(changes.size()), "pointers", changes.stream().limit(AUDITED_POINTERS)
                        .map(c -> c.change().wire + " " + (c.pointer().isEmpty() ? "(all)" : c.pointer()))
                        .collect(Collectors.joining(", "))));
        return answer;
    }

    private void requireValidator() {
        if (!saver.canValidate()) {
            throw new ApiException(503, "unavailable", "this node cannot check a configuration (the native library"
                    + " is unavailable: " + saver.unavailableReason() + "); nothing was stored");
        }
    }

    static ApiException stale(long currentRevision) {
        JsonObject extra = new JsonObject();
        extra.addProperty("currentRevision", currentRevision);
        return new ApiException(409, "stale_revision", "the configuration was changed meanwhile (now revision "
                + currentRevision + "); load it again and apply your change to it", extra);
    }

    private static ApiException rejected(String error, String message, List<ConfigProblem> problems) {
        JsonObject extra = new JsonObject();
        extra.add("problems", toJson(problems));
        return new ApiException(400, error, message + " (" + problems.size()
                + (problems.size() == 1 ? " problem)" : " problems)"), extra);
    }

    static JsonArray toJson(List<ConfigProblem> problems) {
        JsonArray array = new JsonArray();
        for (ConfigProblem problem : new LinkedHashSet<>(problems)) {
            JsonObject item = new JsonObject();
            item.addProperty("pointer", problem.pointer());
            item.addProperty("message", problem.message());
            array.add(item);
        }
        return array;
    }
}
