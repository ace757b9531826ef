package io.oidcsso.plugin.login;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.host.ClusterState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The cluster's recent audit events: a ring of {@link #PAGES} pages in a {@link ClusterState} of
 * their own, each page at most {@link #PAGE_EVENTS} events and {@link #PAGE_CHARS} characters (JSON
 * lines), so the ring keeps the last {@value #CAPACITY} events of all nodes at most (fewer when the
 * events are long) and one record stays well under the store's value limit.
 *
 * <p>The ring has two parts, each with its own head: {@link #REFUSAL_PAGES} pages for refusals (the
 * events anyone can cause without signing in, {@link RefusalLimiter#KINDS}, and their
 * {@code audit.suppressed} summaries) and the rest for every other event. A flood of refusals
 * therefore never evicts a configuration change, a login, a link or an emergency login; and each
 * node lets at most {@link RefusalLimiter#BURST} refusals of a kind, then
 * {@link RefusalLimiter#PER_MINUTE} a minute, into its part, folding the rest into one summary per
 * kind and minute ({@link RefusalLimiter}). The product log still gets every event.
 *
 * <p>The login path never waits for the store: {@link #accept} only offers the entry to a bounded
 * queue of this node (one per part, {@link #QUEUE} and {@link #REFUSAL_QUEUE} entries; a full queue
 * drops the entry and counts it). {@link #flush} (a daemon thread every second, {@link #start})
 * appends what is queued under a short lease record (one writer at a time across the cluster, since a
 * page is read, changed and written; a node that dies holding it frees it after {@link #LEASE_TTL}).
 * A flush that cannot get the lease within {@link #LEASE_WAIT}, or whose store call fails, keeps the
 * entries for the next flush (up to the queue's bound), counts the failure and logs the first one.
 */
public final class AuditStore implements AuditLog.Sink, AutoCloseable {
    public static final int PAGES = 40;
    public static final int PAGE_EVENTS = 50;
    public static final int CAPACITY = PAGES * PAGE_EVENTS;
    /** A quarter of the ring: the last pages, for refusals only. */
    static final int REFUSAL_PAGES = 10;
    static final int MAIN_CAPACITY = (PAGES - REFUSAL_PAGES) * PAGE_EVENTS;
    static final int REFUSAL_CAPACITY = REFUSAL_PAGES * PAGE_EVENTS;
    /** Well under PluginSettingsClusterState's 90,000-character value limit. */
    static final int PAGE_CHARS = 80_000;
    /** Entries this node holds before a flush, per part; more are dropped (and counted). */
    static final int QUEUE = MAIN_CAPACITY;
    static final int REFUSAL_QUEUE = REFUSAL_CAPACITY;
    /** Records the store holds: the pages, the two heads and the lease. */
    public static final int STORE_CAPACITY = PAGES + 3;
    static final String HEAD_KEY = "audit.head";
    static final String REFUSAL_HEAD_KEY = "audit.head.refusals";
    static final String LEASE_KEY = "audit.lease";
    static final String PAGE_KEY = "audit.page.";
    /** How long the events stay when nothing newer replaces them. */
    static final Duration RETENTION = Duration.ofDays(90);
    static final Duration LEASE_TTL = Duration.ofSeconds(10);
    static final Duration LEASE_WAIT = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(AuditStore.class.getName());

    /** The pages {@code [first, first + pages)} with their own head. */
    private record Part(String headKey, int first, int pages) {
        static final Part MAIN = new Part(HEAD_KEY, 0, PAGES - REFUSAL_PAGES);
        static final Part REFUSALS = new Part(REFUSAL_HEAD_KEY, PAGES - REFUSAL_PAGES, REFUSAL_PAGES);
    }

    /** One part's queue of this node, and what was taken from it but not yet stored (retried first). */
    private static final class Lane {
        final Part part;
        final int bound;
        final BlockingQueue<AuditLog.Entry> queue;
        final List<AuditLog.Entry> pending = new ArrayList<>();

        Lane(Part part, int bound) {
            this.part = part;
            this.bound = bound;
            this.queue = new ArrayBlockingQueue<>(bound);
        }
    }

    private final ClusterState store;
    private final Clock clock;
    private final Lane main = new Lane(Part.MAIN, QUEUE);
    private final Lane refusals = new Lane(Part.REFUSALS, REFUSAL_QUEUE);
    private final RefusalLimiter limiter = new RefusalLimiter();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Object flushing = new Object();
    private ScheduledExecutorService flusher;

    public AuditStore(ClusterState store) {
        this(store, Clock.systemUTC());
    }

    /** {@code clock}: when a refusal summary is due (the limit itself runs on the events' times). */
    public AuditStore(ClusterState store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (store.capacity() < STORE_CAPACITY) {
            throw new IllegalArgumentException("the audit store needs room for " + STORE_CAPACITY + " records");
        }
    }

    /** Flushes every {@code every} on a daemon thread of its own until {@link #close}. */
    public synchronized void start(Duration every) {
        if (flusher != null) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "oidc-sso-audit-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the flushing thread and stores what is queued and the refusal summaries not yet due (once). */
    @Override
    public synchronized void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
        }
        limiter.due(clock.instant(), true).forEach(summary -> offer(refusals, summary));
        flush();
    }

    /** Queues the entry (a refusal only within this node's limit); never blocks, never throws. */
    @Override
    public void accept(AuditLog.Entry entry) {
        if (!RefusalLimiter.isRefusal(entry.event())) {
            offer(main, entry);
        } else if (limiter.admit(entry)) {
            offer(refusals, entry);
        } else {
            suppressed.incrementAndGet();
        }
    }

    private void offer(Lane lane, AuditLog.Entry entry) {
        if (!lane.queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Entries dropped because this node's queue was full (the store slow or down for a while). */
    public long dropped() {
        return dropped.get();
    }

    /** Refusals this node kept out of the ring over its limit (each counted in an {@code audit.suppressed}). */
    public long suppressed() {
        return suppressed.get();
    }

    /** Flushes that failed (store error, lease not free in time). */
    public long failures() {
        return failures.get();
    }

    /** Appends every queued entry and due refusal summary to the ring; false when it could not (kept for the next flush). */
    public boolean flush() {
        synchronized (flushing) {
            limiter.due(clock.instant(), false).forEach(summary -> offer(refusals, summary));
            main.queue.drainTo(main.pending);
            refusals.queue.drainTo(refusals.pending);
            if (main.pending.isEmpty() && refusals.pending.isEmpty()) {
                return true;
            }
            try {
                Optional<String> lease = acquireLease();
                if (lease.isEmpty()) {
                    return failed(null);
                }
                try {
                    for (Lane lane : List.of(main, refusals)) {
                        if (!lane.pending.isEmpty()) {
                            append(lane.part, lane.pending);
                            lane.pending.clear();
                        }
                    }
                } finally {
                    releaseLease(lease.get());
                }
                return true;
            } catch (RuntimeException e) {
                return failed(e);
            } finally {
                // Bounded even while the store is down: the oldest pending entries of a part go first.
                for (Lane lane : List.of(main, refusals)) {
                    while (lane.pending.size() > lane.bound) {
                        lane.pending.remove(0);
                        dropped.incrementAndGet();
                    }
                }
            }
        }
    }

    private boolean failed(RuntimeException e) {
        if (failures.getAndIncrement() == 0) {
            LOG.warning("oidc-sso: the cluster's audit store could not be written ("
                    + (e == null ? "another node held its lease" : e.getClass().getSimpleName())
                    + "); the events stay in the product log, and are retried; further failures are only counted");
        }
        return false;
    }

    /**
     * The stored events, newest first, that pass {@code filter}; at most {@code limit}. Events a node
     * has not flushed yet (within a second) are not among them.
     */
    public List<AuditLog.Entry> recent(Predicate<AuditLog.Entry> filter, int limit) {
        List<AuditLog.Entry> all = new ArrayList<>();
        for (int page = 0; page < PAGES; page++) {
            store.get(PAGE_KEY + page).ifPresent(value -> all.addAll(parsePage(value)));
        }
        all.sort(Comparator.comparing(AuditLog.Entry::ts).reversed());
        return all.stream().filter(filter).limit(limit).toList();
    }

    private void append(Part part, List<AuditLog.Entry> entries) {
        Head head = Head.parse(store.get(part.headKey()).orElse(null), part);
        int page = head.page;
        // A head at count 0 is a page to start afresh (after a wrap, a reset, an earlier layout).
        StringBuilder text = new StringBuilder(head.count == 0 ? "" : store.get(PAGE_KEY + page).orElse(""));
        int count = head.count;
        for (AuditLog.Entry entry : entries) {
            String line = entry.json();
            if (count >= PAGE_EVENTS || text.length() + line.length() + 1 > PAGE_CHARS) {
                putOrFail(PAGE_KEY + page, text.toString());
                page = part.first() + (page - part.first() + 1) % part.pages();
                text.setLength(0);
                count = 0;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(line);
            count++;
        }
        putOrFail(PAGE_KEY + page, text.toString());
        putOrFail(part.headKey(), page + ":" + count);
    }

    private void putOrFail(String key, String value) {
        if (!store.put(key, value, RETENTION)) {
            throw new IllegalStateException("the audit store is full");
        }
    }

    private Optional<String> acquireLease() {
        String token = UUID.randomUUID().toString();
        long giveUpAt = System.nanoTime() + LEASE_WAIT.toNanos();
        while (true) {
            ClusterState.PutResult result = store.putIfAbsent(LEASE_KEY, token, LEASE_TTL);
            if (result == ClusterState.PutResult.STORED) {
                return Optional.of(token);
            }
            if (result == ClusterState.PutResult.FULL || System.nanoTime() - giveUpAt >= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Ends our lease; one that expired and was taken by another node meanwhile is put back for it. */
    private void releaseLease(String token) {
        Optional<String> taken = store.take(LEASE_KEY);
        if (taken.isPresent() && !taken.get().equals(token)) {
            store.putIfAbsent(LEASE_KEY, taken.get(), LEASE_TTL);
        }
    }

    /** The page being filled and how many events it holds: {@code <page>:<count>}. */
    private record Head(int page, int count) {
        static Head parse(String value, Part part) {
            if (value != null) {
                String[] parts = value.split(":", 2);
                try {
                    int page = Integer.parseInt(parts[0]);
                    int count = Integer.parseInt(parts[1]);
                    if (page >= part.first() && page < part.first() + part.pages() && count >= 0
                            && count <= PAGE_EVENTS) {
                        return new Head(page, count);
                    }
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    // A damaged head starts its part over: the events are a convenience copy.
                }
            }
            // Also a head of the undivided ring of earlier versions pointing into the refusals' pages.
            return new Head(part.first(), 0);
        }
    }

    /** The entries of a page; a line that is not an entry (damaged, written by a newer plugin) is skipped. */
    static List<AuditLog.Entry> parsePage(String value) {
        List<AuditLog.Entry> entries = new ArrayList<>();
        for (String line : value.split("\n")) {
            parseLine(line).ifPresent(entries::add);
        }
        return entries;
    }

    private static String required(Map<String, String> fields, String key) {
        String value = fields.remove(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }

    static Optional<AuditLog.Entry> parseLine(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonObject object = JsonParser.parseString(line).getAsJsonObject();
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> member : object.entrySet()) {
                if (!member.getValue().isJsonPrimitive()) {
                    return Optional.empty();
                }
                fields.put(member.getKey(), member.getValue().getAsString());
            }
            Instant ts = Instant.parse(required(fields, "ts"));
            String event = required(fields, "event");
            AuditLog.Level level = AuditLog.Level.valueOf(required(fields, "level"));
            String node = required(fields, "node");
            return Optional.of(new AuditLog.Entry(ts, event, level, node, fields));
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
