package io.oidcsso.refhost;

import io.oidcsso.refhost.testplugin.TrailFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds the test plugin jar from the compiled classes of package testplugin and its descriptor. */
final class TestPluginJar {
    private static final String PACKAGE = "io/oidcsso/refhost/testplugin/";

    private TestPluginJar() {}

    static Path build(Path folder) throws IOException {
        return build(folder, "testplugin/atlassian-plugin.xml");
    }

    /** A jar with the test plugin classes and the descriptor from test resource {@code descriptor}. */
    static Path build(Path folder, String descriptor) throws IOException {
        Path classes = classesRoot();
        Path jar = folder.resolve("test-plugin.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.list(classes.resolve(PACKAGE))) {
            for (Path classFile : walk.sorted().toList()) {
                add(out, PACKAGE + classFile.getFileName(), Files.readAllBytes(classFile));
            }
            try (InputStream in = TestPluginJar.class.getClassLoader().getResourceAsStream(descriptor)) {
                add(out, "atlassian-plugin.xml", in.readAllBytes());
            }
        }
        return jar;
    }

    /** A jar holding only the given entries (name, content). */
    static Path withEntries(Path folder, List<String[]> entries) throws IOException {
        Path jar = folder.resolve("custom-plugin.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String[] entry : entries) {
                add(out, entry[0], entry[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return jar;
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
