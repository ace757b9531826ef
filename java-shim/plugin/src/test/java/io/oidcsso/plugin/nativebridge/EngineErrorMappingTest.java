package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Core errors reach Java through the one table, with their codes and hints. */
class EngineErrorMappingTest {
    @Test
    void beginLoginWhenIdpUnknownThenAuthenticationExceptionWithCodeAndHint() {
        try (OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext())) {
            OidcAuthenticationException thrown = assertThrows(OidcAuthenticationException.class,
                    () -> engine.beginLogin("{\"idpId\":\"nope\",\"returnTo\":null,\"browserBinding\":\"b\"}"));

            assertEquals("unknown_idp", thrown.code());
            assertTrue(thrown.adminHint().contains("dev"), thrown.adminHint());
        }
    }

    @Test
    void beginLoginWhenProviderRefusesConnectionsThenProviderUnavailableWithCode() throws IOException {
        String config = TestConfigs.VALID_OFFLINE.replace("http://127.0.0.2:9400", "http://127.0.0.1:" + closedPort());
        try (OidcEngine engine = OidcEngine.create(config, TestProvider.hostContext())) {
            OidcProviderUnavailableException thrown = assertThrows(OidcProviderUnavailableException.class,
                    () -> engine.beginLogin("{\"idpId\":\"dev\",\"returnTo\":null,\"browserBinding\":\"b\"}"));

            assertFalse(thrown.code().isBlank());
            assertFalse(thrown.adminHint().isBlank());
        }
    }

    @Test
    void completeLoginWhenRequestNotJsonThenInternalExceptionThatDoesNotEchoTheInput() {
        try (OidcEngine engine = OidcEngine.create(TestConfigs.VALID_OFFLINE, TestProvider.hostContext())) {
            OidcInternalException thrown = assertThrows(OidcInternalException.class,
                    () -> engine.completeLogin("{\"params\": {\"code\": SECRET-CODE"));

            assertTrue(thrown.getMessage().contains("completeLogin request"), thrown.getMessage());
            assertFalse(thrown.getMessage().contains("SECRET-CODE"), thrown.getMessage());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
