package io.oidcsso.refhost.web;

import com.atlassian.crowd.exception.InvalidCredentialException;
import com.atlassian.crowd.exception.InvalidUserException;
import com.atlassian.crowd.exception.runtime.UserNotFoundException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.refhost.crowd.DirectoryUser;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.sal.RefUserManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /rest/api/latest/admin/users/*}: the products' user administration, as much as the tests need, for
 * administrators ({@value RefUserManager#ADMIN_GROUP}), modelled on Bamboo's REST resource of the same path:
 * <ul>
 * <li>{@code POST /rest/api/latest/admin/users} with {@code {"name", "password", "fullName", "email"}} adds an
 * active local user (201);</li>
 * <li>{@code PUT /rest/api/latest/admin/users/rename} with {@code {"oldName", "name"}} renames one: the account
 * keeps its key, attributes, groups and password (Crowd's {@code renameUser});</li>
 * <li>{@code GET /rest/api/latest/admin/users/<name>} one user, with its stable key.</li>
 * </ul>
 * Answers are {@code {"name", "key", "displayName", "email", "active"}}. Changes need
 * {@code X-Atlassian-Token: no-check}. A bad body is 400, an unknown user 404, a name in use 409.
 */
public final class UserAdminServlet extends HttpServlet {
    public static final String PATH = "/rest/api/latest/admin/users/*";
    private static final int MAX_BODY = 16 * 1024;

    private final transient FileCrowdService directory;

    public UserAdminServlet(FileCrowdService directory) {
        this.directory = directory;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!AdminOnly.admit(request, response, directory, "user administration")) {
            return;
        }
        String method = request.getMethod();
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            if (path.equals("/")) {
                if (!"POST".equals(method)) {
                    notAllowed(response, "POST");
                    return;
                }
                JsonObject body = body(request);
                DirectoryUser created = directory.createUser(text(body, "name", true), text(body, "fullName", false),
                        text(body, "email", false), text(body, "password", true));
                JsonResponses.write(response, 201, json(created));
            } else if (path.equals("/rename")) {
                if (!"PUT".equals(method)) {
                    notAllowed(response, "PUT");
                    return;
                }
                JsonObject body = body(request);
                String oldName = text(body, "oldName", true);
                DirectoryUser existing = (DirectoryUser) directory.getUser(oldName);
                if (existing == null) {
                    JsonResponses.error(response, 404, "not_found", "no user named " + oldName);
                    return;
                }
                JsonResponses.write(response, 200, json((DirectoryUser) directory.renameUser(existing,
                        text(body, "name", true))));
            } else if (path.indexOf('/', 1) < 0 && "GET".equals(method)) {
                DirectoryUser found = (DirectoryUser) directory.getUser(path.substring(1));
                if (found == null) {
                    JsonResponses.error(response, 404, "not_found", "no user named " + path.substring(1));
                } else {
                    JsonResponses.write(response, 200, json(found));
                }
            } else if (path.indexOf('/', 1) < 0) {
                notAllowed(response, "GET");
            } else {
                JsonResponses.error(response, 404, "not_found", "no user resource at " + request.getRequestURI());
            }
        } catch (BadBody e) {
            JsonResponses.error(response, 400, "bad_request", e.getMessage());
        } catch (InvalidUserException e) {
            boolean taken = e.getMessage() != null && e.getMessage().contains("already exists");
            JsonResponses.error(response, taken ? 409 : 400, taken ? "conflict" : "bad_request", e.getMessage());
        } catch (InvalidCredentialException e) {
            JsonResponses.error(response, 400, "bad_request", e.getMessage());
        } catch (UserNotFoundException e) {
            JsonResponses.error(response, 404, "not_found", "the user was removed meanwhile");
        }
    }

    private Map<String, Object> json(DirectoryUser user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", user.getName());
        out.put("key", directory.userKey(user.getName()));
        out.put("displayName", user.getDisplayName());
        out.put("email", user.getEmailAddress());
        out.put("active", user.isActive());
        return out;
    }

    private static JsonObject body(HttpServletRequest request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new BadBody("the body is longer than " + MAX_BODY + " bytes");
        }
        try {
            JsonElement parsed = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new BadBody("send a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new BadBody("the body is not JSON");
        }
    }

    private static String text(JsonObject body, String field, boolean required) {
        JsonElement value = body.get(field);
        if (value == null || value.isJsonNull()) {
            if (required) {
                throw new BadBody("`" + field + "` is required");
            }
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new BadBody("`" + field + "` must be a string");
        }
        return value.getAsString();
    }

    private static void notAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        JsonResponses.error(response, 405, "method_not_allowed", "use " + allow);
    }

    /** A request body the resource cannot use. */
    private static final class BadBody extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadBody(String message) {
            super(message, null, false, false);
        }
    }
}
