package io.oidcsso.plugin.engine;

import java.util.Objects;

/** An audit event the core asks the shim to record as it is. */
public record AuditEvent(String event, String idp, String subject, String detail) {
    public AuditEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(detail, "detail");
    }
}
