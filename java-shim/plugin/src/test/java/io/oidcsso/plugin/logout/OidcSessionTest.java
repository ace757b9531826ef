package io.oidcsso.plugin.logout;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OidcSessionTest {
    private static final String ISS = "https://idp.example.com";
    private static final OidcSession ALICE = new OidcSession("dev", ISS, "alice-sub", "sid-1", 1_700_000_000_000L);

    private static FakeSession stored(OidcSession login, String idToken) {
        FakeSession session = new FakeSession();
        login.store(session.session(), idToken);
        session.clearReads();
        return session;
    }

    /** What the previous version wrote: six attributes, the ID token under {@code idToken}. */
    static FakeSession previousFormat(String sid) {
        FakeSession session = new FakeSession();
        session.attributes().put("io.oidcsso.session.idp", "dev");
        session.attributes().put("io.oidcsso.session.iss", ISS);
        session.attributes().put("io.oidcsso.session.sub", "alice-sub");
        if (sid != null) {
            session.attributes().put("io.oidcsso.session.sid", sid);
        }
        session.attributes().put("io.oidcsso.session.boundAt", 1_700_000_000_000L);
        session.attributes().put("io.oidcsso.session.idToken", "eyJ.old.token");
        return session;
    }

    @Test
    void lookupWhenSessionBoundByThisVersionThenOneAttributeReadGivesTheLogin() {
        FakeSession session = stored(ALICE, "id.token.alice");

        OidcSession.Lookup found = OidcSession.lookup(session.session());

        assertEquals(ALICE, found.login());
        assertFalse(found.damaged());
        assertEquals(List.of("io.oidcsso.session.idToken"), session.reads());
    }

    @Test
    void lookupWhenSessionHasNoOidcLoginThenOneAttributeRead() {
        FakeSession session = new FakeSession();
        session.attributes().put("seraph_defaultauthenticator_user", "someone");

        OidcSession.Lookup found = OidcSession.lookup(session.session());

        assertNull(found.login());
        assertFalse(found.damaged());
        assertEquals(1, session.reads().size());
    }

    @Test
    void storeWhenLoginBoundThenDocumentedAttributesAndThePreviousFormatsValuesWritten() {
        FakeSession session = stored(ALICE, "id.token.alice");

        // The contract (README, "The reference host contract"): Strings a host reads without a plugin class.
        assertEquals("dev", session.attributes().get("io.oidcsso.session.idp"));
        assertEquals(ISS, session.attributes().get("io.oidcsso.session.iss"));
        // For a node (or a downgrade) still running the previous version: it checks the session as before.
        assertEquals("alice-sub", session.attributes().get("io.oidcsso.session.sub"));
        assertEquals("sid-1", session.attributes().get("io.oidcsso.session.sid"));
        assertEquals(1_700_000_000_000L, session.attributes().get("io.oidcsso.session.boundAt"));
        assertEquals("id.token.alice", session.attributes().get("io.oidcsso.session.idTokenHint"));
        assertInstanceOf(String[].class, session.attributes().get("io.oidcsso.session.idToken"));
    }

    @Test
    void storeWhenSessionReplicatedThenCheckAttributeDeserialisesWithTheJdkAlone() throws Exception {
        FakeSession session = stored(ALICE, "id.token.alice");
        Object check = session.attributes().get(OidcSession.CHECK);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(check);
        }

        Object copy;
        // The bootstrap loader only: a product's session store knows no plugin class.
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws java.io.IOException,
                    ClassNotFoundException {
                return Class.forName(desc.getName(), false, null);
            }
        }) {
            copy = in.readObject();
        }
        FakeSession replica = new FakeSession();
        replica.attributes().put(OidcSession.CHECK, copy);

        assertEquals(ALICE, OidcSession.lookup(replica.session()).login());
        assertTrue(bytes.size() < 400, "small: " + bytes.size() + " bytes");
    }

    @Test
    void storeWhenLoginHasNoSidThenCheckedWithoutOne() {
        OidcSession noSid = new OidcSession("dev", ISS, "alice-sub", null, 5L);
        FakeSession session = stored(noSid, "t");

        assertEquals(noSid, OidcSession.lookup(session.session()).login());
        assertFalse(session.attributes().containsKey("io.oidcsso.session.sid"));
    }

    @Test
    void lookupWhenSessionWrittenByPreviousVersionThenReadTheOldWayWithItsIdToken() {
        FakeSession session = previousFormat("sid-1");

        OidcSession.Lookup found = OidcSession.lookup(session.session());

        assertEquals(ALICE, found.login());
        assertEquals("eyJ.old.token", OidcSession.idTokenHint(session.session()));
    }

    @Test
    void lookupWhenPreviousVersionsSessionIncompleteThenNoLoginAsThatVersionJudgedIt() {
        FakeSession session = previousFormat("sid-1");
        session.attributes().remove("io.oidcsso.session.boundAt");

        OidcSession.Lookup found = OidcSession.lookup(session.session());

        assertNull(found.login());
        assertFalse(found.damaged());
    }

    @Test
    void idTokenHintWhenThisVersionThenTheStoredToken() {
        assertEquals("id.token.alice", OidcSession.idTokenHint(stored(ALICE, "id.token.alice").session()));
    }

    static Stream<Arguments> damagedRecords() {
        // Each record one argument (an array would be spread over the parameters).
        return Stream.<Object>of(
                new String[] {"oidc-sso-session-1", "dev", ISS, "alice-sub", "sid-1"},
                new String[] {"oidc-sso-session-1", "dev", ISS, "alice-sub", "sid-1", "1", "extra"},
                new String[] {"oidc-sso-session-2", "dev", ISS, "alice-sub", "sid-1", "1"},
                new String[] {null, "dev", ISS, "alice-sub", "sid-1", "1"},
                new String[] {"oidc-sso-session-1", null, ISS, "alice-sub", "sid-1", "1"},
                new String[] {"oidc-sso-session-1", "dev", "", "alice-sub", "sid-1", "1"},
                new String[] {"oidc-sso-session-1", "dev", ISS, null, "sid-1", "1"},
                new String[] {"oidc-sso-session-1", "dev", ISS, "alice-sub", "", "1"},
                new String[] {"oidc-sso-session-1", "dev", ISS, "alice-sub", "sid-1", "soon"},
                new String[] {"oidc-sso-session-1", "dev", ISS, "alice-sub", "sid-1", null},
                new String[0],
                42L,
                List.of("oidc-sso-session-1", "dev", ISS, "alice-sub", "sid-1", "1"))
                .map(record -> Arguments.of(record));
    }

    @ParameterizedTest
    @MethodSource("damagedRecords")
    void lookupWhenCheckRecordTamperedOrPartialThenDamagedAndNeverALogin(Object record) {
        FakeSession session = stored(ALICE, "id.token.alice");
        session.attributes().put(OidcSession.CHECK, record);

        OidcSession.Lookup found = OidcSession.lookup(session.session());

        assertTrue(found.damaged());
        assertNull(found.login());
        assertTrue(OidcSession.read(session.session()).isEmpty());
    }

    @Test
    void lookupWhenSameRecordReadAgainThenTheParsedLoginIsKept() {
        FakeSession session = stored(ALICE, "id.token.alice");

        OidcSession first = OidcSession.lookup(session.session()).login();
        OidcSession again = OidcSession.lookup(session.session()).login();

        // A session's requests read the same String[]: it is parsed once, not into new objects each time.
        assertEquals(ALICE, again);
        assertSame(first, again);
    }

    @Test
    void lookupWhenRecordReplacedByAnotherLoginThenTheNewOneIsRead() {
        FakeSession session = stored(ALICE, "id.token.alice");
        OidcSession.lookup(session.session());
        OidcSession bob = new OidcSession("dev", ISS, "bob-sub", null, 1_700_000_001_000L);

        bob.store(session.session(), "id.token.bob");

        assertEquals(bob, OidcSession.lookup(session.session()).login());
    }

    @Test
    void lookupWhenRecordChangedInPlaceThenReadAgain() {
        FakeSession session = stored(ALICE, "id.token.alice");
        OidcSession.lookup(session.session());
        String[] record = (String[]) session.attributes().get(OidcSession.CHECK);

        record[3] = "mallory-sub";
        OidcSession changed = OidcSession.lookup(session.session()).login();
        record[5] = "soon";
        OidcSession.Lookup damaged = OidcSession.lookup(session.session());

        assertEquals("mallory-sub", changed.subject());
        assertTrue(damaged.damaged());
        assertNull(damaged.login());
    }

    @ParameterizedTest
    @MethodSource("damagedRecords")
    void lookupWhenRecordDamagedAfterItWasReadThenDamaged(Object record) {
        FakeSession session = stored(ALICE, "id.token.alice");
        OidcSession.lookup(session.session());
        session.attributes().put(OidcSession.CHECK, record);

        OidcSession.Lookup found = OidcSession.lookup(session.session());

        assertTrue(found.damaged());
        assertNull(found.login());
    }

    @Test
    void clearWhenSessionBoundThenEveryOidcAttributeGone() {
        FakeSession session = stored(ALICE, "id.token.alice");
        session.attributes().put("seraph_defaultauthenticator_user", "someone");

        OidcSession.clear(session.session());

        assertEquals(List.of("seraph_defaultauthenticator_user"), List.copyOf(session.attributes().keySet()));
    }

    @Test
    void clearWhenSessionAlreadyInvalidatedThenNothingToDoAndNoException() {
        // On Bitbucket the binder's logout invalidates the session before the OIDC part is cleared.
        FakeSession session = new FakeSession();
        ALICE.store(session.session(), null);
        session.session().invalidate();

        assertDoesNotThrow(() -> OidcSession.clear(session.session()));
        assertTrue(session.invalidated());
    }
}
