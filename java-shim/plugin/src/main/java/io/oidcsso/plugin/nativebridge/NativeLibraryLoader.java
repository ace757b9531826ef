package io.oidcsso.plugin.nativebridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Loads {@code native/<os>-<arch>/liboidc_sso_jni.so} from this class's own class loader. The jar
 * carries {@code linux-x86_64} and {@code linux-aarch64}, both linked against glibc 2.28
 * (docs/platforms.md); on any other platform SSO stays off with a reason that says so.
 *
 * <p>The library is copied to a uniquely named file per load ({@code oidc-sso-<uuid>.so}), so
 * that a plugin upgrade, which loads it again in a new class loader, never meets the JVM's
 * "already loaded in another classloader" refusal. The directory is {@code
 * -Doidcsso.native.dir} (default {@code java.io.tmpdir}; servers often mount /tmp noexec). The
 * file is deleted right after loading: the mapping stays valid.
 *
 * <p>Never throws: a platform it cannot serve gives an unavailable {@link Status} with a reason
 * for the admin, and the product's normal login carries on.
 */
public final class NativeLibraryLoader {
    /** System property naming the directory the library is extracted to. */
    public static final String DIR_PROPERTY = "oidcsso.native.dir";

    static final String LIBRARY_FILE = "liboidc_sso_jni.so";
    /** The jar's {@code native/} directories; scripts/native.env builds and checks the same list. */
    static final List<String> SUPPORTED_PLATFORMS = List.of("linux-x86_64", "linux-aarch64");
    /** The oldest C library the jar's libraries run on (scripts/native.env). */
    static final String GLIBC = "glibc 2.28";
    private static final String FALLBACK = "single sign-on is off and the product's normal login is used";

    private static Status status;

    private NativeLibraryLoader() {}

    /** Whether the library is loaded, and if not, why. Loads it on the first call. */
    public record Status(boolean available, String reason) {
        static Status loaded() {
            return new Status(true, null);
        }

        static Status unavailable(String reason) {
            return new Status(false, reason);
        }
    }

    /** The load status for this class loader; the first call loads the library. */
    public static synchronized Status status() {
        if (status == null) {
            status = load();
        }
        return status;
    }

    private static Status load() {
        return load(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Loads the library of the platform the JVM names; package-private for tests. */
    static Status load(String osName, String osArch) {
        String platform = platform(osName, osArch);
        if (!SUPPORTED_PLATFORMS.contains(platform)) {
            return Status.unavailable(unsupportedReason(platform));
        }
        String resource = "/native/" + platform + "/" + LIBRARY_FILE;
        URL url = NativeLibraryLoader.class.getResource(resource);
        if (url == null) {
            return Status.unavailable("oidc-sso's native library " + resource.substring(1)
                    + " is missing from the plugin jar (a packaging error): " + FALLBACK);
        }
        Path dir = extractionDirectory();
        try {
            loadFrom(url, dir);
            return Status.loaded();
        } catch (IOException e) {
            return Status.unavailable("oidc-sso could not extract its native library to " + dir + " ("
                    + e + "); set -D" + DIR_PROPERTY + " to a writable directory: " + FALLBACK);
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return Status.unavailable("oidc-sso could not load its native library from " + dir + " ("
                    + e.getMessage() + "); it needs " + GLIBC + " or later (musl-based systems such as Alpine"
                    + " are not supported); if that directory is mounted noexec, set -D" + DIR_PROPERTY
                    + " to one that is not: " + FALLBACK);
        }
    }

    /** {@code <os>-<arch>} in the jar's naming ({@code linux-x86_64}), from the JVM's names. */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            os = "macos";
        } else if (os.startsWith("windows")) {
            os = "windows";
        } else {
            os = os.replaceAll("[^a-z0-9]", "");
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64", "x86_64", "x86-64" -> arch = "x86_64";
            case "aarch64", "arm64" -> arch = "aarch64";
            default -> arch = arch.replaceAll("[^a-z0-9_]", "");
        }
        return os + "-" + arch;
    }

    static String unsupportedReason(String platform) {
        return "oidc-sso's native library is unsupported on this server (" + platform + "); it supports "
                + String.join(" and ", SUPPORTED_PLATFORMS) + " with " + GLIBC + " or later: " + FALLBACK;
    }

    static Path extractionDirectory() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("java.io.tmpdir");
        }
        return Paths.get(configured).toAbsolutePath();
    }

    /** Copies the library to a fresh file in {@code dir}, loads it, deletes the file. */
    static void loadFrom(URL library, Path dir) throws IOException {
        Path file = extract(library, dir);
        try {
            System.load(file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A new owner-only file {@code oidc-sso-<uuid>.so} with the library's bytes. */
    static Path extract(URL library, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("oidc-sso-" + UUID.randomUUID() + ".so");
        // CREATE_NEW (O_EXCL) with owner-only permissions in one step: never writes through
        // a planted file or symlink, and nobody else can swap the bytes before loading.
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (InputStream in = library.openStream();
                OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, options, attributes))) {
            in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
