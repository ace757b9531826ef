package io.oidcsso.refhost;

import io.oidcsso.refhost.testplugin.TrailFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds the test plugin jar from the compiled classes of package testplugin, its descriptor and
 * (for a container) its Spring context: a transformerless bundle, as the real plugin is.
 */
final class TestPluginJar {
    static final String KEY = "io.oidcsso.refhost.testplugin";
    private static final String PACKAGE = "io/oidcsso/refhost/testplugin/";
    /** What the test plugin's classes use, and nothing more. */
    static final String IMPORTS = "javax.servlet,javax.servlet.http,com.atlassian.annotations.security,"
            + "com.atlassian.sal.api,com.atlassian.sal.api.auth,com.atlassian.sal.api.pluginsettings,"
            + "com.atlassian.sal.api.user,org.osgi.framework,"
            // Bitbucket's packages, exported in Bitbucket mode only: optional, as the real plugin imports them.
            + "com.atlassian.bitbucket.auth;resolution:=optional,com.atlassian.bitbucket.i18n;resolution:=optional,"
            + "com.atlassian.bitbucket.user;resolution:=optional";

    /** How the jar's manifest is written. */
    enum Packaging {
        /** Bundle-ManifestVersion 2, imports, Spring-Context and META-INF/spring/: what the products load. */
        BUNDLE_WITH_CONTEXT,
        /** Imports but no Spring context: an OsgiBundlePlugin without a container. */
        BUNDLE_WITHOUT_CONTEXT,
        /** The plugin's manifest before issue 9: key, symbolic name and version only (an R3 bundle, no imports). */
        KEY_AND_VERSION_ONLY
    }

    private TestPluginJar() {}

    static Path build(Path folder) throws IOException {
        return build(folder, "testplugin/atlassian-plugin.xml", Packaging.BUNDLE_WITH_CONTEXT);
    }

    static Path build(Path folder, Packaging packaging) throws IOException {
        return build(folder, "testplugin/atlassian-plugin.xml", packaging);
    }

    /** A jar with the test plugin classes, the descriptor from test resource {@code descriptor}, packaged as {@code packaging}. */
    static Path build(Path folder, String descriptor, Packaging packaging) throws IOException {
        Path classes = classesRoot();
        Path jar = folder.resolve("test-plugin-" + packaging.name().toLowerCase(java.util.Locale.ROOT) + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest(packaging));
                Stream<Path> walk = Files.list(classes.resolve(PACKAGE))) {
            for (Path classFile : walk.sorted().toList()) {
                add(out, PACKAGE + classFile.getFileName(), Files.readAllBytes(classFile));
            }
            add(out, "atlassian-plugin.xml", resource(descriptor));
            if (packaging == Packaging.BUNDLE_WITH_CONTEXT) {
                add(out, "META-INF/spring/plugin-context.xml", resource("testplugin/plugin-context.xml"));
            }
        }
        return jar;
    }

    private static Manifest manifest(Packaging packaging) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Atlassian-Plugin-Key", KEY);
        main.putValue("Bundle-SymbolicName", KEY);
        main.putValue("Bundle-Version", "1.0.0");
        if (packaging != Packaging.KEY_AND_VERSION_ONLY) {
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Import-Package", IMPORTS);
        }
        if (packaging == Packaging.BUNDLE_WITH_CONTEXT) {
            main.putValue("Spring-Context", "*");
        }
        return manifest;
    }

    /** A transformerless bundle jar (imports, no Spring context) holding only the given entries (name, content) besides its manifest. */
    static Path withEntries(Path folder, List<String[]> entries) throws IOException {
        Path jar = folder.resolve("custom-plugin.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest(Packaging.BUNDLE_WITHOUT_CONTEXT))) {
            for (String[] entry : entries) {
                add(out, entry[0], entry[1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TestPluginJar.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static void add(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static Path classesRoot() {
        try {
            return Path.of(TrailFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
