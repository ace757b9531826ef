package io.oidcsso.plugin.metrics;

/**
 * The bearer account cache's counters of this node ({@code BearerAccounts}), read at scrape time: answers
 * from the cache, answers read from the directory, answers dropped because the cache was full.
 */
public record AccountCacheCounts(long hits, long misses, long evictions) {}
