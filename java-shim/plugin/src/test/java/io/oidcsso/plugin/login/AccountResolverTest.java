package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.LoginRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AccountResolverTest {
    private final FakeCrowdService crowd = new FakeCrowdService();
    private final CrowdUserDirectory directory = new CrowdUserDirectory(crowd, new InMemoryPluginSettings());
    private final List<String> auditLines = new ArrayList<>();
    private final AccountResolver resolver = new AccountResolver(directory, new AuditLog(capturingLogger()));

    private Logger capturingLogger() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override public void publish(LogRecord record) { auditLines.add(record.getMessage()); }
            @Override public void flush() {}
            @Override public void close() {}
        });
        return logger;
    }

    @Test
    void resolveWhenNoAccountAndCreateUsersThenCreatedAndLinked() {
        DirectoryUser user = resolver.resolve(DecisionBuilder.forUser("alice").build(), "REF1");
        assertEquals("alice", user.username());
        assertEquals("alice@example.com", crowd.user("alice").getEmailAddress());
        assertTrue(directory.findByExternalId(new ExternalId("http://127.0.0.2:9400", "alice-sub")).isPresent());
        assertTrue(auditLines.stream().anyMatch(line -> line.startsWith("event=account.created")));
    }

    @Test
    void resolveWhenLocalAccountExistsAndLinkingOffThenRefusedAndNothingWritten() {
        crowd.addLocalUser("bob", true);
        int writesBefore = crowd.writes();
        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> resolver.resolve(DecisionBuilder.forUser("bob").build(), "REF2"));
        assertEquals("account_exists_not_linked", refused.code());
        assertEquals(writesBefore, crowd.writes());
        assertTrue(directory.findByExternalId(new ExternalId("http://127.0.0.2:9400", "bob-sub")).isEmpty());
    }

    @Test
    void resolveWhenLocalAccountExistsAndLinkingOnThenTakenOverAndAudited() {
        crowd.addLocalUser("carol", true);
        DirectoryUser user = resolver.resolve(DecisionBuilder.forUser("carol").linkExistingAccounts(true).build(), "REF3");
        assertEquals("carol", user.username());
        assertTrue(directory.findByExternalId(new ExternalId("http://127.0.0.2:9400", "carol-sub")).isPresent());
        assertTrue(auditLines.stream().anyMatch(line -> line.startsWith("event=account.linked") && line.contains("REF3")));
    }

    @Test
    void resolveWhenNoAccountAndCreateUsersOffThenNotProvisioned() {
        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> resolver.resolve(DecisionBuilder.forUser("dave").createUsers(false).build(), "REF4"));
        assertEquals("user_not_provisioned", refused.code());
        assertNull(crowd.user("dave"));
    }

    @Test
    void resolveWhenLinkedAccountHasOtherUsernameThenLinkedAccountWins() {
        resolver.resolve(DecisionBuilder.forUser("erin").build(), "REF5");
        crowd.addLocalUser("erin.renamed", true);
        DirectoryUser user = resolver.resolve(DecisionBuilder.forUser("erin.renamed").subject("erin-sub").build(), "REF6");
        assertEquals("erin", user.username());
    }

    @Test
    void resolveWhenLinkedAccountDeactivatedThenRefused() {
        crowd.addLocalUser("frank", false);
        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> resolver.resolve(DecisionBuilder.forUser("frank").linkExistingAccounts(true).build(), "REF7"));
        assertEquals("user_inactive", refused.code());
    }

    @Test
    void resolveWhenEmailUnverifiedThenEmailNotCopied() {
        resolver.resolve(DecisionBuilder.forUser("gina").emailVerified(false).build(), "REF8");
        assertEquals("", crowd.user("gina").getEmailAddress());
    }

    @Test
    void resolveWhenDirectoryReadOnlyForProfileUpdateThenLoginStillResolves() {
        resolver.resolve(DecisionBuilder.forUser("hank").build(), "REF9");
        crowd.setReadOnly(true);
        DirectoryUser user = resolver.resolve(DecisionBuilder.forUser("hank").emailVerified(true).build(), "REF10");
        assertEquals("hank", user.username());
    }
}
