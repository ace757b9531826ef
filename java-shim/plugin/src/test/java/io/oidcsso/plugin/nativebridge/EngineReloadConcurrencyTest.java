package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A reload swaps the engine under 50 concurrent calls: no crash, no failed call. Every reload
 * starts with a cold discovery cache, so the IdP's bulkhead is widened past the 50 callers
 * (with the default of 16 the others would rightly get {@code idp_busy} while one fetches).
 */
class EngineReloadConcurrencyTest {
    private static final int CALLERS = 50;
    private static final int CALLS_EACH = 20;
    private static final String WIDE_BULKHEAD = "{\"maxConcurrentCalls\":100}";

    @Test
    void reloadWhileFiftyConcurrentInfoCallsThenNoCallFails() throws Exception {
        try (TestProvider provider = TestProvider.start();
                OidcEngine engine = OidcEngine.create(provider.config("client-a"), TestProvider.hostContext())) {
            Outcome outcome = hammer(provider, engine, OidcEngine::info);

            assertEquals(List.of(), outcome.failures());
            assertTrue(outcome.reloads() > 0, "reloads happened while the calls ran");
        }
    }

    @Test
    void reloadWhileFiftyConcurrentLoginsThenEveryLoginGetsAnAuthorizationUrl() throws Exception {
        try (TestProvider provider = TestProvider.start();
                OidcEngine engine = OidcEngine.create(provider.config("client-a", WIDE_BULKHEAD),
                        TestProvider.hostContext())) {
            String request = "{\"idpId\":\"test\",\"returnTo\":\"/browse/X-1\",\"browserBinding\":\"binding-1\"}";
            Outcome outcome = hammer(provider, engine, e -> {
                String response = e.beginLogin(request);
                if (!response.contains("\"authorizationUrl\":\"" + provider.issuer() + "/authorize?")) {
                    throw new AssertionError("unexpected beginLogin response: " + response);
                }
                return response;
            });

            assertEquals(List.of(), outcome.failures());
            assertTrue(outcome.reloads() > 0, "reloads happened while the calls ran");
        }
    }

    private record Outcome(List<String> failures, int reloads) {}

    private static Outcome hammer(TestProvider provider, OidcEngine engine, Function<OidcEngine, String> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean callersDone = new AtomicBoolean();
        AtomicInteger reloads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread reloader = new Thread(() -> {
            int i = 0;
            while (!callersDone.get()) {
                try {
                    engine.reload(provider.config(i++ % 2 == 0 ? "client-b" : "client-a", WIDE_BULKHEAD),
                            TestProvider.hostContext());
                    reloads.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add("reload: " + e);
                }
            }
        }, "reloader");
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < CALLS_EACH; i++) {
                        try {
                            call.apply(engine);
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(e.toString());
                        }
                    }
                    return null;
                }));
            }
            reloader.start();
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callersDone.set(true);
            reloader.join(TimeUnit.SECONDS.toMillis(30));
            pool.shutdownNow();
        }
        return new Outcome(List.copyOf(failures), reloads.get());
    }
}
