package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.CompleteLoginRequest;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.fakes.AuditCapture;
import io.oidcsso.plugin.fakes.NativePlanner;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Audit entries as JSON lines: whole admin hints, cuts at a word, no forged line, one level per event, as docs/admin-guide.md lists them. */
class AuditLogTest {
    private static final Path ADMIN_GUIDE = Path.of("../../docs/admin-guide.md");

    private static final Instant NOW = Instant.parse("2026-12-07T02:30:00.123Z");

    private static AuditLog.Entry entry(String event, Map<String, String> fields) {
        return new AuditLog(() -> "node-a", Clock.fixed(NOW, ZoneOffset.UTC), List.of()).entry(event, fields);
    }

    private static JsonObject parsed(AuditLog.Entry entry) {
        return JsonParser.parseString(entry.json()).getAsJsonObject();
    }

    @Test
    void jsonWhenRecordedThenTsEventLevelNodeFirstThenTheFieldsInOrder() {
        String json = entry("login.failed", AuditLog.fields("code", "invalid_state", "user", "alice", "ref", "R1")).json();

        assertEquals("{\"ts\":\"2026-12-07T02:30:00.123Z\",\"event\":\"login.failed\",\"level\":\"WARNING\","
                + "\"node\":\"node-a\",\"code\":\"invalid_state\",\"user\":\"alice\",\"ref\":\"R1\"}", json);
    }

    @Test
    void jsonWhenTheCoresReplayHintThenWholeNotCutMidWord() {
        // Issue 16 item 5: this hint used to end in "...keeps cookies acro".
        LoginEngine engine = NativePlanner.engine("{}");
        OidcSsoException failure = assertThrows(OidcSsoException.class, () -> engine.completeLogin(
                new CompleteLoginRequest(null, "binding", Map.of("state", "s", "code", "c"), null)));
        assertEquals(ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED, failure.code());
        assertTrue(failure.adminHint().length() > 200, failure.adminHint());

        JsonObject line = parsed(entry("login.failed", AuditLog.fields("code", failure.code(), "kind", "authentication",
                "detail", failure.adminHint(), "ref", "R1")));

        assertEquals(failure.adminHint(), line.get("detail").getAsString());
        assertTrue(line.get("detail").getAsString().contains("keeps cookies across the redirect to the IdP)"));
    }

    @Test
    void jsonWhenDetailOverItsLimitThenCutAtAWordAndMarked() {
        String detail = "word ".repeat(300).trim();

        String shown = parsed(entry("login.failed", AuditLog.fields("detail", detail))).get("detail").getAsString();

        assertTrue(shown.endsWith("word..."), shown);
        assertTrue(shown.length() <= 1000, "length " + shown.length());
        assertTrue(shown.length() > 900, "length " + shown.length());
    }

    @Test
    void jsonWhenIdentityOverItsLimitWithoutSpacesThenCutAtTheLimitAndMarked() {
        String user = "u".repeat(500);

        String json = entry("user.created", AuditLog.fields("user", user, "idp", "dev")).json();

        assertTrue(json.contains("\"user\":\"" + "u".repeat(197) + "...\",\"idp\":\"dev\""), json);
    }

    @Test
    void jsonWhenValueHasControlCharactersQuotesOrBracesThenOneLineWithTheValueIntact() {
        String forged = "x\"}\n{\"event\":\"login.bound\",\"user\":\"admin\u2028\\";

        String json = entry("login.failed", AuditLog.fields("detail", forged)).json();

        assertFalse(json.contains("\n") || json.contains("\r") || json.contains("\u2028"), json);
        JsonObject line = JsonParser.parseString(json).getAsJsonObject();
        assertEquals("login.failed", line.get("event").getAsString());
        assertEquals("x\"}_{\"event\":\"login.bound\",\"user\":\"admin_\\", line.get("detail").getAsString());
    }

    @Test
    void entryWhenAFieldIsNamedLikeAHeaderThenDroppedNotOverwritingIt() {
        JsonObject line = parsed(entry("login.bound", AuditLog.fields("event", "break_glass.allowed", "level", "INFO",
                "node", "other", "ts", "1970", "user", "alice")));

        assertEquals("login.bound", line.get("event").getAsString());
        assertEquals("node-a", line.get("node").getAsString());
        assertEquals(NOW.toString(), line.get("ts").getAsString());
        assertEquals("alice", line.get("user").getAsString());
    }

    @Test
    void recordWhenJustInTimeCreationThenInfoAndLinkingAnExistingAccountInfoToo() {
        AuditCapture capture = new AuditCapture();
        AuditLog audit = new AuditLog(capture);

        audit.record("user.created", AuditLog.fields("user", "alice"));
        audit.record("account.linked", AuditLog.fields("user", "bob"));
        audit.record("login.failed", AuditLog.fields("code", "invalid_state"));

        assertEquals(List.of(AuditLog.Level.INFO, AuditLog.Level.INFO, AuditLog.Level.WARNING),
                capture.entries().stream().map(AuditLog.Entry::level).toList());
    }

    @Test
    void recordWhenASinkThrowsThenTheOtherSinksStillGetItAndTheFailureIsCounted() {
        AuditCapture capture = new AuditCapture();
        AuditLog audit = new AuditLog(() -> "n", Clock.systemUTC(), List.of(entry -> {
            throw new IllegalStateException("store down");
        }, capture));

        audit.record("login.bound", AuditLog.fields("user", "alice"));
        audit.record("login.bound", AuditLog.fields("user", "bob"));

        assertEquals(2, capture.entries().size());
        assertEquals(2, audit.sinkFailures());
    }

    @Test
    void levelOfWhenEventUnknownThenWarningOnlyWhenItFailed() {
        assertEquals(AuditLog.Level.WARNING, AuditLog.levelOf("groups.sync_failed"));
        assertEquals(AuditLog.Level.INFO, AuditLog.levelOf("groups.synced"));
    }

    @Test
    void adminGuideWhenReadThenListsEveryEventWithItsLevel() throws IOException {
        Map<String, AuditLog.Level> documented = documentedLevels(Files.readString(ADMIN_GUIDE));

        assertEquals(AuditLog.LEVELS, documented);
    }

    /** The "Audit log" table of the admin guide: each row's backticked events and its level column. */
    private static Map<String, AuditLog.Level> documentedLevels(String guide) {
        String section = guide.substring(guide.indexOf("## Audit log"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, AuditLog.Level> levels = new LinkedHashMap<>();
        Pattern event = Pattern.compile("`([a-z_]+(?:\\.[a-z_]+)+)`");
        for (String row : section.split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length < 4 || !cells[2].trim().matches("INFO|WARNING")) {
                continue;
            }
            Matcher events = event.matcher(cells[1]);
            while (events.find()) {
                levels.put(events.group(1), AuditLog.Level.valueOf(cells[2].trim()));
            }
        }
        return levels;
    }
}
