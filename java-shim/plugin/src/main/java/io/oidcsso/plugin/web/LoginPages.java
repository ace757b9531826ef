package io.oidcsso.plugin.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.EngineFailure;
import io.oidcsso.plugin.engine.LoginEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code loginUi} calls of the core (docs/architecture.md): the routing question and the pages
 * rendered from the admin's templates. Only JSON shaping and writing the page here; every decision
 * is the core's. A warning from the core (the admin's template failed, the built-in page was shown)
 * goes to the log for the admin.
 */
final class LoginPages {
    /** The core's answer to a routing question. */
    record Route(String outcome, String idpId, boolean delayed, List<String> groups, JsonObject json) {
        boolean isImmediateRedirect() {
            return outcome.equals("redirect") && !delayed;
        }
    }

    /** What the shim knows when it asks where a user goes. */
    record Question(String page, String path, String idp, String loginHint, boolean chooser, String issuer) {}

    /**
     * The existing user named by the login hint, for the core's {@code needsUser}: membership of the
     * groups it listed, and the user's directory (null when there is no such user).
     */
    record KnownUser(Map<String, Boolean> memberOf, String directory) {}

    private static final Logger LOG = Logger.getLogger(LoginPages.class.getName());
    /** The content security policy of every page: no script at all, inline styles only. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: 'self'";

    private LoginPages() {}

    static Route route(LoginEngine engine, Question question, KnownUser user) {
        JsonObject request = new JsonObject();
        request.addProperty("op", "route");
        request.addProperty("page", question.page());
        request.addProperty("path", question.path());
        request.addProperty("idp", question.idp());
        request.addProperty("loginHint", question.loginHint());
        request.addProperty("chooser", question.chooser());
        request.addProperty("issuer", question.issuer());
        if (user != null) {
            JsonObject groups = new JsonObject();
            user.memberOf().forEach(groups::addProperty);
            JsonObject known = new JsonObject();
            known.add("memberOf", groups);
            known.addProperty("directory", user.directory());
            request.add("user", known);
        }
        JsonObject answer = object(engine.loginUi(request.toString()));
        String outcome = string(answer, "outcome");
        if (outcome == null) {
            throw protocolError("route answer without outcome");
        }
        JsonElement delayed = answer.get("delayed");
        return new Route(outcome, string(answer, "idpId"), delayed != null && delayed.getAsBoolean(),
                groups(answer), answer);
    }

    /** Renders {@code page} with the route decision ({@code decision} may be null) or the error code. */
    static void write(LoginEngine engine, HttpServletResponse response, int status, JsonObject render)
            throws IOException {
        render.addProperty("op", "render");
        JsonObject answer = object(engine.loginUi(render.toString()));
        String warning = string(answer, "warning");
        if (warning != null) {
            LOG.warning("oidc-sso: login page template problem: " + warning);
        }
        String html = string(answer, "html");
        if (html == null) {
            throw protocolError("render answer without html");
        }
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CSP);
        PrintWriter out = response.getWriter();
        out.print(html);
        out.flush();
    }

    static JsonObject renderRequest(String page, String contextPath, String loginPath, String returnTo,
            String siteName) {
        JsonObject render = new JsonObject();
        render.addProperty("page", page);
        render.addProperty("contextPath", contextPath == null ? "" : contextPath);
        render.addProperty("loginPath", loginPath);
        render.addProperty("returnTo", returnTo);
        render.addProperty("siteName", siteName);
        return render;
    }

    private static List<String> groups(JsonObject answer) {
        List<String> groups = new ArrayList<>();
        JsonElement value = answer.get("groups");
        if (value != null && value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            array.forEach(item -> groups.add(item.getAsString()));
        }
        return groups;
    }

    private static JsonObject object(String json) {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw protocolError("loginUi answer is not an object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw protocolError("loginUi answer is not JSON");
        }
    }

    private static String string(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static EngineFailure protocolError(String detail) {
        return new EngineFailure(EngineFailure.Kind.INTERNAL, "engine_protocol_error",
                "the native engine answered in an unexpected shape: " + detail, null);
    }
}
