package io.oidcsso.refhost.plugin;

import io.oidcsso.refhost.security.RequestPaths;
import java.io.IOException;
import java.util.List;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The host's slot for one filter location (like the plugin framework's
 * ServletFilterModuleContainerFilter): runs the plugin filters of that location whose url
 * patterns and dispatchers match the request, in weight order, then continues the host chain.
 */
public final class LocationFilter implements Filter {
    private final FilterLocation location;
    private final PluginManager plugins;
    private final ModuleAccess access;

    public LocationFilter(FilterLocation location, PluginManager plugins, ModuleAccess access) {
        this.location = location;
        this.plugins = plugins;
        this.access = access;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain hostChain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = RequestPaths.of(http);
        List<FilterModule> matching = plugins.filtersAt(location).stream()
                .filter(f -> f.descriptor().appliesTo(path, http.getDispatcherType()))
                .toList();
        if (matching.isEmpty()) {
            hostChain.doFilter(request, response);
        } else {
            new Chain(matching, hostChain).doFilter(request, response);
        }
    }

    /** Walks the matching plugin filters, then hands over to the rest of the host chain. */
    private final class Chain implements FilterChain {
        private final List<FilterModule> modules;
        private final FilterChain hostChain;
        private int next;

        Chain(List<FilterModule> modules, FilterChain hostChain) {
            this.modules = modules;
            this.hostChain = hostChain;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
            if (next >= modules.size()) {
                hostChain.doFilter(request, response);
                return;
            }
            FilterModule module = modules.get(next++);
            if (access.admit(module.descriptor().key(), module.unrestricted(),
                    (HttpServletRequest) request, (HttpServletResponse) response)) {
                PluginCalls.run(module.classLoader(), () -> module.filter().doFilter(request, response, this));
            }
        }
    }
}
