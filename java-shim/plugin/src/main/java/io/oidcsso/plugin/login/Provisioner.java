package io.oidcsso.plugin.login;

import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.PlanRequest;
import io.oidcsso.plugin.engine.ProvisioningPlan;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.host.UserDirectory;
import io.oidcsso.plugin.nativebridge.OidcInternalException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Just-in-time provisioning, coordinating only: looks the account up, asks the core for the plan
 * (all policy lives there, docs/provisioning.md), applies it through the {@link UserDirectory} and
 * audits every change. {@link #previewLogin} is the same plan without side effects (the dry run).
 */
public final class Provisioner {
    private final UserDirectory directory;
    private final PlanApplier applier;

    public Provisioner(UserDirectory directory, AuditLog audit) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.applier = new PlanApplier(directory, Objects.requireNonNull(audit, "audit"));
    }

    /** The plan this login would get, computed against the directory as it is now; writes nothing. */
    public ProvisioningPlan previewLogin(LoginEngine engine, LoginDecision decision) {
        return plan(engine, decision, lookUp(decision));
    }

    /** Applies the plan and returns the account to bind; a refusal raises {@link LoginRefusedException}. */
    public DirectoryUser provision(LoginEngine engine, LoginDecision decision, String referenceId) {
        Lookup lookup = lookUp(decision);
        ProvisioningPlan plan = plan(engine, decision, lookup);
        if (plan.outcome() == ProvisioningPlan.Outcome.REFUSE && lookup.linked().isEmpty()
                && lookup.sameUsername().isPresent()) {
            // The unlinked account may be a concurrent first login's, created a moment ago and about
            // to be linked: once that login is done, look again.
            Optional<DirectoryUser> linked = directory.awaitLinked(new ExternalId(decision.issuer(),
                    decision.subject()));
            if (linked.isPresent()) {
                lookup = new Lookup(linked, Optional.empty());
                plan = plan(engine, decision, lookup);
            }
        }
        if (plan.outcome() == ProvisioningPlan.Outcome.REFUSE) {
            applier.refused(plan, decision, referenceId);
            throw new LoginRefusedException(plan.refusal().code(), plan.refusal().message());
        }
        return applier.apply(plan, decision, referenceId);
    }

    private record Lookup(Optional<DirectoryUser> linked, Optional<DirectoryUser> sameUsername) {
        Optional<DirectoryUser> account() {
            return linked.isPresent() ? linked : sameUsername;
        }
    }

    private Lookup lookUp(LoginDecision decision) {
        Optional<DirectoryUser> linked = directory.findByExternalId(new ExternalId(decision.issuer(),
                decision.subject()));
        Optional<DirectoryUser> sameUsername = linked.isPresent() ? Optional.empty()
                : directory.findByUsername(decision.username());
        return new Lookup(linked, sameUsername);
    }

    /** At most two calls: the second one with the memberships the first asked for. */
    private ProvisioningPlan plan(LoginEngine engine, LoginDecision decision, Lookup lookup) {
        Map<String, Boolean> memberOf = new LinkedHashMap<>();
        List<String> managed = lookup.account()
                .map(user -> List.copyOf(new TreeSet<>(directory.managedGroups(user.username(), decision.idpId()))))
                .orElse(List.of());
        for (int attempt = 0; attempt < 2; attempt++) {
            PlanRequest request = new PlanRequest(PlanRequest.LoginFacts.of(decision),
                    new PlanRequest.AccountState(account(lookup.linked()), account(lookup.sameUsername()), memberOf,
                            managed),
                    new PlanRequest.DirectoryState(directory.isWritable(), null));
            ProvisioningPlan plan = engine.planProvisioning(request);
            if (plan.outcome() != ProvisioningPlan.Outcome.NEEDS_MEMBERSHIP || lookup.account().isEmpty()) {
                return plan;
            }
            String username = lookup.account().get().username();
            plan.needsMembership().forEach(group -> memberOf.put(group, directory.isMember(username, group)));
        }
        String hint = "the provisioning plan still needs memberships after they were given";
        throw new OidcInternalException(hint, ErrorCodes.ENGINE_PROTOCOL_ERROR, hint);
    }

    private PlanRequest.ExistingUser account(Optional<DirectoryUser> user) {
        return user.map(u -> new PlanRequest.ExistingUser(u.username(), u.displayName(), u.email(), u.active(),
                directory.linkCount(u.username()))).orElse(null);
    }
}
