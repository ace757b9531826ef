package io.oidcsso.refhost.testplugin;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.atlassian.sal.api.auth.AuthenticationListener;
import com.atlassian.sal.api.auth.Authenticator;
import com.atlassian.sal.api.user.UserManager;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * Test plugin, a before-login filter: a request with {@code X-Test-Login: <user>} is authenticated the way the
 * real plugin's bearer filter does it, for that request only: SAL resolve, then SAL
 * {@code AuthenticationListener#authenticationSuccess} on a wrapper of the request with a session of its own
 * (a proxy that lives as long as the request), which goes down the chain.
 */
@UnrestrictedAccess
public class SalRequestLoginFilter implements Filter {
    private final UserManager users;
    private final AuthenticationListener listener;

    public SalRequestLoginFilter(UserManager users, AuthenticationListener listener) {
        this.users = users;
        this.listener = listener;
    }

    @Override
    public void init(FilterConfig config) {
        // Nothing to read.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String name = ((HttpServletRequest) request).getHeader("X-Test-Login");
        Principal principal = name == null ? null : users.resolve(name);
        if (principal == null) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        HttpSession session = (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getId" -> "test-request-session";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        HttpServletRequest wrapped = new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public HttpSession getSession(boolean create) {
                return session;
            }

            @Override
            public HttpSession getSession() {
                return session;
            }
        };
        listener.authenticationSuccess(new Authenticator.Result.Success(principal), wrapped, (HttpServletResponse) response);
        chain.doFilter(wrapped, response);
    }

    @Override
    public void destroy() {
        // Nothing held.
    }
}
