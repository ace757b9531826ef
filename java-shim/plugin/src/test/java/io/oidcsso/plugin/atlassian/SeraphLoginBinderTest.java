package io.oidcsso.plugin.atlassian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.LoginRefusedException;
import java.security.Principal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeraphLoginBinderTest {
    private static final DirectoryUser ALICE = new DirectoryUser("alice", "Alice", "alice@example.com", true);

    private final SeraphLoginBinder binder =
            new SeraphLoginBinder(new SalPrincipalResolver(FakeSal.Users.resolvingEveryone(), Principal.class));

    @Test
    void bindWhenSessionExistsThenExactSeraphKeysSetAndLoggedOutFlagCleared() {
        FakeSession session = new FakeSession();
        session.attributes().put(SeraphLoginBinder.LOGGED_OUT_KEY, Boolean.TRUE);
        session.attributes().put("unrelated", "kept");
        FakeRequest request = FakeRequest.get("/plugins/servlet/oidc/callback").session(session);

        binder.bind(request.request(), ALICE);

        FakeSession bound = request.fakeSession();
        Object principal = bound.attributes().get("seraph_defaultauthenticator_user");
        assertEquals("alice", ((Principal) principal).getName());
        assertEquals("alice", bound.attributes().get("seraph_defaultauthenticator_user_id"));
        assertFalse(bound.attributes().containsKey("seraph_defaultauthenticator_logged_out_user"));
        assertEquals("kept", bound.attributes().get("unrelated"));
    }

    @Test
    void bindWhenSessionExistsThenSessionIdRotated() {
        FakeSession session = new FakeSession();
        String before = session.id();
        FakeRequest request = FakeRequest.get("/").session(session);

        binder.bind(request.request(), ALICE);

        assertNotEquals(before, request.fakeSession().id());
    }

    @Test
    void bindWhenNoSessionThenNewSessionCreatedAndBound() {
        FakeRequest request = FakeRequest.get("/");
        binder.bind(request.request(), ALICE);
        assertEquals("alice", request.fakeSession().attributes().get(SeraphLoginBinder.LOGGED_IN_USER_ID_KEY));
    }

    @Test
    void bindWhenStaleUserIdOfAnotherUserInSessionThenReplaced() {
        FakeSession session = new FakeSession();
        session.attributes().put(SeraphLoginBinder.LOGGED_IN_USER_ID_KEY, "mallory");
        FakeRequest request = FakeRequest.get("/").session(session);

        binder.bind(request.request(), ALICE);

        assertEquals(Optional.of("alice"), binder.boundUsername(request.request()));
    }

    @Test
    void bindWhenUserInactiveThenRefusedAndSessionUntouched() {
        FakeSession session = new FakeSession();
        String before = session.id();
        FakeRequest request = FakeRequest.get("/").session(session);

        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> binder.bind(request.request(), new DirectoryUser("bob", "Bob", "b@x", false)));

        assertEquals("user_inactive", refused.code());
        assertEquals(before, request.fakeSession().id());
        assertTrue(request.fakeSession().attributes().isEmpty());
    }

    @Test
    void bindWhenProductHasNoSuchUserThenRefused() {
        SeraphLoginBinder noUsers = new SeraphLoginBinder(new SalPrincipalResolver(new FakeSal.Users(name -> null), Principal.class));
        FakeRequest request = FakeRequest.get("/");
        LoginRefusedException refused = assertThrows(LoginRefusedException.class, () -> noUsers.bind(request.request(), ALICE));
        assertEquals("user_not_found", refused.code());
        assertNull(request.fakeSession());
    }

    @Test
    void endWhenBoundThenKeysClearedAndLoggedOutFlagSet() {
        FakeRequest request = FakeRequest.get("/");
        binder.bind(request.request(), ALICE);

        binder.end(request.request());

        FakeSession session = request.fakeSession();
        assertFalse(session.attributes().containsKey(SeraphLoginBinder.LOGGED_IN_KEY));
        assertFalse(session.attributes().containsKey(SeraphLoginBinder.LOGGED_IN_USER_ID_KEY));
        assertEquals(Boolean.TRUE, session.attributes().get(SeraphLoginBinder.LOGGED_OUT_KEY));
        assertEquals(Optional.empty(), binder.boundUsername(request.request()));
    }

    @Test
    void boundUsernameWhenOnlyPrincipalKeySetThenPrincipalNameUsed() {
        FakeSession session = new FakeSession();
        session.attributes().put(SeraphLoginBinder.LOGGED_IN_KEY, new FakeSal.NamedPrincipal("carol"));
        assertEquals(Optional.of("carol"), binder.boundUsername(FakeRequest.get("/").session(session).request()));
    }

    @Test
    void boundUsernameWhenNoSessionThenEmptyAndNoSessionCreated() {
        FakeRequest request = FakeRequest.get("/");
        assertEquals(Optional.empty(), binder.boundUsername(request.request()));
        assertNull(request.fakeSession());
    }
}
