package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdLocalAccounts;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.runtime.PluginRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The login filter's local-login gate while SSO is enforced, over the fakes of the host. */
class LocalLoginGuardTest {
    private static final String ENFORCED = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\"}],"
            + "\"routing\":{\"enforceSso\":true}}";
    private final TestRuntime test = new TestRuntime("http://localhost:8080");

    LocalLoginGuardTest() {
        test.crowd.addLocalUser("admin", true).setPassword("admin", "admin-pw");
        test.crowd.addLocalUser("local", true).setPassword("local", "local-pw");
        test.users.admins.add("admin");
    }

    @AfterEach
    void clearKillSwitch() {
        System.clearProperty(PluginRuntime.KILL_SWITCH_PROPERTY);
    }

    private OidcLoginFilter filter;

    /** One filter per test, as in the product (the rate limits live in it). */
    private FakeResponse run(FakeRequest request, FakeChain chain) throws Exception {
        if (filter == null) {
            filter = new OidcLoginFilter(OidcSso.over(test.runtime, new CrowdLocalAccounts(test.crowd, test.users)));
        }
        FakeResponse response = new FakeResponse();
        filter.doFilter(request.request(), response.response(), chain);
        return response;
    }

    private static FakeRequest formPost(String path, String user, String password) {
        return FakeRequest.get(path).method("POST").param("os_username", user).param("os_password", password);
    }

    @Test
    void productFormWhenSsoEnforcedAndUserOutsideTheGroupsThen403AndNoSessionElseOnToTheProduct() throws Exception {
        test.configStore.save(ENFORCED, 0);

        FakeChain refusedChain = new FakeChain();
        FakeRequest refused = formPost("/login", "local", "local-pw");
        FakeResponse response = run(refused, refusedChain);
        assertFalse(refusedChain.passed(), "the product never saw the password");
        assertEquals(403, response.status());
        assertTrue(response.body().contains("data-reason=\"not_in_allowed_groups\""), response.body());
        assertNull(refused.request().getSession(false), "no session");

        FakeChain allowedChain = new FakeChain();
        run(formPost("/login", "admin", "admin-pw").param("oidcsso_local", "true"), allowedChain);
        assertTrue(allowedChain.passed(), "the administrator's login goes on to the product");

        assertEquals(1, test.audit().stream().filter(l -> l.contains("event=local_login.refused")).count());
        assertEquals(1, test.audit().stream().filter(l -> l.contains("event=local_login.allowed")).count());
    }

    @Test
    void credentialsWhenSentAnywhereElseThenGatedToo() throws Exception {
        test.configStore.save(ENFORCED, 0);
        String[][] ways = {
            {"GET", "/secure/dashboard", "os_username", "os_password"},
            {"POST", "/dologin.action", "os_username", "os_password"},
            {"POST", "/j_atl_security_check", "j_username", "j_password"},
            {"POST", "/login", "username", "password"},
        };
        for (String[] way : ways) {
            FakeChain chain = new FakeChain();
            FakeResponse response = run(FakeRequest.get(way[1]).method(way[0]).param(way[2], "local")
                    .param(way[3], "local-pw"), chain);
            assertFalse(chain.passed(), String.join(" ", way));
            assertEquals(403, response.status(), String.join(" ", way));
        }
        FakeChain noPassword = new FakeChain();
        assertEquals(400, run(FakeRequest.get("/login").method("POST").param("os_destination", "/x"), noPassword)
                .status());
        FakeChain repeated = new FakeChain();
        assertEquals(400, run(formPost("/login", "admin", "admin-pw").addParam("os_username", "local"), repeated)
                .status(), "which of two usernames would the product use?");
    }

    /**
     * A refusal whose body the gate did not read (the credentials in the query string, a JSON body) leaves nothing on
     * the connection: a short body is read and dropped, a long one is not read and the answer says
     * {@code Connection: close} ({@code UnreadBody}).
     */
    @Test
    void refusalWhenTheBodyIsUnreadThenAShortOneIsDroppedAndALongOneClosesTheConnection() throws Exception {
        test.configStore.save(ENFORCED, 0);
        FakeRequest shortOne = formPost("/dologin.action", "local", "local-pw").json("{\"remember\":true}");
        FakeResponse shortAnswer = run(shortOne, new FakeChain());
        String longBody = "x".repeat(64 * 1024 + 1);
        FakeRequest longOne = formPost("/dologin.action", "local", "local-pw").json(longBody);
        FakeResponse longAnswer = run(longOne, new FakeChain());

        assertEquals(403, shortAnswer.status(), shortAnswer.body());
        assertEquals(0, shortOne.unreadBodyBytes(), "the short body was read and dropped");
        assertNull(shortAnswer.header("Connection"), "the connection stays usable");
        assertEquals(403, longAnswer.status(), longAnswer.body());
        assertEquals("close", longAnswer.header("Connection"), "no client may reuse the connection");
        assertEquals(longBody.length(), longOne.unreadBodyBytes(), "nothing read from a long body");
    }

    @Test
    void productFormWhenSsoNotEnforcedOrKillSwitchThenUntouched() throws Exception {
        test.configStore.save(TestRuntime.CONFIG, 0);
        FakeChain chain = new FakeChain();
        run(formPost("/login", "local", "local-pw"), chain);
        assertTrue(chain.passed());

        test.configStore.save(ENFORCED, 1);
        System.setProperty(PluginRuntime.KILL_SWITCH_PROPERTY, "true");
        FakeChain killed = new FakeChain();
        run(formPost("/login", "local", "local-pw"), killed);
        assertTrue(killed.passed(), "the kill switch turns the plugin off, gate included");
        assertTrue(test.audit().isEmpty(), test.audit().toString());
    }

    @Test
    void emergencyFormWhenOpenedFromOutsideTheNetworksThen403BeforeAnyPassword() throws Exception {
        test.configStore.save("{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\"}],\"routing\":{\"enforceSso\":true},"
                + "\"emergency\":{\"parameter\":\"break_in\",\"allowedNetworks\":[\"10.0.0.0/8\"]}}", 0);
        FakeChain outside = new FakeChain();
        FakeResponse refused = run(FakeRequest.get("/login").param("break_in", "true").remoteAddr("192.0.2.7"),
                outside);
        assertFalse(outside.passed());
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("data-reason=\"network_not_allowed\""), refused.body());

        FakeChain inside = new FakeChain();
        FakeResponse form = run(FakeRequest.get("/login").param("break_in", "true").remoteAddr("10.1.2.3"), inside);
        assertTrue(inside.passed(), "the product's form, not the IdP: " + form.status() + " " + form.redirect());
    }

    @Test
    void productFormWhenStoredDocumentUnreadableThenFailClosedForTheSystemAdministrators() throws Exception {
        test.configStore.save("{\"schemaVersion\":1,\"routing\":{\"enforceSso\":", 0);
        test.engines.available = false;
        FakeChain refused = new FakeChain();
        assertEquals(403, run(formPost("/login", "local", "local-pw"), refused).status());
        FakeChain allowed = new FakeChain();
        run(formPost("/login", "admin", "admin-pw"), allowed);
        assertTrue(allowed.passed());
        assertTrue(test.audit().stream().anyMatch(l -> l.contains("settings=\"unreadable\"")), test.audit().toString());
    }

    @Test
    void productFormWhenRateLimitedThen429WithRetryAfter() throws Exception {
        test.configStore.save(ENFORCED, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, run(formPost("/login", "admin", "guess" + i), new FakeChain()).status());
        }
        FakeResponse limited = run(formPost("/login", "admin", "admin-pw"), new FakeChain());
        assertEquals(429, limited.status());
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
    }
}
