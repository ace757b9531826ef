package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The panic guard, against the real cdylib. */
class NativePanicTest {
    @Test
    void debugPanicWhenCalledThenNativePanicExceptionAndFurtherCallsWork() {
        assertTrue(OidcEngine.isAvailable(), OidcEngine::unavailableReason);

        OidcNativePanicException panic = assertThrows(OidcNativePanicException.class, OidcEngine::selfTestPanic);

        assertInstanceOf(OidcInternalException.class, panic);
        assertTrue(panic.getMessage().contains("debugPanic"), panic.getMessage());
        assertTrue(panic.getMessage().contains("bridge.rs"), "carries the location: " + panic.getMessage());
        assertTrue(OidcEngine.libraryInfo().contains("\"version\""), "the library still answers after the panic");
    }

    @Test
    void debugPanicWhenRepeatedThenEachCallRaisesAndJvmLivesOn() {
        for (int i = 0; i < 100; i++) {
            assertThrows(OidcNativePanicException.class, OidcEngine::selfTestPanic);
        }

        assertEquals("[]", OidcEngine.validateConfig(TestConfigs.VALID_OFFLINE).strip());
    }
}
