package io.oidcsso.refhost.plugin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.servlet.DispatcherType;

/** One {@code <servlet-filter>} module as declared in atlassian-plugin.xml. */
public record FilterModuleDescriptor(
        String key,
        String className,
        FilterLocation location,
        int weight,
        List<UrlPattern> urlPatterns,
        Set<DispatcherType> dispatchers,
        Map<String, String> initParams) {

    public FilterModuleDescriptor {
        urlPatterns = List.copyOf(urlPatterns);
        dispatchers = Set.copyOf(dispatchers);
        initParams = Map.copyOf(initParams);
    }

    /** Does this filter apply to a request for {@code path} dispatched as {@code type}? */
    public boolean appliesTo(String path, DispatcherType type) {
        return dispatchers.contains(type) && urlPatterns.stream().anyMatch(p -> p.matches(path));
    }
}
