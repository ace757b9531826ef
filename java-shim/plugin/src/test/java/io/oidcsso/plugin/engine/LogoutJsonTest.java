package io.oidcsso.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LogoutJsonTest {
    @Test
    void parseLogoutTokenWhenSidOnlyThenSubNull() {
        LogoutJson.LogoutToken token = LogoutJson.parseLogoutToken(
                "{\"idpId\":\"dev\",\"issuer\":\"https://i\",\"sub\":null,\"sid\":\"s\",\"jti\":\"j\",\"exp\":5}");
        assertNull(token.sub());
        assertEquals("s", token.sid());
        assertEquals(5L, token.exp());
    }

    @Test
    void parseLogoutTokenWhenNeitherSubNorSidThenProtocolError() {
        EngineFailure failure = assertThrows(EngineFailure.class, () -> LogoutJson.parseLogoutToken(
                "{\"idpId\":\"dev\",\"issuer\":\"https://i\",\"jti\":\"j\",\"exp\":5}"));
        assertEquals("engine_protocol_error", failure.code());
    }

    @Test
    void parseEndSessionWhenNoUrlThenNull() {
        assertNull(LogoutJson.parseEndSession("{\"url\":null,\"postLogoutRedirectUri\":\"https://h/\"}").url());
    }

    @Test
    void issuersWhenInfoThenEveryIdpIssuer() {
        assertEquals(Set.of("https://a", "https://b"), LogoutJson.issuers(
                "{\"idps\":[{\"id\":\"a\",\"issuer\":\"https://a\"},{\"id\":\"b\",\"issuer\":\"https://b\"}]}"));
    }

    @Test
    void endSessionRequestWhenBuiltThenContractShape() {
        assertEquals("{\"idpId\":\"dev\",\"issuer\":\"https://i\",\"idTokenHint\":\"t\"}",
                LogoutJson.endSessionRequest("dev", "https://i", "t"));
    }
}
