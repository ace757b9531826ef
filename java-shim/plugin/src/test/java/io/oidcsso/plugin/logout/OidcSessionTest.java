package io.oidcsso.plugin.logout;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeSession;
import org.junit.jupiter.api.Test;

class OidcSessionTest {
    @Test
    void clearWhenSessionAlreadyInvalidatedThenNothingToDoAndNoException() {
        // On Bitbucket the binder's logout invalidates the session before the OIDC part is cleared.
        FakeSession session = new FakeSession();
        new OidcSession("dev", "https://idp.example.com", "sub", "sid", 1L, null).store(session.session());
        session.session().invalidate();

        assertDoesNotThrow(() -> OidcSession.clear(session.session()));
        assertTrue(session.invalidated());
    }
}
