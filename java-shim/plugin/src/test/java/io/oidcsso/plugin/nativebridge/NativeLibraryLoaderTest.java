package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NativeLibraryLoaderTest {
    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux-x86_64",
        "Linux, x86_64, linux-x86_64",
        "Linux, aarch64, linux-aarch64",
        "Mac OS X, aarch64, macos-aarch64",
        "Windows Server 2022, amd64, windows-x86_64",
        "AIX, ppc64, aix-ppc64",
    })
    void platformWhenJvmNamesThenJarDirectoryName(String os, String arch, String expected) {
        assertEquals(expected, NativeLibraryLoader.platform(os, arch));
    }

    @Test
    void unsupportedReasonWhenOtherPlatformThenSaysWhatIsSupportedAndThatNormalLoginIsUsed() {
        assertEquals("oidc-sso's native library is unsupported on this server (windows-x86_64); it supports "
                + "linux-x86_64 and linux-aarch64 with glibc 2.28 or later: single sign-on is off "
                + "and the product's normal login is used", NativeLibraryLoader.unsupportedReason("windows-x86_64"));
    }

    @ParameterizedTest
    @CsvSource({"Windows Server 2022, amd64", "Mac OS X, aarch64", "Linux, ppc64le", "Linux, riscv64", "FreeBSD, amd64"})
    void loadWhenPlatformUnsupportedThenUnavailableSayingUnsupported(String os, String arch) {
        NativeLibraryLoader.Status status = NativeLibraryLoader.load(os, arch);

        assertFalse(status.available());
        assertTrue(status.reason().contains("unsupported on this server (" + NativeLibraryLoader.platform(os, arch)
                + ")"), status.reason());
        assertTrue(status.reason().endsWith("single sign-on is off and the product's normal login is used"),
                status.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux-x86_64", "linux-aarch64"})
    void jarWhenBuiltThenCarriesTheLibraryOfEverySupportedPlatform(String platform) {
        assertTrue(NativeLibraryLoader.SUPPORTED_PLATFORMS.contains(platform));
        assertNotNull(NativeLibraryLoader.class.getResource("/native/" + platform + "/liboidc_sso_jni.so"),
                "native/" + platform + " is missing from the classes (scripts/build-native.sh builds it)");
    }

    @Test
    void loadWhenLinuxAarch64OnAnX8664JvmThenPicksTheAarch64LibraryWhichCannotRunHere() {
        assumeTrue(NativeLibraryLoader.platform("Linux", System.getProperty("os.arch")).equals("linux-x86_64"),
                "needs an x86_64 JVM, where the aarch64 library must fail to load");

        NativeLibraryLoader.Status status = NativeLibraryLoader.load("Linux", "aarch64");

        // The JVM names the architecture it found in the file: proof the aarch64 file was chosen.
        assertFalse(status.available());
        assertTrue(status.reason().contains("AARCH64"), status.reason());
        assertTrue(status.reason().contains("glibc 2.28 or later"), status.reason());
    }

    @Test
    void statusWhenRunningOnLinuxX8664ThenLoadedFromTheJarResource() {
        NativeLibraryLoader.Status status = NativeLibraryLoader.status();

        assertTrue(status.available(), status::reason);
        assertEquals(null, status.reason());
    }

    @Test
    void extractWhenCalledTwiceThenTwoUniqueOwnerOnlyCopies(@TempDir Path dir) throws Exception {
        URL library = NativeLibraryLoader.class.getResource("/native/linux-x86_64/liboidc_sso_jni.so");

        Path first = NativeLibraryLoader.extract(library, dir.resolve("sub"));
        Path second = NativeLibraryLoader.extract(library, dir.resolve("sub"));

        assertNotEquals(first, second);
        assertTrue(first.getFileName().toString().matches("oidc-sso-[0-9a-f-]{36}\\.so"), first.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
        try (var in = library.openStream()) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(second));
        }
    }

    @Test
    void extractionDirectoryWhenPropertySetThenUsed(@TempDir Path dir) {
        String previous = System.getProperty(NativeLibraryLoader.DIR_PROPERTY);
        System.setProperty(NativeLibraryLoader.DIR_PROPERTY, dir.toString());
        try {
            assertEquals(dir.toAbsolutePath(), NativeLibraryLoader.extractionDirectory());
        } finally {
            if (previous == null) {
                System.clearProperty(NativeLibraryLoader.DIR_PROPERTY);
            } else {
                System.setProperty(NativeLibraryLoader.DIR_PROPERTY, previous);
            }
        }
    }
}
