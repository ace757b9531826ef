package io.oidcsso.refhost.testplugin;

import com.atlassian.annotations.security.UnrestrictedAccess;
import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Test plugin: appends "name(remote user)" to the X-Filter-Trail response header. */
@UnrestrictedAccess
public class TrailFilter implements Filter {
    private String name;

    @Override
    public void init(FilterConfig config) {
        name = config.getInitParameter("name");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String user = ((HttpServletRequest) request).getRemoteUser();
        ((HttpServletResponse) response).addHeader("X-Filter-Trail", name + "(" + (user == null ? "-" : user) + ")");
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {}
}
