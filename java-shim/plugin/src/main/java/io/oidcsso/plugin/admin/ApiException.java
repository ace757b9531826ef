package io.oidcsso.plugin.admin;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * An answer other than success, as the API contract spells it: a status, an error code, a message
 * that says what to fix and, for some codes, more members ({@code problems}, {@code currentRevision}).
 * Thrown by the endpoints and written by {@link AdminApi}; never carries a stack trace to the client.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final transient JsonObject extra;

    ApiException(int status, String error, String message) {
        this(status, error, message, new JsonObject());
    }

    ApiException(int status, String error, String message, JsonObject extra) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.error = Objects.requireNonNull(error, "error");
        this.extra = Objects.requireNonNull(extra, "extra");
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    /** The body: {@code error}, {@code message}, then the extra members. */
    JsonObject body() {
        JsonObject body = new JsonObject();
        body.addProperty("error", error);
        body.addProperty("message", getMessage());
        extra.entrySet().forEach(e -> body.add(e.getKey(), e.getValue()));
        return body;
    }
}
