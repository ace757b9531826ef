package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.login.AuditLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every audit entry a test's code wrote. {@link #lines()} renders each as
 * {@code LEVEL event=<name> key="value" ...} (without ts and node), so tests state the event and its
 * fields in order in one readable string; {@link #json()} is what the product log receives.
 */
public final class AuditCapture implements AuditLog.Sink {
    private final List<AuditLog.Entry> entries = new ArrayList<>();

    @Override
    public synchronized void accept(AuditLog.Entry entry) {
        entries.add(entry);
    }

    public synchronized List<AuditLog.Entry> entries() {
        return List.copyOf(entries);
    }

    /** {@code LEVEL event=<name> key="value" ...}. */
    public List<String> lines() {
        return entries().stream().map(e -> e.level() + " " + message(e)).toList();
    }

    /** {@code event=<name> key="value" ...}. */
    public List<String> messages() {
        return entries().stream().map(AuditCapture::message).toList();
    }

    /** The messages of the WARNING entries. */
    public List<String> warnings() {
        return entries().stream().filter(e -> e.level() == AuditLog.Level.WARNING).map(AuditCapture::message)
                .toList();
    }

    /** The JSON lines, as the product log gets them. */
    public List<String> json() {
        return entries().stream().map(AuditLog.Entry::json).toList();
    }

    private static String message(AuditLog.Entry entry) {
        StringBuilder line = new StringBuilder("event=").append(entry.event());
        entry.fields().forEach((key, value) -> line.append(' ').append(key).append("=\"").append(value).append('"'));
        return line.toString();
    }
}
