package io.oidcsso.plugin.adminui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin UI's static files ({@code src/main/resources/io/oidcsso/adminui/}), read once from the
 * plugin's class path. They are served under a path that carries {@link #version()}, a hash of all of
 * them, so a browser may keep them for a year: a changed file is a new path.
 */
public final class AdminUiAssets {
    /** Every file the UI has; a unit test checks that this list matches the resource folder. */
    static final List<String> FILES = List.of(
            "app.css",
            "app.js",
            "api.js",
            "dom.js",
            "fields.js",
            "store.js",
            "page-idps.js",
            "page-claims.js",
            "page-groups.js",
            "page-signin.js",
            "page-logout.js",
            "page-emergency.js",
            "page-templates.js",
            "page-transfer.js",
            "page-diagnostics.js",
            "page-accounts.js",
            "page-audit.js",
            "preview.js",
            "test-login.js");
    private static final String FOLDER = "io/oidcsso/adminui/";

    /** One file: its bytes and its content type. */
    record Asset(String contentType, byte[] bytes) {}

    private final Map<String, Asset> assets;
    private final String version;

    private AdminUiAssets(Map<String, Asset> assets, String version) {
        this.assets = assets;
        this.version = version;
    }

    /** Reads every file of {@link #FILES}; a missing one is a packaging error. */
    public static AdminUiAssets load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        ClassLoader loader = AdminUiAssets.class.getClassLoader();
        for (String name : FILES) {
            byte[] bytes;
            try (InputStream in = loader.getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("the plugin jar lacks " + FOLDER + name);
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + FOLDER + name, e);
            }
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
            assets.put(name, new Asset(contentType(name), bytes));
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : digest.digest()) {
            hex.append(String.format("%02x", b));
        }
        return new AdminUiAssets(Map.copyOf(assets), hex.substring(0, 16));
    }

    /** The hash that names this set of files in their path. */
    public String version() {
        return version;
    }

    Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    static String contentType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript;charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css;charset=utf-8";
        }
        throw new IllegalArgumentException("no content type for " + name);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
