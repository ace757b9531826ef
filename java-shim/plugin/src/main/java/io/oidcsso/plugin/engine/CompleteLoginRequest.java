package io.oidcsso.plugin.engine;

import java.util.Map;

/**
 * {@code completeLogin}'s request (fixture {@code CompleteLoginRequest.json}): the pending login opened
 * from the callback's cookie (null when none opened), the browser-binding cookie, the callback's OAuth
 * parameters, and the context-relative path it arrived at (the core checks it is the login's).
 */
public record CompleteLoginRequest(OpaqueJson pending, String browserBinding, Map<String, String> params,
        String callbackPath) {
    public CompleteLoginRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
