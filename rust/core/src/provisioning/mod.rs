//! Just-in-time provisioning: from one login's mapped claims and the account's current
//! state (as the shim reports it), the exact plan — user created, updated or linked (or a
//! refusal with a code), groups added or removed, each with the rule that caused it.
//!
//! [`plan`] is pure: the same call is the admin's dry run. The shim applies the plan
//! through its `UserDirectory` and audits every change (docs/provisioning.md).

mod account;
pub mod claim;
mod groups;
pub mod rules;

use crate::api::{
    GroupAction, GroupChange, PlanOutcome, PlanRequest, ProvisioningPlan, Refusal, UserAction,
};
use crate::config::IdpConfig;

pub use claim::claimed_groups;

/// The plan of one login for one IdP. Pure: no side effects, same input, same plan.
pub fn plan(idp: &IdpConfig, req: &PlanRequest) -> ProvisioningPlan {
    let account = match account::plan_account(idp, req) {
        Ok(account) => account,
        Err(refusal) => return ProvisioningPlan::refused(Some(refusal)),
    };
    let input = groups::GroupInput {
        is_new_user: account.user.action == UserAction::Create,
        req,
    };
    let groups = groups::plan_groups(&idp.provisioning.groups, &input);
    if !groups.needs_membership.is_empty() {
        return ProvisioningPlan {
            outcome: PlanOutcome::NeedsMembership,
            needs_membership: groups.needs_membership,
            ..ProvisioningPlan::refused(None)
        };
    }
    let mut notes = account.notes;
    notes.extend(groups.notes);
    ProvisioningPlan {
        outcome: PlanOutcome::Apply,
        refusal: None,
        needs_membership: Vec::new(),
        user: Some(account.user),
        groups: groups.changes,
        managed_groups: groups.managed_after,
        notes,
    }
}

impl ProvisioningPlan {
    fn refused(refusal: Option<Refusal>) -> ProvisioningPlan {
        ProvisioningPlan {
            outcome: PlanOutcome::Refuse,
            refusal,
            needs_membership: Vec::new(),
            user: None,
            groups: Vec::new(),
            managed_groups: None,
            notes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
