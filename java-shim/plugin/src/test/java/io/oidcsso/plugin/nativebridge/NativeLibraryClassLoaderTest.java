package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a plugin upgrade does: the same library loaded by two fresh class loaders, one after the
 * other, each with its own copy of the nativebridge classes.
 */
class NativeLibraryClassLoaderTest {
    private static final String ENGINE = "io.oidcsso.plugin.nativebridge.OidcEngine";

    @Test
    void libraryWhenLoadedInTwoFreshClassLoadersThenBothWork() throws Exception {
        String expectedInfo = OidcEngine.libraryInfo();

        for (int round = 1; round <= 2; round++) {
            try (URLClassLoader loader = pluginLoader()) {
                Class<?> engine = Class.forName(ENGINE, true, loader);
                assertSame(loader, engine.getClassLoader(), "the test's copy must not be visible");

                assertEquals(Boolean.TRUE, engine.getMethod("isAvailable").invoke(null),
                        () -> "round: " + reason(engine));
                assertEquals(expectedInfo, engine.getMethod("libraryInfo").invoke(null));
                assertExceptionsComeFromTheirOwnLoader(engine, loader);
                engine.getMethod("shutdownNative").invoke(null);
            }
        }
        assertNoExtractedLibraryLeft();
    }

    @Test
    void engineWhenJvmReportsAnUnsupportedPlatformThenUnavailableAndCreateRefused() throws Exception {
        String arch = System.getProperty("os.arch");
        try (URLClassLoader loader = pluginLoader()) {
            Class<?> engine = Class.forName(ENGINE, true, loader);
            // The loader reads os.arch once, on its first use in this class loader.
            System.setProperty("os.arch", "ppc64le");
            Object available;
            try {
                available = engine.getMethod("isAvailable").invoke(null);
            } finally {
                System.setProperty("os.arch", arch);
            }

            assertEquals(Boolean.FALSE, available);
            String reason = (String) reason(engine);
            assertTrue(reason.contains("unsupported on this server (linux-ppc64le)"), reason);
            assertTrue(reason.endsWith("single sign-on is off and the product's normal login is used"), reason);
            Method create = engine.getMethod("create", String.class, String.class);
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> create.invoke(null, "{}", "{}"));
            assertEquals("io.oidcsso.plugin.nativebridge.OidcNativeUnavailableException",
                    thrown.getCause().getClass().getName());
            assertEquals(reason, thrown.getCause().getMessage());
        }
    }

    /** Native code must raise this loader's exception classes, not the thread context's copy. */
    private static void assertExceptionsComeFromTheirOwnLoader(Class<?> engine, ClassLoader loader)
            throws ReflectiveOperationException {
        Method panic = engine.getMethod("selfTestPanic");
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> panic.invoke(null));
        Throwable cause = thrown.getCause();
        assertEquals("io.oidcsso.plugin.nativebridge.OidcNativePanicException", cause.getClass().getName());
        assertSame(loader, cause.getClass().getClassLoader());
    }

    private static Object reason(Class<?> engine) {
        try {
            return engine.getMethod("unavailableReason").invoke(null);
        } catch (ReflectiveOperationException e) {
            return e;
        }
    }

    /** The built classes (and native/ resources), with a parent that sees only the JDK. */
    private static URLClassLoader pluginLoader() throws Exception {
        String classes = System.getProperty("oidcsso.test.classes");
        assertNotNull(classes, "surefire passes -Doidcsso.test.classes");
        URL url = Paths.get(classes).toUri().toURL();
        return new URLClassLoader("plugin-under-test", new URL[] {url}, ClassLoader.getPlatformClassLoader());
    }

    private static void assertNoExtractedLibraryLeft() throws Exception {
        Path dir = NativeLibraryLoader.extractionDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().matches("oidc-sso-[0-9a-f-]{36}\\.so")),
                    "extracted libraries are deleted after loading: " + dir);
        }
    }
}
