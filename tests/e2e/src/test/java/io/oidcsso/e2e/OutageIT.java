package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 8, item 3 end to end: an IdP that accepts connections and never answers, under load. 300
 * concurrent requests hit it at once (150 login starts at an IdP never reached before, 150
 * callbacks of logins started while it was healthy, whose code exchange now hangs); meanwhile the
 * emergency local login ({@code /login?oidcsso_local=true}, the form POST) must answer within
 * {@link #LOCAL_LOGIN_BOUND}, every one of the 300 must answer within {@link #REQUEST_BOUND} with the way to the local
 * login, and afterwards SSO logins through a healthy IdP still work. The IdPs use the default HTTP
 * timeouts (10 s read): an outage may cost a bounded wait, never the servlet threads.
 */
class OutageIT {
    private static final int LOGIN_STARTS = 150;
    private static final int CALLBACKS = 150;
    /**
     * The emergency login's bound while the outage lasts: it took 58.6 s before issue 8 and takes a
     * few hundred ms now (printed below); 3 s keeps the claim (usable, not queued behind the outage)
     * on a CI machine shared with other builds.
     */
    private static final Duration LOCAL_LOGIN_BOUND = Duration.ofSeconds(3);
    /** No request waits longer than this for the unreachable IdP (hang guard). */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(30);
    private static final String DOWN = "down";
    private static final String FLAKY = "flaky";

    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static Path workDir;
    private static DevIdp devIdp;
    private static HostileIdp hostile;
    private static ReferenceHost host;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** One request of the flood and how it went. */
    private record Outcome(String what, int status, String body, Duration elapsed) {}

    @BeforeAll
    static void start() {
        workDir = E2eSettings.workDir().resolve("outage-" + System.currentTimeMillis());
        hostile = HostileIdp.start();
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        devIdp = DevIdp.start(workDir.resolve("logs"), List.of(hostBaseUrl));
        DUMP.watch(devIdp.process());
        Map<String, URI> others = new LinkedHashMap<>();
        others.put(DOWN, hostile.issuer("hang"));
        others.put(FLAKY, hostile.issuer("flaky"));
        Path config = PluginConfig.writeForDevIdpAnd(devIdp.issuer(), others, null,
                workDir.resolve("oidc-sso-config.json"));
        host = ReferenceHost.start("outage-node", hostBaseUrl, config, workDir, List.of());
        DUMP.watch(host.process());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable part : new AutoCloseable[] {host, devIdp, hostile}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.out.println("OutageIT: could not stop " + part + ": " + e);
                }
            }
        }
    }

    @Test
    void outageWhen300LoginsHitAnIdpThatNeverAnswersThenLocalLoginAnswersWithinSeconds() throws Exception {
        List<ScriptedUserAgent> callbackAgents = new ArrayList<>();
        List<URI> callbacks = new ArrayList<>();
        for (int i = 0; i < CALLBACKS; i++) {
            ScriptedUserAgent agent = new ScriptedUserAgent();
            URI authorization = ScriptedUserAgent.location(agent.get(host.url(E2eSettings.LOGIN_PATH + "?idp=" + FLAKY)));
            assertTrue(authorization.toString().startsWith(hostile.issuer(FLAKY).toString()), authorization.toString());
            String state = ScriptedLogin.rawQueryParameter(authorization, "state");
            callbackAgents.add(agent);
            callbacks.add(host.url(E2eSettings.CALLBACK_PATH + "?state=" + state + "&code=outage-code&iss="
                    + URLEncoder.encode(hostile.issuer(FLAKY).toString(), StandardCharsets.UTF_8)));
        }
        // Once before the outage, so the times below measure the outage, not the host's first login.
        timeLocalLogin();
        hostile.breakFlaky();

        ExecutorService pool = Executors.newFixedThreadPool(32);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<Outcome>> flood = new ArrayList<>();
        try {
            for (int i = 0; i < Math.max(LOGIN_STARTS, CALLBACKS); i++) {
                if (i < LOGIN_STARTS) {
                    flood.add(send(client, "login start at `" + DOWN + "`",
                            host.url(E2eSettings.LOGIN_PATH + "?idp=" + DOWN), null));
                }
                if (i < CALLBACKS) {
                    flood.add(send(client, "callback of `" + FLAKY + "`", callbacks.get(i),
                            callbackAgents.get(i).cookieHeader(callbacks.get(i))));
                }
            }
            awaitInFlight();

            // The emergency login, again and again for as long as the outage holds requests (at least 3 times).
            List<Duration> localLogins = new ArrayList<>();
            long until = System.nanoTime() + REQUEST_BOUND.toNanos();
            while (localLogins.size() < 3
                    || (!flood.stream().allMatch(CompletableFuture::isDone) && System.nanoTime() < until)) {
                localLogins.add(timeLocalLogin());
                Thread.sleep(1_000);
            }

            List<Outcome> outcomes = new ArrayList<>();
            for (CompletableFuture<Outcome> request : flood) {
                outcomes.add(request.get(REQUEST_BOUND.toSeconds() + 5, TimeUnit.SECONDS));
            }
            List<String> wrong = new ArrayList<>();
            for (Outcome outcome : outcomes) {
                if (outcome.status() != 503 || !outcome.body().contains("oidcsso_local=true")
                        || outcome.elapsed().compareTo(REQUEST_BOUND) > 0) {
                    wrong.add(outcome.what() + ": " + outcome.status() + " after " + outcome.elapsed().toMillis() + " ms");
                }
                HostileChecks.assertNoStackTrace(outcome.what(), outcome.body());
            }
            System.out.println("OutageIT: local logins during the outage took " + localLogins.stream()
                    .map(d -> d.toMillis() + " ms").toList() + "; slowest of the " + outcomes.size()
                    + " requests: " + outcomes.stream().mapToLong(o -> o.elapsed().toMillis()).max().orElse(0) + " ms");
            for (Duration localLogin : localLogins) {
                assertTrue(localLogin.compareTo(LOCAL_LOGIN_BOUND) < 0, "the local login took " + localLogin.toMillis()
                        + " ms during the outage (all: " + localLogins + ")");
            }
            assertEquals(List.of(), wrong, "requests at the unreachable IdP that did not get a bounded 503 page");
        } finally {
            pool.shutdownNow();
        }

        ChromeDriver driver = browsers.start(workDir);
        BrowserSteps browser = new BrowserSteps(driver);
        browser.open(host.url("/secure/dashboard"));
        browser.signInAtDevIdp(devIdp.issuer(), "alice", "alice");
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");
        assertEquals("alice", browser.whoami(host).user(), "SSO still works after the outage: " + browser.describe());
        HostileChecks.assertNoSecretInLog("host", host.process().lines(), List.of(E2eSettings.CLIENT_SECRET));
        HostileChecks.assertNoStackTraceInLog("host", host.process().lines());
    }

    private static CompletableFuture<Outcome> send(HttpClient client, String what, URI uri, String cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/html")
                .timeout(REQUEST_BOUND.plusSeconds(5));
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        long start = System.nanoTime();
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Outcome(what, response.statusCode(), response.body(),
                        Duration.ofNanos(System.nanoTime() - start)))
                .exceptionally(failure -> new Outcome(what + " (" + failure + ")", -1, "",
                        Duration.ofNanos(System.nanoTime() - start)));
    }

    /** Until the unreachable IdP holds connections from the host (the outage is on), at most 5 s. */
    private static void awaitInFlight() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int before = hostile.accepted();
        while (System.nanoTime() < deadline && hostile.accepted() < before + 2) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
    }

    /** The emergency path as a person takes it: the form page, then the form POST; how long both took. */
    private static Duration timeLocalLogin() {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        long start = System.nanoTime();
        HttpResponse<String> form = agent.get(host.url(E2eSettings.LOCAL_LOGIN_PATH));
        HttpResponse<String> login = agent.postForm(host.url(E2eSettings.LOGIN_PATH),
                Map.of("os_username", "admin", "os_password", "admin"), host.baseUrl().toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(200, form.statusCode(), "the local login form: " + form.body());
        assertTrue(form.body().contains("os_password"), "the local login form: " + form.body());
        assertEquals(302, login.statusCode(), "the local login: " + login.body());
        return took;
    }
}
