package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Generation-checked handles, against the real cdylib. */
class EngineHandleTest {
    private static final String REQUEST = "{\"idpId\":\"dev\",\"returnTo\":\"/\",\"browserBinding\":\"b\"}";

    @Test
    void engineWhenClosedThenCallsRaiseIllegalStateException() {
        OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext());
        engine.close();

        assertThrows(IllegalStateException.class, engine::info);
        assertThrows(IllegalStateException.class, () -> engine.beginLogin(REQUEST));
        assertThrows(IllegalStateException.class,
                () -> engine.reload(TestConfigs.VALID_OFFLINE, TestProvider.hostContext()));
    }

    @Test
    void closedHandleWhenPassedToNativeThenIllegalStateException() {
        OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext());
        long stale = engine.handle();
        engine.close();

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Native.engineInfo(stale));

        assertTrue(thrown.getMessage().contains("closed or was never issued"), thrown.getMessage());
        assertThrows(IllegalStateException.class, () -> Native.engineClose(stale));
    }

    @Test
    void forgedHandleWhenPassedToNativeThenIllegalStateException() {
        Native.requireLoaded();
        for (long forged : new long[] {0L, -1L, 42L, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThrows(IllegalStateException.class, () -> Native.beginLogin(forged, REQUEST.getBytes(StandardCharsets.UTF_8)),
                    () -> "handle " + forged);
        }
    }

    @Test
    void slotWhenReusedThenOldHandleStaysStale() {
        OidcEngine first = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext());
        long stale = first.handle();
        first.close();

        try (OidcEngine second = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext())) {
            assertNotEquals(stale, second.handle());
            assertThrows(IllegalStateException.class, () -> Native.engineInfo(stale));
            assertDoesNotThrow(second::info);
        }
    }

    @Test
    void closeWhenCalledTwiceThenSecondIsNoOp() {
        OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext());
        engine.close();

        assertDoesNotThrow(engine::close);
    }
}
