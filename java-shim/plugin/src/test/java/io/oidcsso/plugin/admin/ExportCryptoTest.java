package io.oidcsso.plugin.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ExportCryptoTest {
    private static final char[] PASSPHRASE = "correct horse battery".toCharArray();

    @Test
    void decryptWhenSamePassphraseThenPlaintextAndEachExportHasItsOwnSaltAndNonce() throws Exception {
        JsonObject first = ExportCrypto.encrypt("{\"a\":{\"/clientSecret\":\"s3cr3t\"}}", PASSPHRASE);
        JsonObject second = ExportCrypto.encrypt("{\"a\":{\"/clientSecret\":\"s3cr3t\"}}", PASSPHRASE);
        assertEquals("{\"a\":{\"/clientSecret\":\"s3cr3t\"}}", ExportCrypto.decrypt(first, PASSPHRASE));
        assertEquals("PBKDF2-HMAC-SHA256", first.get("kdf").getAsString());
        assertEquals(210_000, first.get("iterations").getAsInt());
        assertEquals(16, Base64.getDecoder().decode(first.get("salt").getAsString()).length);
        assertEquals(12, Base64.getDecoder().decode(first.get("nonce").getAsString()).length);
        assertNotEquals(first.get("salt"), second.get("salt"));
        assertNotEquals(first.get("nonce"), second.get("nonce"));
        assertFalse(first.toString().contains("s3cr3t"));
    }

    @Test
    void decryptWhenWrongPassphraseOrAlteredCiphertextThenWrongPassphrase() {
        JsonObject sealed = ExportCrypto.encrypt("{}", PASSPHRASE);
        assertThrows(ExportCrypto.WrongPassphrase.class,
                () -> ExportCrypto.decrypt(sealed, "correct horse battery!".toCharArray()));
        byte[] bytes = Base64.getDecoder().decode(sealed.get("ciphertext").getAsString());
        bytes[0] ^= 1;
        sealed.addProperty("ciphertext", Base64.getEncoder().encodeToString(bytes));
        assertThrows(ExportCrypto.WrongPassphrase.class, () -> ExportCrypto.decrypt(sealed, PASSPHRASE));
    }

    @Test
    void decryptWhenIterationsLoweredOrFieldsBrokenThenInvalidDocumentNotACrash() {
        JsonObject sealed = ExportCrypto.encrypt("{}", PASSPHRASE);
        sealed.addProperty("iterations", 1000);
        assertEquals("invalid_document", assertThrows(ApiException.class,
                () -> ExportCrypto.decrypt(sealed, PASSPHRASE)).error());
        JsonObject broken = ExportCrypto.encrypt("{}", PASSPHRASE);
        broken.addProperty("nonce", "not base64!");
        assertEquals("invalid_document", assertThrows(ApiException.class,
                () -> ExportCrypto.decrypt(broken, PASSPHRASE)).error());
        JsonObject noKdf = ExportCrypto.encrypt("{}", PASSPHRASE);
        noKdf.remove("kdf");
        assertEquals("invalid_document", assertThrows(ApiException.class,
                () -> ExportCrypto.decrypt(noKdf, PASSPHRASE)).error());
    }
}
