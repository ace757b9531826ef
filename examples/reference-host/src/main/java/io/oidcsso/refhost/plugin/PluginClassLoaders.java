package io.oidcsso.refhost.plugin;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/** Creates the isolated class loader a plugin jar runs in. */
public final class PluginClassLoaders {
    private PluginClassLoaders() {}

    /**
     * A loader for {@code jar} whose parent sees only the JDK, {@code javax.servlet.*} and
     * {@code com.atlassian.*} as provided by {@code host}.
     */
    public static URLClassLoader forJar(Path jar, ClassLoader host) {
        try {
            URL url = jar.toAbsolutePath().toUri().toURL();
            return new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {url}, new HostApiClassLoader(host));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("cannot turn " + jar + " into a URL", e);
        }
    }
}
