package io.oidcsso.plugin.admin;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets of an export, encrypted with the admin's passphrase (docs/admin-api.openapi.yaml,
 * "ExportSecrets"): PBKDF2-HMAC-SHA256 ({@value #ITERATIONS} iterations, OWASP's 2023 figure, with
 * a random 16-byte salt) derives an AES-256 key; AES-GCM with a random 12-byte nonce and a 128-bit
 * tag encrypts the UTF-8 JSON of the secrets, with {@value #AAD} as associated data. JDK only.
 * A wrong passphrase (or a changed byte) fails the tag check: {@link WrongPassphrase}.
 */
final class ExportCrypto {
    static final String KDF = "PBKDF2-HMAC-SHA256";
    static final int ITERATIONS = 210_000;
    /** Iterations an import accepts: fewer would be a downgrade, more than this a denial of service. */
    static final int MAX_ITERATIONS = 10_000_000;
    static final int MIN_PASSPHRASE = 12;
    static final String AAD = "oidc-sso export secrets v1";
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The passphrase does not open these secrets (or they were altered). */
    static final class WrongPassphrase extends Exception {
        private static final long serialVersionUID = 1L;

        WrongPassphrase() {
            super("the passphrase does not decrypt the secrets of this export (or the export was altered)", null,
                    false, false);
        }
    }

    private ExportCrypto() {}

    static JsonObject encrypt(String plaintext, char[] passphrase) {
        return encrypt(plaintext, passphrase, ITERATIONS);
    }

    static JsonObject encrypt(String plaintext, char[] passphrase, int iterations) {
        byte[] salt = random(SALT_BYTES);
        byte[] nonce = random(NONCE_BYTES);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, key(passphrase, salt, iterations), nonce,
                plaintext.getBytes(StandardCharsets.UTF_8));
        JsonObject out = new JsonObject();
        out.addProperty("kdf", KDF);
        out.addProperty("iterations", iterations);
        out.addProperty("cipher", "AES-256-GCM");
        out.addProperty("salt", Base64.getEncoder().encodeToString(salt));
        out.addProperty("nonce", Base64.getEncoder().encodeToString(nonce));
        out.addProperty("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        return out;
    }

    /**
     * @throws ApiException 400 when the object is not one this class wrote (field by field)
     * @throws WrongPassphrase when the tag check fails
     */
    static String decrypt(JsonObject sealed, char[] passphrase) throws WrongPassphrase {
        if (!KDF.equals(string(sealed, "kdf"))) {
            throw invalid("secrets.kdf must be " + KDF);
        }
        if (sealed.has("cipher") && !"AES-256-GCM".equals(string(sealed, "cipher"))) {
            throw invalid("secrets.cipher must be AES-256-GCM");
        }
        int iterations;
        try {
            iterations = sealed.get("iterations").getAsInt();
        } catch (RuntimeException e) {
            throw invalid("secrets.iterations must be a number");
        }
        if (iterations < ITERATIONS || iterations > MAX_ITERATIONS) {
            throw invalid("secrets.iterations must be " + ITERATIONS + ".." + MAX_ITERATIONS);
        }
        byte[] salt = bytes(sealed, "salt");
        byte[] nonce = bytes(sealed, "nonce");
        byte[] ciphertext = bytes(sealed, "ciphertext");
        if (salt.length < SALT_BYTES || nonce.length != NONCE_BYTES || ciphertext.length < TAG_BITS / 8) {
            throw invalid("secrets.salt, nonce or ciphertext has the wrong length");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(passphrase, salt, iterations), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AAD.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new WrongPassphrase();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    private static byte[] run(int mode, SecretKeySpec key, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AAD.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    private static SecretKeySpec key(char[] passphrase, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            try {
                return new SecretKeySpec(key, "AES");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every Java platform", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String string(JsonObject object, String name) {
        return object.has(name) && object.get(name).isJsonPrimitive() ? object.get(name).getAsString() : null;
    }

    private static byte[] bytes(JsonObject object, String name) {
        String value = string(object, name);
        try {
            if (value == null) {
                throw new IllegalArgumentException("missing");
            }
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid("secrets." + name + " must be base64");
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(400, "invalid_document", message);
    }
}
