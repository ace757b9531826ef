package io.oidcsso.plugin.engine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/** The logout JSON shapes of docs/architecture.md ({@code validateLogoutToken}, {@code endSessionUrl}). */
public final class LogoutJson {
    private LogoutJson() {}

    /** A valid back-channel logout token: whose sessions end, and the {@code jti} to use once. */
    public record LogoutToken(String idpId, String issuer, String sub, String sid, String jti, long exp) {}

    /** Where to send the browser after the local logout; {@code url} null when the IdP has no end-session endpoint. */
    public record EndSession(String url, String postLogoutRedirectUri) {}

    /** What a login hands over for its later logout: kept server-side in the session. */
    public record LoginBinding(String idpId, String issuer, String subject, String sid, String idTokenHint) {}

    public static String validateLogoutTokenRequest(String logoutToken) {
        JsonObject request = new JsonObject();
        request.addProperty("logoutToken", logoutToken);
        return request.toString();
    }

    public static LogoutToken parseLogoutToken(String json) {
        JsonObject answer = EngineJson.object(json, "validateLogoutToken");
        String sub = EngineJson.optionalString(answer, "sub");
        String sid = EngineJson.optionalString(answer, "sid");
        if (sub == null && sid == null) {
            throw EngineJson.protocolError("validateLogoutToken answer has neither sub nor sid");
        }
        JsonElement exp = answer.get("exp");
        if (exp == null || !exp.isJsonPrimitive() || !exp.getAsJsonPrimitive().isNumber()) {
            throw EngineJson.protocolError("validateLogoutToken answer has no numeric exp");
        }
        return new LogoutToken(EngineJson.requiredString(answer, "idpId"), EngineJson.requiredString(answer, "issuer"),
                sub, sid, EngineJson.requiredString(answer, "jti"), exp.getAsLong());
    }

    public static String endSessionRequest(String idpId, String issuer, String idTokenHint) {
        JsonObject request = new JsonObject();
        request.addProperty("idpId", idpId);
        request.addProperty("issuer", issuer);
        request.addProperty("idTokenHint", idTokenHint);
        return request.toString();
    }

    public static EndSession parseEndSession(String json) {
        JsonObject answer = EngineJson.object(json, "endSessionUrl");
        return new EndSession(EngineJson.optionalString(answer, "url"),
                EngineJson.requiredString(answer, "postLogoutRedirectUri"));
    }

    /** The logout part of a {@code completeLogin} answer. */
    public static LoginBinding parseLoginBinding(String decisionJson) {
        JsonObject d = EngineJson.object(decisionJson, "completeLogin");
        return new LoginBinding(EngineJson.requiredString(d, "idpId"), EngineJson.requiredString(d, "issuer"),
                EngineJson.requiredString(d, "subject"), EngineJson.optionalString(d, "sid"),
                EngineJson.optionalString(d, "idTokenHint"));
    }

    /** The issuer of the configured IdP {@code idpId}, from {@code engineInfo}; empty when none has that id. */
    public static java.util.Optional<String> issuerOf(String infoJson, String idpId) {
        JsonElement idps = EngineJson.object(infoJson, "engineInfo").get("idps");
        if (idps != null && idps.isJsonArray()) {
            for (JsonElement idp : idps.getAsJsonArray()) {
                if (idp.isJsonObject() && idp.getAsJsonObject().get("id") != null
                        && idpId.equals(EngineJson.requiredString(idp.getAsJsonObject(), "id"))) {
                    return java.util.Optional.of(EngineJson.requiredString(idp.getAsJsonObject(), "issuer"));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** The issuers of the configured IdPs, from {@code engineInfo}. */
    public static Set<String> issuers(String infoJson) {
        JsonObject info = EngineJson.object(infoJson, "engineInfo");
        JsonElement idps = info.get("idps");
        Set<String> issuers = new LinkedHashSet<>();
        if (idps != null && idps.isJsonArray()) {
            for (JsonElement idp : idps.getAsJsonArray()) {
                if (idp.isJsonObject()) {
                    issuers.add(EngineJson.requiredString(idp.getAsJsonObject(), "issuer"));
                }
            }
        }
        return issuers;
    }
}
