package io.oidcsso.plugin.engine;

import com.google.gson.JsonParser;
import java.util.Objects;

/**
 * A JSON value the shim passes on without reading it (the pending login it seals into a cookie, a
 * preset's defaults). Held as compact, valid JSON: an invalid value is refused when it is made.
 */
public record OpaqueJson(String json) {
    public OpaqueJson {
        json = JsonParser.parseString(Objects.requireNonNull(json, "json")).toString();
    }

    @Override
    public String toString() {
        // The pending login holds the PKCE verifier and the nonce: never in a log line.
        return "OpaqueJson[" + json.length() + " characters]";
    }
}
