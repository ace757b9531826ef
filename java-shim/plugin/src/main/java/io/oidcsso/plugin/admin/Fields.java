package io.oidcsso.plugin.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;

/** Typed members of a request body; a wrong type is a 400 that names the member and the type wanted. */
final class Fields {
    private Fields() {}

    static JsonObject object(JsonObject body, String name) {
        JsonElement value = body.get(name);
        if (value == null || !value.isJsonObject()) {
            throw ApiException.badRequest(name + " must be a JSON object");
        }
        return value.getAsJsonObject();
    }

    static long revision(JsonObject body) {
        JsonElement value = body.get("revision");
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw ApiException.badRequest("revision must be the number of the revision your change is based on"
                    + " (GET config answers it)");
        }
        try {
            long revision = value.getAsBigDecimal().longValueExact();
            if (revision < 0) {
                throw new ArithmeticException("negative");
            }
            return revision;
        } catch (ArithmeticException | NumberFormatException e) {
            throw ApiException.badRequest("revision must be a whole number >= 0");
        }
    }

    static Optional<String> optionalString(JsonObject body, String name) {
        JsonElement value = body.get(name);
        if (value == null || value.isJsonNull()) {
            return Optional.empty();
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw ApiException.badRequest(name + " must be a string");
        }
        return Optional.of(value.getAsString());
    }
}
