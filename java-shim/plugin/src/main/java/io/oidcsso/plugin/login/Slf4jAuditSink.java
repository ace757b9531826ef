package io.oidcsso.plugin.login;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each audit entry as one JSON line to the SLF4J logger {@code io.oidcsso.audit}, which the
 * products route into their own log (log4j). Only the SLF4J 1.7 API is used, so the bundle resolves
 * against the 1.7 and the 2.x exports (Import-Package {@code org.slf4j;version="[1.7,3)"}). The line is
 * passed as an argument, never as the pattern: a value may contain {@code {}}.
 */
public final class Slf4jAuditSink implements AuditLog.Sink {
    private final Logger logger;

    public Slf4jAuditSink() {
        this(LoggerFactory.getLogger(AuditLog.LOGGER_NAME));
    }

    /** A sibling logger with the same line format ({@code io.oidcsso.debug}). */
    public Slf4jAuditSink(String loggerName) {
        this(LoggerFactory.getLogger(loggerName));
    }

    Slf4jAuditSink(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void accept(AuditLog.Entry entry) {
        if (entry.level() == AuditLog.Level.WARNING) {
            if (logger.isWarnEnabled()) {
                logger.warn("{}", entry.json());
            }
        } else if (logger.isInfoEnabled()) {
            logger.info("{}", entry.json());
        }
    }
}
