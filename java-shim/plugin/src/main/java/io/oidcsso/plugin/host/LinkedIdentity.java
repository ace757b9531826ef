package io.oidcsso.plugin.host;

import java.util.Objects;

/**
 * An IdP identity linked to an account, as the admin sees it: always its {@link ExternalId#hash()},
 * and the (iss, sub) pair when the directory kept it ({@code identity} is null for a link made
 * before names were kept: the hash cannot be turned back into the pair).
 */
public record LinkedIdentity(String hash, ExternalId identity) {
    public LinkedIdentity {
        Objects.requireNonNull(hash, "hash");
        if (identity != null && !identity.hash().equals(hash)) {
            throw new IllegalArgumentException("the identity does not have this hash");
        }
    }
}
