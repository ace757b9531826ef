package io.oidcsso.plugin.engine;

import java.util.List;

/**
 * The ID token's timing and assurance claims as the core summarises them for the per-IdP debug line
 * ({@code debug.decision}): Unix seconds ({@code null} when the token had none or not a number), the first
 * 8 {@code amr} values (each at most 32 characters), {@code acr} and {@code azp} (at most 100 characters;
 * {@code null} when absent or not a string) and how many audiences {@code aud} names. No identity, no token,
 * no nonce. Decoded on every login as a plain record (cheap).
 */
public record TokenSummary(Long iat, Long exp, Long authTime, List<String> amr, String acr, String azp,
        int audCount) {
    /** A decision from a core that sent none: everything absent. */
    public static final TokenSummary NONE = new TokenSummary(null, null, null, List.of(), null, null, 0);

    public TokenSummary {
        amr = amr == null ? List.of() : List.copyOf(amr);
    }
}
