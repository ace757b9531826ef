package io.oidcsso.plugin.atlassian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.Profile;
import io.oidcsso.plugin.host.UserDirectoryException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrowdUserDirectoryTest {
    private static final ExternalId ALICE_AT_IDP = new ExternalId("https://idp", "sub-alice");

    private final FakeCrowdService crowd = new FakeCrowdService();
    private final InMemoryPluginSettings settings = new InMemoryPluginSettings();
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final CrowdUserDirectory directory = new CrowdUserDirectory(crowd, FakeSal.Users.resolvingEveryone().keyedBy(crowd), settings, new FakeClusterLockService(), clock);

    @Test
    void directoryOfWhenUserExistsThenTheCrowdDirectoryId() {
        crowd.addLocalUser("carol", true);
        assertEquals(Optional.of("1"), directory.directoryOf("carol"));
    }

    @Test
    void directoryOfWhenNoSuchUserThenEmpty() {
        assertEquals(Optional.empty(), directory.directoryOf("nobody"));
    }

    @Test
    void findByExternalIdWhenLinkedThenFound() {
        directory.create("alice", new Profile("Alice", "alice@example.com"));
        directory.link("alice", ALICE_AT_IDP);
        assertEquals(Optional.of(new DirectoryUser("alice", "Alice", "alice@example.com", true, "alice")),
                directory.findByExternalId(ALICE_AT_IDP));
    }

    @Test
    void findByExternalIdWhenIndexPointsToUserWithoutTheLinkThenNotFound() {
        crowd.addLocalUser("mallory", true);
        settings.createGlobalSettings().put(ExternalIdIndex.PREFIX + ALICE_AT_IDP.hash(), "mallory");
        assertEquals(Optional.empty(), directory.findByExternalId(ALICE_AT_IDP));
    }

    @Test
    void linkWhenUserHasKeyThenIndexNamesTheKeyNotTheName() {
        crowd.addLocalUser("alice", true);
        directory.link("alice", ALICE_AT_IDP);
        assertEquals(crowd.keyOf("alice"), settings.createGlobalSettings().get(ExternalIdIndex.KEY_PREFIX + ALICE_AT_IDP.hash()));
        assertEquals(null, settings.createGlobalSettings().get(ExternalIdIndex.PREFIX + ALICE_AT_IDP.hash()));
    }

    @Test
    void findByExternalIdWhenAccountRenamedThenFoundUnderNewName() throws Exception {
        crowd.addLocalUser("alice", true);
        directory.link("alice", ALICE_AT_IDP);
        crowd.renameUser(crowd.getUser("alice"), "alice.smith");
        DirectoryUser found = directory.findByExternalId(ALICE_AT_IDP).orElseThrow();
        assertEquals("alice.smith", found.username());
        assertEquals("alice", found.key(), "the key the account was created with");
    }

    @Test
    void findByExternalIdWhenRenamedAndNewAccountUnderOldNameThenTheRenamedOne() throws Exception {
        crowd.addLocalUser("alice", true);
        directory.link("alice", ALICE_AT_IDP);
        crowd.renameUser(crowd.getUser("alice"), "alice.smith");
        crowd.addLocalUser("alice", true);
        assertEquals("alice.smith", directory.findByExternalId(ALICE_AT_IDP).orElseThrow().username());
        assertTrue(directory.findByKey(crowd.keyOf("alice")).isPresent());
        assertEquals("alice", directory.findByKey(crowd.keyOf("alice")).orElseThrow().username(),
                "the new alice has a key of her own");
    }

    @Test
    void findByExternalIdWhenIndexEntryByNameThenFoundAndRewrittenByKey() throws Exception {
        crowd.addLocalUser("alice", true);
        crowd.setUserAttribute(crowd.getUser("alice"), CrowdUserDirectory.LINK_ATTRIBUTE, Set.of(ALICE_AT_IDP.hash()));
        settings.createGlobalSettings().put(ExternalIdIndex.PREFIX + ALICE_AT_IDP.hash(), "alice");

        assertEquals("alice", directory.findByExternalId(ALICE_AT_IDP).orElseThrow().username());
        assertEquals("alice", settings.createGlobalSettings().get(ExternalIdIndex.KEY_PREFIX + ALICE_AT_IDP.hash()));
        assertEquals(null, settings.createGlobalSettings().get(ExternalIdIndex.PREFIX + ALICE_AT_IDP.hash()));
        crowd.renameUser(crowd.getUser("alice"), "alice.smith");
        assertEquals("alice.smith", directory.findByExternalId(ALICE_AT_IDP).orElseThrow().username(),
                "once rewritten by key, a rename keeps the link");
    }

    @Test
    void findByExternalIdWhenIndexEntryByNameAndAccountRenamedThenNewAccountUnderOldNameNotReached()
            throws Exception {
        crowd.addLocalUser("alice", true);
        crowd.setUserAttribute(crowd.getUser("alice"), CrowdUserDirectory.LINK_ATTRIBUTE, Set.of(ALICE_AT_IDP.hash()));
        settings.createGlobalSettings().put(ExternalIdIndex.PREFIX + ALICE_AT_IDP.hash(), "alice");
        crowd.renameUser(crowd.getUser("alice"), "alice.smith");
        crowd.addLocalUser("alice", true);
        assertEquals(Optional.empty(), directory.findByExternalId(ALICE_AT_IDP),
                "an entry by name cannot follow the rename, and the new alice lacks the link attribute");
    }

    @Test
    void findByKeyWhenAccountDeletedThenEmpty() {
        crowd.addLocalUser("alice", true);
        String key = crowd.keyOf("alice");
        crowd.removeUser("alice");
        crowd.addLocalUser("alice", true);
        assertEquals(Optional.empty(), directory.findByKey(key));
    }

    @Test
    void findByExternalIdWhenOtherSubjectThenNotFound() {
        directory.create("alice", new Profile("Alice", null));
        directory.link("alice", ALICE_AT_IDP);
        assertEquals(Optional.empty(), directory.findByExternalId(new ExternalId("https://idp", "sub-other")));
    }

    @Test
    void linkWhenSecondIdpThenBothLinksKept() {
        directory.create("alice", new Profile(null, null));
        ExternalId other = new ExternalId("https://other-idp", "a-1");
        directory.link("alice", ALICE_AT_IDP);
        directory.link("alice", other);
        assertTrue(directory.findByExternalId(ALICE_AT_IDP).isPresent());
        assertTrue(directory.findByExternalId(other).isPresent());
    }

    @Test
    void updateWhenProfileFieldNullThenExistingValueKept() {
        crowd.addLocalUser("bob", true);
        DirectoryUser updated = directory.update("bob", new Profile("Bob B.", null));
        assertEquals("Bob B.", updated.displayName());
        assertEquals("bob@local", updated.email());
    }

    @Test
    void createWhenDirectoryReadOnlyThenReadOnlyCodeAndNotWritable() {
        crowd.setReadOnly(true);
        UserDirectoryException failure = assertThrows(UserDirectoryException.class,
                () -> directory.create("carol", new Profile(null, null)));
        assertEquals(UserDirectoryException.READ_ONLY, failure.code());
        assertFalse(directory.isWritable());
    }

    @Test
    void isWritableWhenRefusedWithinReprobeIntervalThenStillReadOnly() {
        crowd.setReadOnly(true);
        assertThrows(UserDirectoryException.class, () -> directory.create("carol", new Profile(null, null)));
        clock.advance(CrowdUserDirectory.REPROBE_INTERVAL.minus(Duration.ofSeconds(1)));
        assertFalse(directory.isWritable());
    }

    @Test
    void isWritableWhenReprobeIntervalPassedAndDirectoryWritableAgainThenWritesResume() {
        crowd.setReadOnly(true);
        assertThrows(UserDirectoryException.class, () -> directory.create("carol", new Profile(null, null)));
        crowd.setReadOnly(false);
        clock.advance(CrowdUserDirectory.REPROBE_INTERVAL);
        assertTrue(directory.isWritable());
        directory.create("carol", new Profile(null, null));
        clock.advance(Duration.ofDays(1));
        assertTrue(directory.isWritable());
    }

    @Test
    void isWritableWhenReprobeRefusedAgainThenReadOnlyForAnotherInterval() {
        crowd.setReadOnly(true);
        assertThrows(UserDirectoryException.class, () -> directory.create("carol", new Profile(null, null)));
        clock.advance(CrowdUserDirectory.REPROBE_INTERVAL);
        assertTrue(directory.isWritable());
        assertThrows(UserDirectoryException.class, () -> directory.create("carol", new Profile(null, null)));
        assertFalse(directory.isWritable());
    }

    @Test
    void addToGroupWhenGroupMissingThenCreatedAndJoined() {
        crowd.addLocalUser("dave", true);
        directory.addToGroup("dave", "engineering");
        assertTrue(crowd.hasGroup("engineering"));
        assertTrue(directory.isMember("dave", "engineering"));
    }

    @Test
    void managedGroupsWhenSetThenReadBackPerIdp() {
        crowd.addLocalUser("erin", true);
        directory.setManagedGroups("erin", "dev", Set.of("a", "b"));
        assertEquals(Set.of("a", "b"), directory.managedGroups("erin", "dev"));
        assertEquals(Set.of(), directory.managedGroups("erin", "other"));
        directory.setManagedGroups("erin", "dev", Set.of());
        assertEquals(Set.of(), directory.managedGroups("erin", "dev"));
    }

    @Test
    void linkUnlessLinkedWhenIdentityFreeThenLinkedAndListedWithItsName() {
        crowd.addLocalUser("bob", true);
        assertEquals(Optional.of("bob"), directory.linkUnlessLinked("bob", ALICE_AT_IDP));
        assertEquals("bob", directory.findByExternalId(ALICE_AT_IDP).orElseThrow().username());
        assertEquals(java.util.List.of(new io.oidcsso.plugin.host.LinkedIdentity(ALICE_AT_IDP.hash(), ALICE_AT_IDP)),
                directory.links("bob"));
    }

    @Test
    void linkUnlessLinkedWhenIdentityLinkedToAnotherAccountThenThatAccountAndNothingChanged() {
        crowd.addLocalUser("bob", true);
        directory.create("alice", new Profile("Alice", null));
        directory.link("alice", ALICE_AT_IDP);
        assertEquals(Optional.of("alice"), directory.linkUnlessLinked("bob", ALICE_AT_IDP));
        assertEquals(java.util.List.of(), directory.links("bob"));
        assertEquals("alice", directory.findByExternalId(ALICE_AT_IDP).orElseThrow().username());
    }

    @Test
    void linkUnlessLinkedWhenNoSuchUserThenEmptyAndNoIndexEntry() {
        assertEquals(Optional.empty(), directory.linkUnlessLinked("nobody", ALICE_AT_IDP));
        assertEquals(null, settings.createGlobalSettings().get(ExternalIdIndex.PREFIX + ALICE_AT_IDP.hash()));
        assertEquals(null, settings.createGlobalSettings().get(ExternalIdIndex.KEY_PREFIX + ALICE_AT_IDP.hash()));
    }

    @Test
    void unlinkWhenLinkedThenNotFoundAnyMoreAndIndexEntryGone() {
        crowd.addLocalUser("bob", true);
        directory.link("bob", ALICE_AT_IDP);
        ExternalId other = new ExternalId("https://other", "sub-bob");
        directory.link("bob", other);

        assertTrue(directory.unlink("bob", ALICE_AT_IDP.hash()));

        assertEquals(Optional.empty(), directory.findByExternalId(ALICE_AT_IDP));
        assertEquals(null, settings.createGlobalSettings().get(ExternalIdIndex.KEY_PREFIX + ALICE_AT_IDP.hash()));
        assertEquals("bob", settings.createGlobalSettings().get(ExternalIdIndex.KEY_PREFIX + other.hash()),
                "the other link's entry, by bob's key, stays");
        assertEquals(java.util.List.of(new io.oidcsso.plugin.host.LinkedIdentity(other.hash(), other)),
                directory.links("bob"));
        assertEquals(1, directory.linkCount("bob"));
        assertFalse(directory.unlink("bob", ALICE_AT_IDP.hash()), "a second unlink finds nothing");
    }

    @Test
    void unlinkWhenIdentityIsAnotherAccountsThenFalseAndThatLinkKept() {
        crowd.addLocalUser("bob", true);
        directory.create("alice", new Profile("Alice", null));
        directory.link("alice", ALICE_AT_IDP);
        assertFalse(directory.unlink("bob", ALICE_AT_IDP.hash()));
        assertEquals("alice", directory.findByExternalId(ALICE_AT_IDP).orElseThrow().username());
    }

    @Test
    void linksWhenLinkMadeBeforeNamesWereKeptThenHashOnly() throws Exception {
        crowd.addLocalUser("bob", true);
        crowd.setUserAttribute(crowd.getUser("bob"), CrowdUserDirectory.LINK_ATTRIBUTE, Set.of(ALICE_AT_IDP.hash()));
        assertEquals(java.util.List.of(new io.oidcsso.plugin.host.LinkedIdentity(ALICE_AT_IDP.hash(), null)),
                directory.links("bob"));
    }
}
