package com.atlassian.confluence.security.seraph;

import java.io.Serializable;
import java.security.Principal;

/**
 * Stub of Confluence's ConfluenceUserPrincipal (Confluence 8.7.2, [DECL]): the Seraph session
 * principal in Confluence. Only {@link #of(Principal)} and {@link #getName()} are part of the
 * stub's contract; the private constructor and method bodies are stand-ins (the real class looks
 * the user up by name), never packaged.
 */
public class ConfluenceUserPrincipal implements Principal, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;

    private ConfluenceUserPrincipal(String name) {
        this.name = name;
    }

    public static ConfluenceUserPrincipal of(Principal principal) {
        if (principal == null) {
            return null;
        }
        if (principal instanceof ConfluenceUserPrincipal) {
            return (ConfluenceUserPrincipal) principal;
        }
        return new ConfluenceUserPrincipal(principal.getName());
    }

    @Override
    public String getName() {
        return name;
    }
}
