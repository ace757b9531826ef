package io.oidcsso.plugin.login;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many refusals one node puts into the cluster's audit ring: a token bucket per event kind
 * ({@link #BURST} at once, then {@link #PER_MINUTE} a minute), the rest counted by code and folded
 * into one {@code audit.suppressed} event per kind and {@link #INTERVAL}. Refusals are the events an
 * unauthenticated party can cause as often as it likes ({@link #KINDS}: a bearer token with a bad
 * signature, a forged callback, a wrong break-glass code); without a bound, a flood of them would push
 * every configuration change and login out of the ring. The product log is not limited: every
 * refusal is still written there, only the ring's copy is folded.
 *
 * <p>Per node, in memory: a node decides alone, so the limit needs no cluster round trip on the
 * request path and a flood at one node cannot make another node's refusals disappear. Thread-safe.
 */
final class RefusalLimiter {
    /** The events anyone can cause without signing in; everything else always enters the ring. */
    static final Set<String> KINDS = Set.of("bearer.refused", "login.failed", "login.rejected",
            "logout.backchannel.failed", "logout.frontchannel.failed", "local_login.refused", "break_glass.refused");
    static final String SUMMARY = "audit.suppressed";
    static final int BURST = 20;
    static final int PER_MINUTE = 20;
    static final Duration INTERVAL = Duration.ofSeconds(60);
    /** Distinct codes counted per kind and interval; further codes count as {@link #OTHER}. */
    static final int MAX_CODES = 16;
    static final String OTHER = "(other)";
    private static final double TOKENS_PER_MILLI = PER_MINUTE / 60_000.0;

    private final Map<String, Bucket> buckets = new LinkedHashMap<>();

    /** True for an event that counts against the limit ({@link #KINDS} and the summaries themselves). */
    static boolean isRefusal(String event) {
        return KINDS.contains(event) || SUMMARY.equals(event);
    }

    /** True when {@code entry} (a refusal) may enter the ring now; false counts it as suppressed. */
    synchronized boolean admit(AuditLog.Entry entry) {
        Bucket bucket = buckets.computeIfAbsent(entry.event(), kind -> new Bucket(entry.ts()));
        bucket.refill(entry.ts());
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return true;
        }
        bucket.suppress(entry);
        return false;
    }

    /**
     * The {@code audit.suppressed} events due at {@code now}: one per kind whose first suppressed event is
     * {@link #INTERVAL} old, or every kind with suppressed events when {@code all} (the node stops).
     */
    synchronized List<AuditLog.Entry> due(Instant now, boolean all) {
        List<AuditLog.Entry> summaries = new ArrayList<>();
        buckets.forEach((kind, bucket) -> {
            if (bucket.suppressed > 0 && (all || !now.isBefore(bucket.since.plus(INTERVAL)))) {
                summaries.add(bucket.summary(kind, now));
            }
        });
        return summaries;
    }

    private static final class Bucket {
        double tokens = BURST;
        Instant refilled;
        long suppressed;
        Instant since;
        String node;
        final Map<String, Long> codes = new LinkedHashMap<>();

        Bucket(Instant now) {
            refilled = now;
        }

        void refill(Instant now) {
            long elapsed = Duration.between(refilled, now).toMillis();
            // A clock that went back refills nothing; it does not stall the bucket either.
            if (elapsed > 0) {
                tokens = Math.min(BURST, tokens + elapsed * TOKENS_PER_MILLI);
            }
            refilled = now;
        }

        void suppress(AuditLog.Entry entry) {
            if (suppressed == 0) {
                since = entry.ts();
                node = entry.node();
            }
            suppressed++;
            String code = entry.fields().getOrDefault("code", entry.fields().getOrDefault("reason", "(none)"));
            if (!codes.containsKey(code) && codes.size() >= MAX_CODES) {
                code = OTHER;
            }
            codes.merge(code, 1L, Long::sum);
        }

        AuditLog.Entry summary(String kind, Instant now) {
            StringBuilder counts = new StringBuilder();
            codes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> counts.append(counts.length() == 0 ? "" : " ").append(e.getKey()).append('=')
                            .append(e.getValue()));
            long seconds = Math.max(0, Duration.between(since, now).toSeconds());
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("kind", kind);
            fields.put("count", Long.toString(suppressed));
            fields.put("codes", AuditLog.clean(counts.toString(), AuditLog.MAX_LONG_VALUE));
            fields.put("since", since.toString());
            fields.put("detail", suppressed + " " + kind + " suppressed in the last " + seconds
                    + " s (over " + PER_MINUTE + " a minute on this node); each is in the product log");
            AuditLog.Entry summary = new AuditLog.Entry(now, SUMMARY, AuditLog.levelOf(SUMMARY), node, fields);
            suppressed = 0;
            since = null;
            codes.clear();
            return summary;
        }
    }
}
