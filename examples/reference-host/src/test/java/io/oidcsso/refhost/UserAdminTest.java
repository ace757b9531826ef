package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.atlassian.sal.api.user.UserKey;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.sal.RefUserManager;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users admin ({@code /rest/api/latest/admin/users}): add, rename, read, as the products' admins do. */
class UserAdminTest {
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            "admin:admin".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path home;

    private static HttpResponse<String> send(TestHost host, String method, String path, String body, String auth)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.uri(path)).header("X-Atlassian-Token", "no-check")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return TestHost.newBrowser().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void renameWhenThenNewAccountUnderOldNameThenKeyKeptAndNewAccountGetsAnotherKey() throws Exception {
        try (TestHost host = TestHost.start(home, null)) {
            HttpResponse<String> created = send(host, "POST", "/rest/api/latest/admin/users",
                    "{\"name\":\"carol\",\"password\":\"pw-carol\",\"fullName\":\"Carol\",\"email\":\"c@example.com\"}",
                    ADMIN);
            assertEquals(201, created.statusCode(), created.body());
            String key = json(created).get("key").getAsString();
            assertEquals("carol", key);

            HttpResponse<String> renamed = send(host, "PUT", "/rest/api/latest/admin/users/rename",
                    "{\"oldName\":\"carol\",\"name\":\"carol.old\"}", ADMIN);
            assertEquals(200, renamed.statusCode(), renamed.body());
            assertEquals("carol.old", json(renamed).get("name").getAsString());
            assertEquals(key, json(renamed).get("key").getAsString(), "a rename keeps the key");

            HttpResponse<String> again = send(host, "POST", "/rest/api/latest/admin/users",
                    "{\"name\":\"carol\",\"password\":\"pw-new\"}", ADMIN);
            assertEquals(201, again.statusCode(), again.body());
            String newKey = json(again).get("key").getAsString();
            assertNotEquals(key, newKey, "a new account under the old name has a key of its own");

            RefUserManager sal = new RefUserManager(new FileCrowdService(home), null);
            assertEquals("carol.old", sal.getUserProfile(new UserKey(key)).getUsername());
            assertEquals("carol", sal.getUserProfile(new UserKey(newKey)).getUsername());
            assertEquals(newKey, sal.getUserProfile("carol").getUserKey().getStringValue());

            HttpResponse<String> login = host.login("carol.old", "pw-carol", null);
            assertEquals(302, login.statusCode(), "the password moved with the account");
        }
    }

    @Test
    void renameWhenNameTakenOrUserUnknownOrBodyBadThenClearErrorsAndNothingChanged() throws Exception {
        try (TestHost host = TestHost.start(home, null)) {
            HttpResponse<String> taken = send(host, "PUT", "/rest/api/latest/admin/users/rename",
                    "{\"oldName\":\"local\",\"name\":\"ADMIN\"}", ADMIN);
            assertEquals(409, taken.statusCode(), taken.body());
            HttpResponse<String> unknown = send(host, "PUT", "/rest/api/latest/admin/users/rename",
                    "{\"oldName\":\"nobody\",\"name\":\"x\"}", ADMIN);
            assertEquals(404, unknown.statusCode(), unknown.body());
            HttpResponse<String> bad = send(host, "PUT", "/rest/api/latest/admin/users/rename",
                    "{\"oldName\":\"local\",\"name\":42}", ADMIN);
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(json(bad).get("message").getAsString().contains("`name` must be a string"), bad.body());
            HttpResponse<String> notJson = send(host, "PUT", "/rest/api/latest/admin/users/rename", "{", ADMIN);
            assertEquals(400, notJson.statusCode(), notJson.body());

            HttpResponse<String> local = send(host, "GET", "/rest/api/latest/admin/users/local", null, ADMIN);
            assertEquals(200, local.statusCode(), local.body());
            assertEquals("local", json(local).get("key").getAsString());
        }
    }

    @Test
    void usersAdminWhenNotAdministratorOrNoXsrfHeaderThenRefused() throws Exception {
        try (TestHost host = TestHost.start(home, null)) {
            String local = "Basic " + Base64.getEncoder().encodeToString("local:local".getBytes(StandardCharsets.UTF_8));
            assertEquals(403, send(host, "PUT", "/rest/api/latest/admin/users/rename",
                    "{\"oldName\":\"local\",\"name\":\"l2\"}", local).statusCode());
            assertEquals(401, send(host, "PUT", "/rest/api/latest/admin/users/rename",
                    "{\"oldName\":\"local\",\"name\":\"l2\"}", null).statusCode());
            HttpResponse<String> noToken = TestHost.newBrowser().send(HttpRequest.newBuilder(
                    host.uri("/rest/api/latest/admin/users/rename")).header("Authorization", ADMIN)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"oldName\":\"local\",\"name\":\"l2\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, noToken.statusCode(), noToken.body());
            assertEquals("local", json(send(host, "GET", "/rest/api/latest/admin/users/local", null, ADMIN))
                    .get("name").getAsString(), "nothing renamed");
        }
    }
}
