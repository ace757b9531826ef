package io.oidcsso.plugin.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST export}, {@code POST import/preview} and {@code POST import}: the whole configuration
 * as one document (docs/admin-api.openapi.yaml "ExportDocument") with its secrets left out or
 * encrypted with a passphrase ({@link ExportCrypto}); an import resolves secrets (those of the
 * document, else the stored ones of the IdP with the same id), shows the difference by pointer and
 * stores through the same path as {@code PUT config}: atomic, revision-checked, lockout-checked.
 */
final class TransferEndpoints {
    static final int EXPORT_SCHEMA_VERSION = 1;

    private final ConfigEndpoints config;
    private final Clock clock;

    TransferEndpoints(ConfigEndpoints config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The export document and the file name for {@code Content-Disposition}. */
    record Export(JsonObject document, String fileName) {}

    Export export(JsonObject body) {
        String secrets = Fields.optionalString(body, "secrets").orElse("omit");
        Optional<String> passphrase = Fields.optionalString(body, "passphrase");
        if (!"omit".equals(secrets) && !"encrypt".equals(secrets)) {
            throw ApiException.badRequest("secrets must be \"omit\" or \"encrypt\"");
        }
        if ("encrypt".equals(secrets) && passphrase.map(String::length).orElse(0) < ExportCrypto.MIN_PASSPHRASE) {
            throw ApiException.badRequest("to include the secrets, give a passphrase of at least "
                    + ExportCrypto.MIN_PASSPHRASE + " characters");
        }
        ConfigEndpoints.Current current = config.current();
        if (current.config() == null) {
            throw new ApiException(404, "not_configured", "no configuration is stored yet; there is nothing to export");
        }
        JsonObject document = new JsonObject();
        document.addProperty("schemaVersion", EXPORT_SCHEMA_VERSION);
        document.addProperty("exportedAt", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        document.addProperty("revision", current.revision());
        document.add("config", Secrets.strip(current.config()));
        if ("encrypt".equals(secrets)) {
            JsonObject plain = new JsonObject();
            Secrets.extract(current.config()).forEach((id, values) -> {
                JsonObject idp = new JsonObject();
                values.forEach(idp::addProperty);
                plain.add(id, idp);
            });
            document.add("secrets", ExportCrypto.encrypt(plain.toString(), passphrase.get().toCharArray()));
        } else {
            document.add("secrets", JsonNull.INSTANCE);
        }
        return new Export(document, "oidc-sso-config-r" + current.revision() + ".json");
    }

    JsonObject preview(JsonObject body) {
        ConfigEndpoints.Current current = config.current();
        Secrets.Merged merged = incoming(body, current);
        JsonObject answer = new JsonObject();
        answer.add("problems", config.problems(merged));
        answer.add("diff", ConfigDiff.toJson(ConfigDiff.between(current.config(), merged.config())));
        answer.addProperty("currentRevision", current.revision());
        return answer;
    }

    JsonObject apply(JsonObject body, String user) {
        long revision = Fields.revision(body);
        ConfigEndpoints.Current current = config.requireRevision(revision);
        return config.save(current, revision, incoming(body, current), user, "import");
    }

    /** The document's configuration with every secret resolved. */
    private static Secrets.Merged incoming(JsonObject body, ConfigEndpoints.Current current) {
        JsonObject document = Fields.object(body, "document");
        Optional<String> passphrase = Fields.optionalString(body, "passphrase");
        JsonObject imported;
        Map<String, Map<String, String>> supplied = Map.of();
        if (isExport(document)) {
            JsonElement version = document.get("schemaVersion");
            if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber()
                    || version.getAsDouble() != EXPORT_SCHEMA_VERSION) {
                throw new ApiException(400, "invalid_document", "document.schemaVersion must be "
                        + EXPORT_SCHEMA_VERSION + " (an export of this plugin), or send the configuration itself");
            }
            imported = document.getAsJsonObject("config");
            JsonElement sealed = document.get("secrets");
            if (sealed != null && !sealed.isJsonNull()) {
                if (!sealed.isJsonObject()) {
                    throw new ApiException(400, "invalid_document", "document.secrets must be null or the object an"
                            + " export with secrets writes");
                }
                supplied = decrypt(sealed.getAsJsonObject(), passphrase);
            }
        } else {
            imported = document;
        }
        return Secrets.merge(imported, current.config(), Secrets.Absent.KEEPS, supplied);
    }

    /** An export document: {@code config} is an object and the document is no configuration itself. */
    private static boolean isExport(JsonObject document) {
        return document.has("config") && document.get("config").isJsonObject() && !document.has("idps");
    }

    private static Map<String, Map<String, String>> decrypt(JsonObject sealed, Optional<String> passphrase) {
        if (passphrase.isEmpty() || passphrase.get().isEmpty()) {
            throw new ApiException(400, "passphrase_required", "this export carries encrypted secrets: give the"
                    + " passphrase it was exported with (or remove document.secrets to keep the stored secrets)");
        }
        String plain;
        try {
            plain = ExportCrypto.decrypt(sealed, passphrase.get().toCharArray());
        } catch (ExportCrypto.WrongPassphrase e) {
            throw new ApiException(400, "wrong_passphrase", e.getMessage() + "; nothing was changed");
        }
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        try {
            JsonObject byIdp = JsonParser.parseString(plain).getAsJsonObject();
            for (Map.Entry<String, JsonElement> idp : byIdp.entrySet()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> value : idp.getValue().getAsJsonObject().entrySet()) {
                    values.put(value.getKey(), value.getValue().getAsString());
                }
                secrets.put(idp.getKey(), values);
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new ApiException(400, "invalid_document", "the decrypted secrets are not what an export writes");
        }
        return secrets;
    }
}
