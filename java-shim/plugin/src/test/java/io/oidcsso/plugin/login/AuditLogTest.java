package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.CompleteLoginRequest;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.fakes.NativePlanner;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Audit lines: whole admin hints, cuts at a word, and one level per event, as docs/admin-guide.md lists them. */
class AuditLogTest {
    private static final Path ADMIN_GUIDE = Path.of("../../docs/admin-guide.md");

    @Test
    void formatWhenTheCoresReplayHintThenWholeNotCutMidWord() {
        // Issue 16 item 5: this hint used to end in "...keeps cookies acro".
        LoginEngine engine = NativePlanner.engine("{}");
        OidcSsoException failure = assertThrows(OidcSsoException.class, () -> engine.completeLogin(
                new CompleteLoginRequest(null, "binding", Map.of("state", "s", "code", "c"), null)));
        assertEquals(ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED, failure.code());
        assertTrue(failure.adminHint().length() > 200, failure.adminHint());

        String line = AuditLog.format("login.failed", AuditLog.fields("code", failure.code(), "kind", "authentication",
                "detail", failure.adminHint(), "ref", "R1"));

        assertTrue(line.contains(" detail=\"" + failure.adminHint().replace('"', '\'') + "\" ref=\"R1\""), line);
        assertTrue(line.contains("keeps cookies across the redirect to the IdP)"), line);
    }

    @Test
    void formatWhenDetailOverItsLimitThenCutAtAWordAndMarked() {
        String detail = "word ".repeat(300).trim();

        String line = AuditLog.format("login.failed", AuditLog.fields("detail", detail));

        String shown = line.substring(line.indexOf("detail=\"") + 8, line.length() - 1);
        assertTrue(shown.endsWith("word..."), shown);
        assertTrue(shown.length() <= 1000, "length " + shown.length());
        assertTrue(shown.length() > 900, "length " + shown.length());
    }

    @Test
    void formatWhenIdentityOverItsLimitWithoutSpacesThenCutAtTheLimitAndMarked() {
        String user = "u".repeat(500);

        String line = AuditLog.format("user.created", AuditLog.fields("user", user, "idp", "dev"));

        assertTrue(line.contains("user=\"" + "u".repeat(197) + "...\" idp=\"dev\""), line);
    }

    @Test
    void formatWhenValueHasControlCharactersOrQuotesThenNoForgedLine() {
        String line = AuditLog.format("login.failed", AuditLog.fields("detail", "x\"\nevent=login.bound user=\"admin"));

        assertFalse(line.contains("\n"), line);
        assertEquals("event=login.failed detail=\"x'_event=login.bound user='admin\"", line);
    }

    @Test
    void recordWhenJustInTimeCreationThenInfoAndLinkingAnExistingAccountInfoToo() {
        List<LogRecord> records = new ArrayList<>();
        AuditLog audit = new AuditLog(capturing(records));

        audit.record("user.created", AuditLog.fields("user", "alice"));
        audit.record("account.linked", AuditLog.fields("user", "bob"));
        audit.record("login.failed", AuditLog.fields("code", "invalid_state"));

        assertEquals(List.of(Level.INFO, Level.INFO, Level.WARNING), records.stream().map(LogRecord::getLevel).toList());
    }

    @Test
    void levelOfWhenEventUnknownThenWarningOnlyWhenItFailed() {
        assertEquals(Level.WARNING, AuditLog.levelOf("groups.sync_failed"));
        assertEquals(Level.INFO, AuditLog.levelOf("groups.synced"));
    }

    @Test
    void adminGuideWhenReadThenListsEveryEventWithItsLevel() throws IOException {
        Map<String, Level> documented = documentedLevels(Files.readString(ADMIN_GUIDE));

        assertEquals(AuditLog.LEVELS, documented);
    }

    /** The "Audit log" table of the admin guide: each row's backticked events and its level column. */
    private static Map<String, Level> documentedLevels(String guide) {
        String section = guide.substring(guide.indexOf("## Audit log"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, Level> levels = new LinkedHashMap<>();
        Pattern event = Pattern.compile("`([a-z_]+(?:\\.[a-z_]+)+)`");
        for (String row : section.split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length < 4 || !cells[2].trim().matches("INFO|WARNING")) {
                continue;
            }
            Matcher events = event.matcher(cells[1]);
            while (events.find()) {
                levels.put(events.group(1), Level.parse(cells[2].trim()));
            }
        }
        return levels;
    }

    private static Logger capturing(List<LogRecord> records) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override public void publish(LogRecord record) { records.add(record); }
            @Override public void flush() {}
            @Override public void close() {}
        });
        return logger;
    }
}
