package io.oidcsso.plugin.atlassian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.confluence.security.seraph.ConfluenceUserPrincipal;
import com.atlassian.jira.user.ApplicationUser;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.host.LoginRefusedException;
import java.security.Principal;
import org.junit.jupiter.api.Test;

class PrincipalResolversTest {
    private record JiraUser(String name) implements ApplicationUser {
        @Override
        public String getName() {
            return name;
        }
    }

    @Test
    void forPlatformWhenConfluenceThenConfluenceUserPrincipalStored() {
        PrincipalResolver resolver = PrincipalResolvers.forPlatform("conf", FakeSal.Users.resolvingEveryone()).orElseThrow();
        Principal principal = resolver.resolve("alice");
        assertInstanceOf(ConfluenceUserPrincipal.class, principal);
        assertEquals("alice", principal.getName());
    }

    @Test
    void forPlatformWhenJiraAndSalReturnsApplicationUserThenItIsUsed() {
        PrincipalResolver resolver = PrincipalResolvers.forPlatform("jira", new FakeSal.Users(JiraUser::new)).orElseThrow();
        assertInstanceOf(ApplicationUser.class, resolver.resolve("alice"));
    }

    @Test
    void forPlatformWhenJiraAndSalReturnsOtherPrincipalThenRefused() {
        PrincipalResolver resolver = PrincipalResolvers.forPlatform("jira", FakeSal.Users.resolvingEveryone()).orElseThrow();
        LoginRefusedException refused = assertThrows(LoginRefusedException.class, () -> resolver.resolve("alice"));
        assertEquals("host_principal_unsupported", refused.code());
    }

    @Test
    void forPlatformWhenBitbucketThenNoSeraphResolver() {
        assertTrue(PrincipalResolvers.forPlatform("bitbucket", FakeSal.Users.resolvingEveryone()).isEmpty());
    }

    @Test
    void forPlatformWhenReferenceHostThenSalPrincipalUsedAsIs() {
        Principal principal = PrincipalResolvers.forPlatform("refapp", FakeSal.Users.resolvingEveryone()).orElseThrow().resolve("bob");
        assertEquals(new FakeSal.NamedPrincipal("bob"), principal);
    }

    @Test
    void resolveWhenJiraUserManagerHasUserThenApplicationUserReturned() {
        JiraPrincipalResolver resolver = new JiraPrincipalResolver(name -> name.equals("alice") ? new JiraUser("alice") : null);
        assertEquals("alice", resolver.resolve("alice").getName());
        assertNull(resolver.resolve("nobody"));
    }
}
