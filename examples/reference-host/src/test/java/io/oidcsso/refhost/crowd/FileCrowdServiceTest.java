package io.oidcsso.refhost.crowd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.crowd.embedded.api.Group;
import com.atlassian.crowd.embedded.api.UserWithAttributes;
import com.atlassian.crowd.exception.AccountNotFoundException;
import com.atlassian.crowd.exception.FailedAuthenticationException;
import com.atlassian.crowd.exception.InactiveAccountException;
import com.atlassian.crowd.exception.InvalidUserException;
import com.atlassian.crowd.exception.embedded.InvalidGroupException;
import com.atlassian.crowd.exception.runtime.GroupNotFoundException;
import com.atlassian.crowd.exception.runtime.UserNotFoundException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCrowdServiceTest {
    @TempDir
    Path home;

    @Test
    void addUserWhenNewThenStoredWithAttributesAndNoPasswordLogin() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        directory.addUser(TestUsers.user("Alice", "Alice A", "alice@example.com", true,
                Map.of("oidc.subject", Set.of("sub-1"))), null);
        UserWithAttributes alice = directory.getUserWithAttributes("alice");
        assertEquals("Alice", alice.getName());
        assertEquals("sub-1", alice.getValue("oidc.subject"));
        assertTrue(directory.checkPassword("alice", "").isEmpty());
    }

    @Test
    void addUserWhenNameTakenInAnyCaseThenInvalidUser() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        directory.addUser(TestUsers.user("bob", "Bob", null, true), "pw");
        assertThrows(InvalidUserException.class, () -> directory.addUser(TestUsers.user("BOB", "Bob", null, true), "pw"));
    }

    @Test
    void renameUserWhenRenamedThenKeyAttributesGroupsAndPasswordKeptUnderNewName() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        UserWithAttributes alice = directory.addUser(TestUsers.user("alice", "Alice", null, true,
                Map.of("oidcsso.externalIds", Set.of("h1"))), "pw-alice");
        Group staff = directory.addGroup(new DirectoryGroup("staff"));
        directory.addUserToGroup(alice, staff);

        directory.renameUser(alice, "alice.old");

        assertNull(directory.getUser("alice"));
        assertEquals("alice", directory.userKey("alice.old"));
        assertEquals("h1", directory.getUserWithAttributes("alice.old").getValue("oidcsso.externalIds"));
        assertTrue(directory.isUserMemberOfGroup("alice.old", "staff"));
        assertTrue(directory.checkPassword("alice.old", "pw-alice").isPresent());
        assertEquals("alice.old", directory.userByKey("alice").getName());
    }

    @Test
    void addUserWhenOldNameOfRenamedAccountThenAnotherKeyAndNeverTheRenamedOne() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        directory.renameUser(directory.addUser(TestUsers.user("alice", "Alice", null, true), "pw"), "alice.old");
        directory.addUser(TestUsers.user("Alice", "New Alice", null, true), "pw");
        DirectoryUser created = directory.createUser("refuser10001", null, null, "pw");

        String newKey = directory.userKey("alice");
        assertFalse(newKey.equals("alice"), newKey);
        assertEquals("New Alice", directory.userByKey(newKey).getDisplayName());
        assertEquals("alice.old", directory.userByKey("alice").getName());
        assertFalse(directory.userKey(created.getName()).equals(newKey), "generated keys never collide with names");
    }

    @Test
    void renameUserWhenNameTakenOrInvalidOrUnknownThenRefusedAndNothingChanged() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        UserWithAttributes alice = directory.addUser(TestUsers.user("alice", "Alice", null, true), "pw");
        directory.addUser(TestUsers.user("bob", "Bob", null, true), "pw");

        assertThrows(InvalidUserException.class, () -> directory.renameUser(alice, "BOB"));
        assertThrows(InvalidUserException.class, () -> directory.renameUser(alice, " spaced "));
        assertThrows(UserNotFoundException.class,
                () -> directory.renameUser(TestUsers.user("ghost", null, null, true), "ghost2"));
        assertEquals("alice", directory.getUser("alice").getName());
        directory.renameUser(alice, "Alice");
        assertEquals("Alice", directory.getUser("alice").getName(), "a change of case is a rename too");
        assertEquals("alice", directory.userKey("Alice"));
    }

    @Test
    void addUserWhenNameBlankThenInvalidUser() {
        FileCrowdService directory = new FileCrowdService(home);
        assertThrows(InvalidUserException.class, () -> directory.addUser(TestUsers.user(" ", "x", null, true), "pw"));
    }

    @Test
    void membershipWhenGroupMissingThenGroupNotFound() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        UserWithAttributes bob = directory.addUser(TestUsers.user("bob", "Bob", null, true), "pw");
        Group ghost = new DirectoryGroup("ghost");
        assertThrows(GroupNotFoundException.class, () -> directory.addUserToGroup(bob, ghost));
    }

    @Test
    void membershipWhenAddedAndRemovedThenReportedOnce() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        UserWithAttributes bob = directory.addUser(TestUsers.user("bob", "Bob", null, true), "pw");
        Group devs = directory.addGroup(new DirectoryGroup("Developers"));
        assertTrue(directory.addUserToGroup(bob, devs));
        assertFalse(directory.addUserToGroup(bob, devs));
        assertTrue(directory.isUserMemberOfGroup("BOB", "developers"));
        assertEquals(Set.of("Developers"), directory.groupNames("bob"));
        assertTrue(directory.removeUserFromGroup(bob, devs));
        assertFalse(directory.isUserMemberOfGroup("bob", "Developers"));
    }

    @Test
    void addGroupWhenExistsThenInvalidGroup() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        directory.addGroup(new DirectoryGroup("g"));
        assertThrows(InvalidGroupException.class, () -> directory.addGroup(new DirectoryGroup("G")));
    }

    @Test
    void updateUserWhenUnknownThenUserNotFound() {
        FileCrowdService directory = new FileCrowdService(home);
        assertThrows(UserNotFoundException.class, () -> directory.updateUser(TestUsers.user("nobody", "N", null, true)));
    }

    @Test
    void attributesWhenSetAndRemovedThenVisibleToANewInstance() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        UserWithAttributes bob = directory.addUser(TestUsers.user("bob", "Bob", null, true), "pw");
        directory.setUserAttribute(bob, "k", Set.of("b", "a"));
        assertEquals(Set.of("a", "b"), new FileCrowdService(home).getUserWithAttributes("bob").getValues("k"));
        directory.removeUserAttribute(bob, "k");
        assertNull(new FileCrowdService(home).getUserWithAttributes("bob").getValues("k"));
    }

    @Test
    void changesWhenMadeConcurrentlyByTwoInstancesThenNoneLost() throws Exception {
        FileCrowdService a = new FileCrowdService(home);
        FileCrowdService b = new FileCrowdService(home);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                FileCrowdService target = i % 2 == 0 ? a : b;
                String name = "user" + i;
                done.add(pool.submit(() -> target.addUser(TestUsers.user(name, name, null, true), null)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(a.getUser("user" + i) != null, "user" + i + " lost");
        }
    }

    @Test
    void readsWhenAnotherInstanceChangesTheDirectoryThenEveryChangeSeenAtOnce() throws Exception {
        // Two host processes over one home (a cluster): the first answers from its last parse, which
        // must never hide the second's changes, however fast they follow each other.
        FileCrowdService first = new FileCrowdService(home);
        FileCrowdService second = new FileCrowdService(home);
        UserWithAttributes carol = second.addUser(TestUsers.user("carol", "Carol", null, true), "pw");
        Group staff = second.addGroup(new DirectoryGroup("staff"));
        assertEquals("Carol", first.getUser("carol").getDisplayName());
        for (int round = 0; round < 50; round++) {
            // Same length each round: only the file's identity and time tell the versions apart.
            String name = String.format("Carol %02d", round);
            second.updateUser(TestUsers.user("carol", name, null, true));
            assertEquals(name, first.getUser("carol").getDisplayName(), "round " + round);
            second.addUserToGroup(carol, staff);
            assertTrue(first.isUserMemberOfGroup("carol", "staff"), "round " + round);
            second.removeUserFromGroup(carol, staff);
            assertFalse(first.isUserMemberOfGroup("carol", "staff"), "round " + round);
        }
        second.renameUser(carol, "carol.old");
        assertNull(first.getUser("carol"));
    }

    @Test
    void readsWhenThisInstanceChangesTheDirectoryThenItsNextReadSeesIt() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        UserWithAttributes dave = directory.addUser(TestUsers.user("dave", "Dave", null, true), "pw");
        assertEquals("Dave", directory.getUser("dave").getDisplayName());
        for (int round = 0; round < 50; round++) {
            String name = String.format("Dave %02d", round);
            directory.updateUser(TestUsers.user("dave", name, null, true));
            assertEquals(name, directory.getUser("dave").getDisplayName(), "round " + round);
        }
        directory.renameUser(dave, "dave.old");
        assertNull(directory.getUser("dave"));
        assertEquals("dave.old", directory.getUser("dave.old").getName());
    }

    @Test
    void checkPasswordWhenPasswordRightThenUserElseEmpty() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        directory.addUser(TestUsers.user("bob", "Bob", null, true), "correct horse");
        assertTrue(directory.checkPassword("bob", "correct horse").isPresent());
        assertTrue(directory.checkPassword("bob", "wrong").isEmpty());
        assertTrue(directory.checkPassword("nobody", "correct horse").isEmpty());
    }

    @Test
    void crowdAuthenticateWhenPasswordRightThenUserElseTheExceptionCrowdThrows() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        directory.addUser(TestUsers.user("bob", "Bob", null, true), "correct horse");
        directory.addUser(TestUsers.user("sleepy", "Sleepy", null, false), "correct horse");

        assertEquals("bob", directory.authenticate("BOB", "correct horse").getName());
        FailedAuthenticationException wrong = assertThrows(FailedAuthenticationException.class,
                () -> directory.authenticate("bob", "wrong"));
        assertEquals(FailedAuthenticationException.class, wrong.getClass());
        assertThrows(AccountNotFoundException.class, () -> directory.authenticate("nobody", "correct horse"));
        assertThrows(InactiveAccountException.class, () -> directory.authenticate("sleepy", "correct horse"));
        // Inactive is said only to whoever knows the password.
        assertEquals(FailedAuthenticationException.class,
                assertThrows(FailedAuthenticationException.class, () -> directory.authenticate("sleepy", "x")).getClass());
    }
}
