package io.oidcsso.refhost.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of a plugin's class loader: the JDK (through the platform loader) plus the
 * packages a product exports to plugins — the servlet API and the Atlassian API
 * ({@code com.atlassian.*}). Nothing of Jetty, gson or the host's own classes is visible, so a
 * plugin that leans on something the product would not give it fails here, not at a customer.
 */
final class HostApiClassLoader extends ClassLoader {
    private static final List<String> EXPORTED = List.of("javax.servlet.", "com.atlassian.");

    private final ClassLoader host;

    HostApiClassLoader(ClassLoader host) {
        super("host-api", ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isExported(name)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        if (isExported(toClassName(name))) {
            return host.getResource(name);
        }
        return getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isExported(toClassName(name))) {
            return host.getResources(name);
        }
        return getParent() == null ? Collections.emptyEnumeration() : getParent().getResources(name);
    }

    private static boolean isExported(String className) {
        return EXPORTED.stream().anyMatch(className::startsWith);
    }

    private static String toClassName(String resource) {
        return resource.replace('/', '.');
    }
}
