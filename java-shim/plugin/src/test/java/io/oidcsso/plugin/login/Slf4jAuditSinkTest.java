package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The SLF4J sink: WARNING entries at warn, INFO at info, the JSON line as the argument, never as the pattern. */
class Slf4jAuditSinkTest {
    private final List<String> calls = new ArrayList<>();
    private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getName().startsWith("is")) {
                    return true;
                }
                calls.add(method.getName() + " " + Arrays.toString(args));
                return null;
            });

    @Test
    void acceptWhenWarningAndInfoEntriesThenWarnAndInfoWithTheJsonAsArgument() {
        AuditLog audit = new AuditLog(() -> "n1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                List.of(new Slf4jAuditSink(logger)));

        audit.record("login.failed", AuditLog.fields("detail", "a {} in a value"));
        audit.record("login.bound", AuditLog.fields("user", "alice"));

        assertEquals(List.of(
                "warn [{}, {\"ts\":\"1970-01-01T00:00:00Z\",\"event\":\"login.failed\",\"level\":\"WARNING\","
                        + "\"node\":\"n1\",\"detail\":\"a {} in a value\"}]",
                "info [{}, {\"ts\":\"1970-01-01T00:00:00Z\",\"event\":\"login.bound\",\"level\":\"INFO\","
                        + "\"node\":\"n1\",\"user\":\"alice\"}]"), calls);
    }
}
