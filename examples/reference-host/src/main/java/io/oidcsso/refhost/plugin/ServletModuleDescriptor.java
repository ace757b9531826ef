package io.oidcsso.refhost.plugin;

import java.util.List;
import java.util.Map;

/** One {@code <servlet>} module; its url patterns are relative to {@code /plugins/servlet}. */
public record ServletModuleDescriptor(
        String key, String className, List<UrlPattern> urlPatterns, Map<String, String> initParams) {

    public ServletModuleDescriptor {
        urlPatterns = List.copyOf(urlPatterns);
        initParams = Map.copyOf(initParams);
    }
}
