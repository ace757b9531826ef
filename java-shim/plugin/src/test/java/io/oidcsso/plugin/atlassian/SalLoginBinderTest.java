package io.oidcsso.plugin.atlassian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.LoginRefusedException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

class SalLoginBinderTest {
    private final FakeSal.Access access = new FakeSal.Access();
    private final FakeSal.SeraphListener listener = new FakeSal.SeraphListener();
    private final DirectoryUser alice = new DirectoryUser("alice", "Alice", "alice@example.com", true, "alice");

    private SalLoginBinder binder(String platform) {
        return new SalLoginBinder(FakeSal.Users.resolvingEveryone(), access, listener, platform);
    }

    @Test
    void bindWhenCanLoginThenOldSessionInvalidatedAndListenerBindsNewOne() {
        FakeSession old = new FakeSession();
        old.session().setAttribute("leftover", "x");
        FakeRequest fake = FakeRequest.get("/plugins/servlet/oidc-sso/callback").session(old);
        HttpServletRequest request = fake.request();

        binder("refapp").bind(request, new FakeResponse().response(), alice);

        assertEquals(1, listener.successes);
        assertTrue(old.invalidated());
        HttpSession current = request.getSession(false);
        assertNotSame(old.session(), current);
        assertNull(current.getAttribute("leftover"));
        assertEquals("alice", ((java.security.Principal) current.getAttribute("seraph_defaultauthenticator_user")).getName());
        assertEquals("alice", binder("refapp").boundUsername(request).orElseThrow());
    }

    @Test
    void bindWhenCanLoginIsFalseThenRefusedAndNoSessionBound() {
        access.denied.add("alice");
        FakeRequest fake = FakeRequest.get("/plugins/servlet/oidc-sso/callback");
        HttpServletRequest request = fake.request();

        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> binder("jira").bind(request, new FakeResponse().response(), alice));

        assertEquals("login_not_permitted", refused.code());
        assertEquals(0, listener.successes);
        assertTrue(binder("jira").boundUsername(request).isEmpty());
    }

    @Test
    void bindWhenTheCheckedAccountWasRenamedAndANewOneTookItsNameThenRefusedAndNoSessionBound() throws Exception {
        // The caller (break-glass, account links) checked alice's key; then, before the bind, the directory
        // renamed her and a new account took the name "alice".
        FakeCrowdService crowd = new FakeCrowdService().addLocalUser("alice", true);
        String checkedKey = crowd.keyOf("alice");
        DirectoryUser checked = new DirectoryUser("alice", "Alice", "alice@example.com", true, checkedKey);
        crowd.renameUser(crowd.getUser("alice"), "alice.renamed");
        crowd.addLocalUser("alice", true);
        SalLoginBinder binder = new SalLoginBinder(FakeSal.Users.resolvingEveryone().keyedBy(crowd), access,
                listener, "jira");
        HttpServletRequest request = FakeRequest.get("/plugins/servlet/oidc-sso/break-glass").request();

        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> binder.bind(request, new FakeResponse().response(), checked));
        LoginRefusedException scoped = assertThrows(LoginRefusedException.class,
                () -> binder.authenticateRequest(request, new FakeResponse().response(), checked));

        assertEquals("account_changed", refused.code());
        assertTrue(refused.getMessage().contains("alice.renamed"), refused.getMessage());
        assertEquals("account_changed", scoped.code());
        assertEquals(0, listener.successes);
        assertTrue(binder.boundUsername(request).isEmpty());
    }

    @Test
    void bindWhenTheCheckedAccountIsGoneThenRefused() throws Exception {
        FakeCrowdService crowd = new FakeCrowdService().addLocalUser("alice", true);
        DirectoryUser checked = new DirectoryUser("alice", "Alice", "alice@example.com", true, crowd.keyOf("alice"));
        crowd.removeUser("alice");
        crowd.addLocalUser("alice", true);
        SalLoginBinder binder = new SalLoginBinder(FakeSal.Users.resolvingEveryone().keyedBy(crowd), access,
                listener, "conf");

        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> binder.bind(FakeRequest.get("/x").request(), new FakeResponse().response(), checked));

        assertEquals("account_changed", refused.code());
        assertEquals(0, listener.successes);
    }

    @Test
    void bindWhenTheCheckedAccountStillHoldsItsNameThenBoundWhateverTheCaseOfTheName() {
        FakeCrowdService crowd = new FakeCrowdService().addLocalUser("Alice", true);
        DirectoryUser checked = new DirectoryUser("alice", "Alice", "alice@example.com", true, crowd.keyOf("Alice"));
        SalLoginBinder binder = new SalLoginBinder(FakeSal.Users.resolvingEveryone().keyedBy(crowd), access,
                listener, "bitbucket");
        HttpServletRequest request = FakeRequest.get("/x").request();

        binder.bind(request, new FakeResponse().response(), checked);

        assertEquals(1, listener.successes);
    }

    @Test
    void bindWhenUserInactiveThenRefusedBeforeSal() {
        DirectoryUser inactive = new DirectoryUser("bob", "Bob", "bob@example.com", false, "bob");
        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> binder("conf").bind(FakeRequest.get("/x").request(), new FakeResponse().response(), inactive));
        assertEquals("user_inactive", refused.code());
    }

    @Test
    void bindWhenJiraThenAtlassianAppsJiraAttributesSet() {
        HttpServletRequest request = FakeRequest.get("/x").request();
        binder("jira").bind(request, new FakeResponse().response(), alice);
        assertEquals(Boolean.TRUE, request.getAttribute(SalLoginBinder.JIRA_REDIRECT_ATTRIBUTE));
    }

    @Test
    void endWhenSeraphProductThenLoggedOutFlagAndNoBoundUser() {
        HttpServletRequest request = FakeRequest.get("/x").request();
        SalLoginBinder binder = binder("bamboo");
        binder.bind(request, new FakeResponse().response(), alice);
        binder.end(request);
        assertTrue(binder.boundUsername(request).isEmpty());
        assertEquals(Boolean.TRUE, request.getSession(false).getAttribute(SalLoginBinder.SERAPH_LOGGED_OUT_KEY));
    }

    @Test
    void endWhenBitbucketThenSessionInvalidated() {
        FakeRequest fake = FakeRequest.get("/x");
        HttpServletRequest request = fake.request();
        SalLoginBinder binder = binder("bitbucket");
        binder.bind(request, new FakeResponse().response(), alice);
        assertEquals("alice", binder.boundUsername(request).orElseThrow());
        FakeSession bound = fake.fakeSession();
        binder.end(request);
        assertTrue(bound.invalidated());
    }

    /** Every state of Seraph's three keys (and Bitbucket's one): loggedIn says what boundUsername says. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"refapp", "jira", "conf", "bamboo", "bitbucket"})
    void loggedInWhenAnySessionStateThenSameAnswerAsBoundUsername(String platform) {
        Object[] loggedOut = {null, Boolean.TRUE};
        Object[] userIds = {null, "", "alice", 7};
        Object[] principals = {null, new FakeSal.NamedPrincipal(""), new FakeSal.NamedPrincipal("alice"), "alice"};
        Object[] bound = {null, "", "alice"};
        SalLoginBinder binder = binder(platform);
        int states = 0;
        for (Object out : loggedOut) {
            for (Object userId : userIds) {
                for (Object principal : principals) {
                    for (Object boundUser : bound) {
                        FakeSession session = new FakeSession();
                        put(session, SalLoginBinder.SERAPH_LOGGED_OUT_KEY, out);
                        put(session, SalLoginBinder.SERAPH_USER_ID_KEY, userId);
                        put(session, SalLoginBinder.SERAPH_USER_KEY, principal);
                        put(session, SalLoginBinder.BOUND_USER_KEY, boundUser);
                        HttpServletRequest request = FakeRequest.get("/x").session(session).request();
                        assertEquals(binder.boundUsername(request).isPresent(), binder.loggedIn(request),
                                session.attributes().toString());
                        states++;
                    }
                }
            }
        }
        assertEquals(96, states);
        assertTrue(!binder.loggedIn(FakeRequest.get("/x").request()), "no session");
    }

    @Test
    void loggedInWhenSeraphSessionHoldsPrincipalThenTwoSessionReads() {
        FakeSession session = new FakeSession();
        session.attributes().put(SalLoginBinder.SERAPH_USER_KEY, new FakeSal.NamedPrincipal("alice"));
        HttpServletRequest request = FakeRequest.get("/x").session(session).request();

        assertTrue(binder("conf").loggedIn(request));
        assertEquals(2, session.reads().size(), session.reads().toString());
    }

    private static void put(FakeSession session, String key, Object value) {
        if (value != null) {
            session.attributes().put(key, value);
        }
    }
}
