package io.oidcsso.plugin.atlassian;

import com.atlassian.confluence.security.seraph.ConfluenceUserPrincipal;
import java.security.Principal;
import java.util.Objects;

/**
 * Confluence: the session holds a {@code ConfluenceUserPrincipal}, as ConfluenceAuthenticator's
 * putPrincipalInSessionContext stores {@code ConfluenceUserPrincipal.of(principal)}.
 */
public final class ConfluencePrincipalResolver implements PrincipalResolver {
    private final PrincipalResolver lookup;

    public ConfluencePrincipalResolver(PrincipalResolver lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public Principal resolve(String username) {
        Principal principal = lookup.resolve(username);
        return principal == null ? null : ConfluenceUserPrincipal.of(principal);
    }
}
