package io.oidcsso.plugin.metrics;

import io.oidcsso.plugin.engine.EngineInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * This node's login counters (per node: Prometheus scrapes every node and sums), rendered by
 * {@link OpenMetricsText}. Labels are bounded by construction: IdP ids come from the configuration
 * (the engine named them), codes are the core's and the shim's error codes (lower-case identifiers;
 * anything else, and any code past {@link #MAX_CODES}, counts as {@code other}), results and calls are
 * fixed words. Never a user name, never free text. Recording never blocks and never throws.
 */
public final class LoginMetrics {
    /** Result of a login at the callback ({@code login.bound}, {@code login.failed}) or at its start ({@code login.rejected}). */
    public enum Result {
        SUCCESS, FAILURE, REJECTED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The native calls timed around the JNI boundary (what the core does inside is not split). */
    public enum Call {
        /** {@code beginLogin}: builds the authorization URL; fetches discovery when not cached. */
        BEGIN_LOGIN,
        /** {@code completeLogin}: token request, JWKS (when not cached), userinfo, every check. */
        COMPLETE_LOGIN;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Upper bounds (seconds) of the call-duration buckets; the IdPs' timeouts are a few seconds. */
    static final double[] BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0};
    /** Distinct failure codes kept apart; the enum has about 60. */
    static final int MAX_CODES = 200;
    static final String OTHER = "other";
    /** The code label of a success. */
    static final String OK = "ok";
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final ConcurrentMap<List<String>, LongAdder> logins = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> started = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> completed = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, Histogram> calls = new ConcurrentHashMap<>();

    /** A login bound a session ({@code login.bound}). */
    public void loginSucceeded(String idp) {
        count(logins, List.of(Result.SUCCESS.label(), OK));
        count(completed, idpLabel(idp));
    }

    /** A login failed with {@code code}: at the callback ({@link Result#FAILURE}) or at its start. */
    public void loginFailed(Result result, String code) {
        if (result == Result.SUCCESS) {
            throw new IllegalArgumentException("a failure needs a failure result");
        }
        count(logins, List.of(result.label(), codeLabel(code)));
    }

    /** A pending login was sealed into its cookie and the browser sent to {@code idp}. */
    public void pendingStarted(String idp) {
        count(started, idpLabel(idp));
    }

    /**
     * One native call took {@code nanos}; {@code idp} null when it failed before the core named the
     * IdP (a callback whose pending login did not open).
     */
    public void engineCall(Call call, String idp, boolean ok, long nanos) {
        List<String> key = List.of(idpLabel(idp), call.label(), ok ? "ok" : "error");
        calls.computeIfAbsent(key, k -> new Histogram(BUCKETS)).observe(Math.max(0, nanos) / 1e9);
    }

    /** {@link #render(EngineInfo, AccountCacheCounts)} without the bearer account cache's samples. */
    public String render(EngineInfo engine) {
        return render(engine, null);
    }

    /**
     * The exposition; {@code engine} null when SSO is off on this node (no per-IdP gauges then),
     * {@code accounts} null when this node has no bearer account cache to report (no samples then).
     */
    public String render(EngineInfo engine, AccountCacheCounts accounts) {
        OpenMetricsText out = new OpenMetricsText();
        out.family("oidcsso_logins", "counter", null,
                "Logins on this node by result (success, failure at the callback, rejected at the start) and code");
        snapshotCounters(logins).forEach((labels, value) -> out.sample("oidcsso_logins_total",
                List.of("result", labels.get(0), "code", labels.get(1)), value));
        out.family("oidcsso_pending_logins_started", "counter", null,
                "Logins sent to the IdP from this node (pending login sealed into its cookie), by IdP");
        byIdp(started).forEach((idp, value) -> out.sample("oidcsso_pending_logins_started_total",
                List.of("idp", idp), value));
        out.family("oidcsso_pending_logins_completed", "counter", null,
                "Pending logins completed with a bound session on this node, by IdP");
        byIdp(completed).forEach((idp, value) -> out.sample("oidcsso_pending_logins_completed_total",
                List.of("idp", idp), value));
        out.family("oidcsso_engine_call_duration_seconds", "histogram", "seconds",
                "Time of one native engine call as the plugin measures it around JNI, including the IdP"
                        + " round trips inside it, by IdP (empty when not known), call and outcome");
        snapshot(calls).forEach((labels, histogram) -> histogram.render(out, "oidcsso_engine_call_duration_seconds",
                List.of("idp", labels.get(0), "call", labels.get(1), "outcome", labels.get(2))));
        renderIdps(out, engine);
        renderAccountCache(out, accounts);
        return out.finish();
    }

    /** Per node, no labels: the cache is the node's, whatever IdP issued the tokens. */
    private static void renderAccountCache(OpenMetricsText out, AccountCacheCounts accounts) {
        accountCacheFamily(out, "hits", "Bearer requests whose identity's account this node took from its cache"
                + " (the account then read by its user key)", accounts == null ? null : accounts.hits());
        accountCacheFamily(out, "misses", "Bearer requests whose identity's link and account this node read from"
                + " the directory", accounts == null ? null : accounts.misses());
        accountCacheFamily(out, "evictions", "Cached accounts this node dropped because its bearer account cache"
                + " was full (it starts over)", accounts == null ? null : accounts.evictions());
    }

    private static void accountCacheFamily(OpenMetricsText out, String what, String help, Long value) {
        String family = "oidcsso_bearer_account_cache_" + what;
        out.family(family, "counter", null, help);
        if (value != null) {
            out.sample(family + "_total", List.of(), value);
        }
    }

    private static void renderIdps(OpenMetricsText out, EngineInfo engine) {
        List<EngineInfo.Idp> idps = engine == null ? List.of() : engine.idps();
        out.family("oidcsso_idp_circuit_open", "gauge", null, "1 while the IdP's circuit is open (calls fail at once)");
        idps.forEach(idp -> out.sample("oidcsso_idp_circuit_open", List.of("idp", idp.id()),
                idp.availability().state() == EngineInfo.CircuitState.OPEN ? 1 : 0));
        out.family("oidcsso_idp_consecutive_failures", "gauge", null, "Failed calls to the IdP in a row");
        idps.forEach(idp -> out.sample("oidcsso_idp_consecutive_failures", List.of("idp", idp.id()),
                idp.availability().consecutiveFailures()));
        out.family("oidcsso_idp_logins_in_flight", "gauge", null,
                "Logins of this node waiting on the IdP now (its bulkhead's use)");
        idps.forEach(idp -> out.sample("oidcsso_idp_logins_in_flight", List.of("idp", idp.id()),
                idp.availability().loginsInFlight()));
        // Kept by the engine, read at scrape time: they start again from zero when the configuration is
        // reloaded (a new engine), which a counter's reader takes as a reset.
        fetches(out, "oidcsso_discovery_fetches", "Discovery documents fetched from the IdP, by result", idps,
                EngineInfo.Idp::discoveryFetches);
        fetches(out, "oidcsso_jwks_fetches", "Key sets (JWKS) fetched from the IdP, by result", idps,
                EngineInfo.Idp::jwksFetches);
        introspections(out, idps);
    }

    /** Only IdPs with {@code bearer.introspection} have series: the others never introspect. */
    private static void introspections(OpenMetricsText out, List<EngineInfo.Idp> idps) {
        out.family("oidcsso_introspections", "counter", null,
                "Opaque bearer tokens sent to the IdP's introspection endpoint (RFC 7662), by result (active,"
                        + " inactive, failed: unreachable, error status, refused answer or circuit open)");
        for (EngineInfo.Idp idp : idps) {
            EngineInfo.Introspections counts = idp.introspections();
            if (counts != null) {
                out.sample("oidcsso_introspections_total", List.of("idp", idp.id(), "result", "active"),
                        counts.active());
                out.sample("oidcsso_introspections_total", List.of("idp", idp.id(), "result", "inactive"),
                        counts.inactive());
                out.sample("oidcsso_introspections_total", List.of("idp", idp.id(), "result", "failed"),
                        counts.failed());
            }
        }
        out.family("oidcsso_introspection_cache_hits", "counter", null,
                "Opaque bearer tokens answered from the introspection cache (or by a request in flight for the"
                        + " same token) without asking the IdP");
        for (EngineInfo.Idp idp : idps) {
            if (idp.introspections() != null) {
                out.sample("oidcsso_introspection_cache_hits_total", List.of("idp", idp.id()),
                        idp.introspections().cacheHits());
            }
        }
    }

    private static void fetches(OpenMetricsText out, String family, String help, List<EngineInfo.Idp> idps,
            Function<EngineInfo.Idp, EngineInfo.Fetches> counts) {
        out.family(family, "counter", null, help);
        for (EngineInfo.Idp idp : idps) {
            EngineInfo.Fetches fetches = counts.apply(idp);
            out.sample(family + "_total", List.of("idp", idp.id(), "result", "ok"), fetches.ok());
            out.sample(family + "_total", List.of("idp", idp.id(), "result", "failed"), fetches.failed());
        }
    }

    private static <K> void count(ConcurrentMap<K, LongAdder> counters, K key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> byIdp(ConcurrentMap<String, LongAdder> counters) {
        Map<String, Long> out = new java.util.TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static <V> Map<List<String>, V> snapshot(Map<List<String>, V> map) {
        Map<List<String>, V> out = new java.util.TreeMap<>(LoginMetrics::compareLabels);
        out.putAll(map);
        return out;
    }

    private static Map<List<String>, Long> snapshotCounters(ConcurrentMap<List<String>, LongAdder> counters) {
        Map<List<String>, Long> out = new java.util.TreeMap<>(LoginMetrics::compareLabels);
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static int compareLabels(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static String idpLabel(String idp) {
        return idp == null ? "" : idp;
    }

    private String codeLabel(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return OTHER;
        }
        boolean known = logins.keySet().stream().anyMatch(k -> k.get(1).equals(code));
        if (!known && logins.size() >= MAX_CODES) {
            return OTHER;
        }
        return code;
    }

    /** A cumulative histogram: counts per upper bound, the count and sum of everything observed. */
    static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram(double[] bounds) {
            this.bounds = Objects.requireNonNull(bounds, "bounds").clone();
            this.buckets = new LongAdder[bounds.length];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < bounds.length; i++) {
                if (seconds <= bounds[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            sum.add(seconds);
            count.increment();
        }

        void render(OpenMetricsText out, String name, List<String> labels) {
            // Read the count first: buckets and sum may run ahead of it, never behind.
            long total = count.sum();
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += buckets[i].sum();
                out.sample(name + "_bucket", with(labels, "le", Double.toString(bounds[i])),
                        Math.min(cumulative, total));
            }
            out.sample(name + "_bucket", with(labels, "le", "+Inf"), total);
            out.sample(name + "_count", labels, total);
            out.sample(name + "_sum", labels, sum.sum());
        }

        private static List<String> with(List<String> labels, String name, String value) {
            List<String> out = new java.util.ArrayList<>(labels);
            out.add(name);
            out.add(value);
            return out;
        }
    }
}
