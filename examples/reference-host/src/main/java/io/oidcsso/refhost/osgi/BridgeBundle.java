package io.oidcsso.refhost.osgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The container event bridge as a bundle jar, built in memory from the host's own class file (the
 * products ship theirs, atlassian-plugins-osgi-bridge, as a framework bundle). It imports only what
 * the listener touches.
 */
final class BridgeBundle {
    static final String SYMBOLIC_NAME = "io.oidcsso.refhost.container-bridge";
    /**
     * The activator, by name: the host must never load it (its Gemini supertypes exist only inside
     * the framework; in the shaded host jar they are absent, in the test classpath present).
     */
    static final String ACTIVATOR = "io.oidcsso.refhost.osgi.bridge.ContextEventBridge";

    private BridgeBundle() {}

    static byte[] jar() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", ACTIVATOR);
        main.putValue("Import-Package", "org.osgi.framework,org.eclipse.gemini.blueprint.context.event,"
                + "org.springframework.context,org.springframework.context.event");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String entry = ACTIVATOR.replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(bytes, manifest);
                InputStream in = BridgeBundle.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IllegalStateException("the host jar lacks " + entry);
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the container bridge bundle", e);
        }
        return bytes.toByteArray();
    }
}
