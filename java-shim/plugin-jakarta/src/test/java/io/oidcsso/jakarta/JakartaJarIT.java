package io.oidcsso.jakarta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Checks the Platform 8 jar this module builds against the Platform 7 jar it was transformed from:
 * no {@code javax.servlet} (or {@code javax/servlet}) anywhere, class files, manifest, descriptor
 * and Spring context included; {@code jakarta.servlet} imported at the range Platform 8 products
 * satisfy; Java 17 class files; nothing lost or added; the native library untouched.
 */
class JakartaJarIT {
    private static final Path JAKARTA = Path.of(System.getProperty("jakarta.jar"));
    private static final Path JAVAX = Path.of(System.getProperty("javax.jar"));

    @Test
    void scanWhenJakartaJarThenNoEntryMentionsJavaxServlet() throws IOException {
        assertEquals(List.of(), JarScan.javaxServletMentions(JAKARTA));
    }

    @Test
    void scanWhenJavaxJarThenTheScanFindsItsServletReferences() throws IOException {
        // The check above can fail: on the jar it was made from it finds the filters, the servlets and the manifest.
        List<String> found = JarScan.javaxServletMentions(JAVAX);
        assertTrue(found.contains("META-INF/MANIFEST.MF"), found.toString());
        assertTrue(found.contains("io/oidcsso/plugin/web/OidcLoginFilter.class"), found.toString());
    }

    @Test
    void manifestWhenTransformedThenImportsJakartaServletForServlet5And6() throws IOException {
        String imports = JarScan.mainAttribute(JAKARTA, "Import-Package");
        for (String pkg : List.of("jakarta.servlet", "jakarta.servlet.http")) {
            assertTrue(imports.contains(pkg + ";version=\"[5.0,7)\""), imports);
        }
        assertFalse(imports.contains("javax.servlet"), imports);
    }

    @Test
    void manifestWhenTransformedThenKeepsThePluginKeyVersionAndSpringContext() throws IOException {
        for (String header : List.of("Atlassian-Plugin-Key", "Bundle-Version", "Bundle-ManifestVersion",
                "Spring-Context")) {
            assertEquals(JarScan.mainAttribute(JAVAX, header), JarScan.mainAttribute(JAKARTA, header), header);
        }
        // The transformer's bundle rule marks the symbolic name; the products key plugins by Atlassian-Plugin-Key.
        assertEquals(JarScan.mainAttribute(JAVAX, "Bundle-SymbolicName") + ".jakarta",
                JarScan.mainAttribute(JAKARTA, "Bundle-SymbolicName"));
    }

    @Test
    void classesWhenTransformedThenStayJava17() throws IOException {
        try (JarFile jar = new JarFile(JAKARTA.toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                if (entry.getName().endsWith(".class")) {
                    byte[] bytes = jar.getInputStream(entry).readAllBytes();
                    int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
                    assertTrue(major <= 61, entry.getName() + " has class file version " + major);
                }
            }
        }
    }

    @Test
    void entriesWhenTransformedThenSameNamesAndNativeLibraryUnchanged() throws IOException {
        Map<String, byte[]> javax = entries(JAVAX);
        Map<String, byte[]> jakarta = entries(JAKARTA);
        assertEquals(javax.keySet(), jakarta.keySet());
        List<String> libraries = new ArrayList<>();
        for (String name : javax.keySet()) {
            if (name.endsWith(".so")) {
                libraries.add(name);
                assertArrayEquals(javax.get(name), jakarta.get(name), name);
            }
        }
        assertFalse(libraries.isEmpty(), "no native library in " + JAVAX);
        String context = new String(jakarta.get("META-INF/spring/oidc-sso-context.xml"), StandardCharsets.UTF_8);
        assertTrue(context.contains("osgi:reference"), context);
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                if (!entry.isDirectory() && !entry.getName().startsWith("META-INF/maven/")) {
                    out.put(entry.getName(), file.getInputStream(entry).readAllBytes());
                }
            }
        }
        assertTrue(Files.size(jar) > 0);
        return out;
    }

    /** The scan, separate so that its two uses above read the same way. */
    static final class JarScan {
        private static final byte[][] NEEDLES = {
            "javax.servlet".getBytes(StandardCharsets.US_ASCII), "javax/servlet".getBytes(StandardCharsets.US_ASCII)};

        private JarScan() {}

        /** The entries whose bytes (class constant pools, manifest, XML, anything) mention the javax servlet API. */
        static List<String> javaxServletMentions(Path jar) throws IOException {
            List<String> found = new ArrayList<>();
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : file.stream().toList()) {
                    byte[] bytes = file.getInputStream(entry).readAllBytes();
                    if (contains(entry.getName().getBytes(StandardCharsets.UTF_8)) || contains(bytes)) {
                        found.add(entry.getName());
                    }
                }
            }
            return found;
        }

        static String mainAttribute(Path jar, String name) throws IOException {
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes main = file.getManifest().getMainAttributes();
                return main.getValue(name);
            }
        }

        private static boolean contains(byte[] haystack) {
            for (byte[] needle : NEEDLES) {
                outer:
                for (int i = 0; i + needle.length <= haystack.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (haystack[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
            return false;
        }
    }
}
