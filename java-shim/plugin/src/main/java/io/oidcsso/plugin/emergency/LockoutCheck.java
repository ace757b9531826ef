package io.oidcsso.plugin.emergency;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Refuses a configuration that would leave no administrator a way in (issue 12 item 4): SSO
 * enforced while the local login is off, restricted to no group or to no network. Asked wherever a
 * document is stored (the {@code --config} import and the admin API, both through
 * {@code runtime.ConfigSaver}), after the core found the document valid.
 *
 * <p>A group mapping that makes IdP users administrators does not count as a way in: it depends on
 * the IdP, and an IdP outage is exactly when the way in is needed. An unused break-glass code
 * ({@link BreakGlassCodes}) does count: it lets its administrator in whatever the document says.
 */
public final class LockoutCheck {
    private LockoutCheck() {}

    /** What would happen with this document and what to change; empty when an administrator keeps a way in. */
    public static List<String> problems(String document) {
        return problems(document, () -> false);
    }

    /**
     * As {@link #problems(String)}; {@code breakGlassCodesExist} is asked only when the document
     * would otherwise lock everyone out (it reads the shared store). When it cannot be read, no code counts.
     */
    public static List<String> problems(String document, BooleanSupplier breakGlassCodesExist) {
        EmergencySettings settings = EmergencySettings.read(document);
        List<String> problems = new ArrayList<>();
        if (!settings.ssoEnforced() || settings.state() != EmergencySettings.State.STORED || !settings.nobodyAllowed()
                || codesExist(breakGlassCodesExist)) {
            return problems;
        }
        String consequence = "with routing.enforceSso true, nobody could log in with a local password, so an"
                + " IdP outage or a wrong IdP setting would lock every administrator out";
        if (!settings.enabled()) {
            problems.add("/emergency/enabled: is false; " + consequence
                    + ". Set emergency.enabled to true (the local login then stays for the allowed groups only)");
        }
        if (settings.allowedGroups() != null && settings.allowedGroups().isEmpty()) {
            problems.add("/emergency/allowedGroups: is empty; " + consequence
                    + ". Name at least one group, or remove the field (the product's system administrators)");
        }
        if (settings.allowedNetworks() != null && settings.allowedNetworks().isEmpty()) {
            problems.add("/emergency/allowedNetworks: is empty; " + consequence
                    + ". List the administrators' networks, or remove the field (any address)");
        }
        if (!problems.isEmpty()) {
            problems.add("no unused break-glass code exists either (generating codes for an administrator, POST "
                    + "/plugins/servlet/oidc-sso/break-glass/codes, also keeps a way in)");
        }
        return problems;
    }

    private static boolean codesExist(BooleanSupplier breakGlassCodesExist) {
        try {
            return breakGlassCodesExist.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
