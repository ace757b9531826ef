package io.oidcsso.refhost.plugin;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import javax.servlet.FilterConfig;
import javax.servlet.ServletConfig;
import javax.servlet.ServletContext;

/** The FilterConfig / ServletConfig handed to a module's init: its key and its init-params. */
final class ModuleConfig implements FilterConfig, ServletConfig {
    private final String key;
    private final Map<String, String> params;
    private final ServletContext context;

    ModuleConfig(String key, Map<String, String> params, ServletContext context) {
        this.key = key;
        this.params = params;
        this.context = context;
    }

    @Override
    public String getFilterName() {
        return key;
    }

    @Override
    public String getServletName() {
        return key;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String name) {
        return params.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
    }
}
