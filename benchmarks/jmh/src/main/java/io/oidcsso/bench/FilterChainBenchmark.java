package io.oidcsso.bench;

import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.web.OidcBearerFilter;
import io.oidcsso.plugin.web.OidcLoginFilter;
import io.oidcsso.plugin.web.OidcLogoutFilter;
import io.oidcsso.plugin.web.OidcSso;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The plugin's three servlet filters as the product chains them (bearer, logout, login: the weights of
 * atlassian-plugin.xml), the real classes over a configured runtime, against three pass-through filters
 * chained the same way, for the requests the filters should leave alone or answer from memory (issue 14,
 * item 2; docs/benchmarks.md, "The filter chain alone (JMH)"). The request and session are the unit
 * tests' fakes (a {@link java.lang.reflect.Proxy} each): every call the filters make on them costs a
 * reflective dispatch that a servlet container's request does not, so the difference is an upper bound
 * of the filters' own work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterChainBenchmark {
    private static final String USER_KEY = "seraph_defaultauthenticator_user";

    /** The request: a session's JSON call or page view, or an anonymous static resource. */
    @Param({"sso-whoami", "sso-dashboard", "local-whoami", "local-dashboard", "anonymous-static"})
    public String request;

    private HttpServletRequest httpRequest;
    private HttpServletResponse httpResponse;
    private FilterChain plugin;
    private FilterChain passThrough;
    private Filter firstPlugin;
    private Filter firstPassThrough;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws Exception {
        OidcSso sso = OidcSso.over(TestRuntime.configured().runtime);
        FilterChain servlet = (req, res) -> blackhole.consume(req);
        Filter bearer = new OidcBearerFilter(sso);
        FilterChain afterBearer = chain(new OidcLogoutFilter(sso), chain(new OidcLoginFilter(sso), servlet));
        firstPlugin = bearer;
        plugin = afterBearer;
        Filter pass = (req, res, next) -> next.doFilter(req, res);
        firstPassThrough = pass;
        passThrough = chain(pass, chain(pass, servlet));
        httpRequest = request(request).request();
        httpResponse = new FakeResponse().response();
        // Once through the plugin before measuring: the SSO session's first request fills the node's view.
        firstPlugin.doFilter(httpRequest, httpResponse, plugin);
        // The SSO cases must measure a live OIDC session (neither revoked nor cleared by that first request).
        if (request.startsWith("sso") && OidcSession.read(httpRequest.getSession(false)).isEmpty()) {
            throw new IllegalStateException("the SSO session was not kept by the logout filter");
        }
    }

    private static FilterChain chain(Filter filter, FilterChain next) {
        return (req, res) -> filter.doFilter(req, res, next);
    }

    private static FakeRequest request(String name) {
        FakeSession session = new FakeSession();
        session.session().setAttribute(USER_KEY, new FakeSal.NamedPrincipal(name.startsWith("sso") ? "alice" : "admin"));
        if (name.startsWith("sso")) {
            new OidcSession("dev", "http://127.0.0.2:9400", "alice", "sid-1", System.currentTimeMillis())
                    .store(session.session(), "id.token");
        }
        return switch (name) {
            case "sso-whoami", "local-whoami" -> FakeRequest.get("/rest/whoami").header("Accept", "application/json")
                    .session(session);
            case "sso-dashboard", "local-dashboard" -> FakeRequest.get("/secure/dashboard")
                    .header("Accept", "text/html").session(session);
            case "anonymous-static" -> FakeRequest.get("/s/en_GB/batch.css").header("Accept", "text/css");
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Benchmark
    public void pluginFilters() throws IOException, ServletException {
        firstPlugin.doFilter(httpRequest, httpResponse, plugin);
    }

    @Benchmark
    public void passThroughFilters() throws IOException, ServletException {
        firstPassThrough.doFilter(httpRequest, httpResponse, passThrough);
    }
}
