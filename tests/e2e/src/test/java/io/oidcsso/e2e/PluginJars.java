package io.oidcsso.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Variants of the built plugin jar: a newer build (another Bundle-Version), or the manifest as it was before issue 9. */
final class PluginJars {
    private PluginJars() {}

    /** The built jar with {@code Bundle-Version} set to {@code version}: a newer build for an upgrade. */
    static byte[] withVersion(Path jar, String version) {
        return rewrite(jar, manifest -> manifest.getMainAttributes().putValue("Bundle-Version", version), Set.of());
    }

    /**
     * The built jar with the manifest the plugin had before issue 9 (key, symbolic name and version
     * only: no Bundle-ManifestVersion, no Import-Package, no Spring-Context) and without its Spring XML.
     */
    static byte[] withPreOsgiManifest(Path jar) {
        return rewrite(jar, manifest -> {
            Attributes old = manifest.getMainAttributes();
            String key = old.getValue("Atlassian-Plugin-Key");
            old.clear();
            old.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            old.putValue("Atlassian-Plugin-Key", key);
            old.putValue("Bundle-SymbolicName", key);
            old.putValue("Bundle-Version", "0.1.0");
        }, Set.of("META-INF/spring/oidc-sso-context.xml"));
    }

    /**
     * The built jar whose callback servlet also claims {@code /oidc/callback}, the path of Atlassian's
     * bundled SSO app (as the plugin did before issue 9).
     */
    static byte[] claimingBundledCallback(Path jar) {
        return rewrite(jar, manifest -> { }, Set.of(), "atlassian-plugin.xml",
                xml -> xml.replace("<url-pattern>/oidc-sso/callback</url-pattern>",
                        "<url-pattern>/oidc-sso/callback</url-pattern><url-pattern>/oidc/callback</url-pattern>"));
    }

    private interface ManifestEdit {
        void apply(Manifest manifest);
    }

    private static byte[] rewrite(Path jar, ManifestEdit edit, Set<String> drop) {
        return rewrite(jar, edit, drop, null, null);
    }

    private static byte[] rewrite(Path jar, ManifestEdit edit, Set<String> drop, String textEntry,
            java.util.function.UnaryOperator<String> textEdit) {
        try (InputStream file = Files.newInputStream(jar); JarInputStream in = new JarInputStream(file)) {
            Manifest manifest = new Manifest(in.getManifest());
            edit.apply(manifest);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    if (drop.contains(entry.getName())) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    if (entry.getName().equals(textEntry)) {
                        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        String edited = textEdit.apply(text);
                        if (edited.equals(text)) {
                            throw new IllegalStateException(textEntry + " did not change: the test's edit is stale");
                        }
                        out.write(edited.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    } else {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + jar, e);
        }
    }
}
