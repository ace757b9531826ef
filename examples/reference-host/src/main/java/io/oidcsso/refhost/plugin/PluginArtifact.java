package io.oidcsso.refhost.plugin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * A plugin jar as the plugin framework's factories see it before installing it: its manifest, its
 * descriptor, whether it carries a Spring context, and so which factory would take it
 * (plugin-system-review.md §2.1, OsgiPluginFactory / OsgiBundleFactory#canCreate).
 */
public final class PluginArtifact {
    static final String DESCRIPTOR = "atlassian-plugin.xml";

    /** What the products' plugin factories make of a jar. */
    public enum Kind {
        /** Atlassian-Plugin-Key + Bundle-Version and a Spring context: an OsgiPlugin with a container. */
        TRANSFORMERLESS_WITH_CONTAINER,
        /** Atlassian-Plugin-Key + Bundle-Version, no Spring context: an OsgiBundlePlugin, no container. */
        BUNDLE_WITHOUT_CONTAINER,
        /** A descriptor but no Atlassian-Plugin-Key: the products would transform it; this host does not. */
        NEEDS_TRANSFORMATION,
        /** Neither: no factory takes it. */
        NOT_A_PLUGIN
    }

    private final byte[] bytes;
    private final Attributes manifest;
    private final byte[] descriptor;
    private final boolean springContextEntry;

    private PluginArtifact(byte[] bytes, Attributes manifest, byte[] descriptor, boolean springContextEntry) {
        this.bytes = bytes;
        this.manifest = manifest;
        this.descriptor = descriptor;
        this.springContextEntry = springContextEntry;
    }

    /** Reads a jar's bytes; throws {@link DescriptorException} when it is not a readable jar. */
    public static PluginArtifact read(byte[] jar) {
        byte[] descriptor = null;
        boolean spring = false;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                String name = entry.getName();
                if (name.equals(DESCRIPTOR)) {
                    descriptor = in.readAllBytes();
                } else if (name.startsWith("META-INF/spring/") && name.endsWith(".xml")
                        && name.indexOf('/', "META-INF/spring/".length()) < 0) {
                    spring = true;
                }
            }
            return new PluginArtifact(jar, manifest == null ? new Attributes() : manifest.getMainAttributes(),
                    descriptor, spring);
        } catch (IOException e) {
            throw new DescriptorException("not a readable jar: " + e.getMessage(), e);
        }
    }

    public Kind kind() {
        boolean isPlugin = descriptor != null;
        boolean transformless = header("Atlassian-Plugin-Key") != null && header("Bundle-Version") != null;
        if (transformless) {
            return hasSpringContext() ? Kind.TRANSFORMERLESS_WITH_CONTAINER : Kind.BUNDLE_WITHOUT_CONTAINER;
        }
        return isPlugin ? Kind.NEEDS_TRANSFORMATION : Kind.NOT_A_PLUGIN;
    }

    /** JarPluginArtifact#containsSpringContext: a Spring-Context header or a META-INF/spring/*.xml entry. */
    public boolean hasSpringContext() {
        return header("Spring-Context") != null || springContextEntry;
    }

    /** The plugin key: the manifest's Atlassian-Plugin-Key, else the descriptor's. */
    public String key(PluginDescriptor parsed) {
        String key = header("Atlassian-Plugin-Key");
        return key != null ? key : parsed.key();
    }

    public String header(String name) {
        String value = manifest.getValue(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The descriptor's bytes, or null when the jar has none. */
    public byte[] descriptor() {
        return descriptor == null ? null : descriptor.clone();
    }

    public byte[] bytes() {
        return bytes;
    }
}
