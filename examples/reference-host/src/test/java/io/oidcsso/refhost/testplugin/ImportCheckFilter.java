package io.oidcsso.refhost.testplugin;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

/**
 * Test plugin: like the real plugin, refuses to start when the imported configuration is
 * invalid; records its destroy() in the global settings.
 */
@UnrestrictedAccess
public class ImportCheckFilter implements Filter {
    private final PluginSettingsFactory settings;

    public ImportCheckFilter(PluginSettingsFactory settings) {
        this.settings = settings;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        Object imported = settings.createGlobalSettings().get("io.oidcsso.import");
        if (imported instanceof String text && text.contains("invalid")) {
            throw new ServletException("invalid configuration:\n  /issuer: must be an https URL");
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
        settings.createGlobalSettings().put("io.oidcsso.test.destroyed", "yes");
    }
}
