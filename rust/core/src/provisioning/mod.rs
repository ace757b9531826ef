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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::IdpConfig;

pub use claim::claimed_groups;

/// The `planProvisioning` request (docs/architecture.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanRequest {
    pub login: LoginFacts,
    #[serde(default)]
    pub account: AccountState,
    pub directory: DirectoryState,
}

/// The mapped claims of one login: the fields of completeLogin's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginFacts {
    pub idp_id: String,
    pub issuer: String,
    pub subject: String,
    pub username: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub email_verified: bool,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub groups_claim_present: bool,
}

/// What the directory holds for this login.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountState {
    /// The account linked to (iss, sub), if any.
    #[serde(default)]
    pub linked: Option<ExistingUser>,
    /// The account named like the login's username, when none is linked.
    #[serde(default)]
    pub same_username: Option<ExistingUser>,
    /// Memberships of that account the shim looked up, by group name.
    #[serde(default)]
    pub member_of: BTreeMap<String, bool>,
    /// Groups this plugin granted earlier for this IdP (remembered on the account).
    #[serde(default)]
    pub managed_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExistingUser {
    pub username: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub active: bool,
    /// How many IdP identities are linked to this account.
    #[serde(default)]
    pub link_count: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryState {
    pub writable: bool,
    /// Active members of the IdP's admin groups, when the host can count them; unknown
    /// means an admin group is never removed.
    #[serde(default)]
    pub admin_count: Option<u32>,
}

/// The plan; `outcome` says whether to apply it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningPlan {
    pub outcome: Outcome,
    pub refusal: Option<Refusal>,
    /// With [`Outcome::NeedsMembership`]: look these up, put them in `memberOf`, ask again.
    pub needs_membership: Vec<String>,
    pub user: Option<UserPlan>,
    pub groups: Vec<GroupChange>,
    /// The groups to remember as granted by this IdP; `None` = leave as is.
    pub managed_groups: Option<Vec<String>>,
    /// Things the admin should know (profile not updated, ...).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Apply,
    Refuse,
    NeedsMembership,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    pub code: crate::Code,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserPlan {
    pub action: UserAction,
    pub username: String,
    /// Record the login's (iss, sub) on the account.
    pub link: bool,
    /// The values to write (create) or the changed ones (update); `None` = unchanged.
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub changes: Vec<FieldChange>,
    pub rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UserAction {
    Create,
    Update,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupChange {
    pub action: GroupAction,
    pub group: String,
    /// The rule that caused it: `rules/<i>`, `syncAll`, `defaultGroups.newUsers`,
    /// `defaultGroups.everyLogin`, `groupsClaim` (no longer claimed), `neverTouch`, ...
    pub rule: String,
    /// For `add`: create the group when it does not exist.
    pub create_if_missing: bool,
    /// For `kept` and `ignored`: why nothing happens.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GroupAction {
    Add,
    Remove,
    /// A removal that policy prevents (never touched, last admin).
    Kept,
    /// A claimed group that is not synced (allowlist, admin group without exact rule).
    Ignored,
}

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
            outcome: Outcome::NeedsMembership,
            needs_membership: groups.needs_membership,
            ..ProvisioningPlan::refused(None)
        };
    }
    let mut notes = account.notes;
    notes.extend(groups.notes);
    ProvisioningPlan {
        outcome: Outcome::Apply,
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
            outcome: Outcome::Refuse,
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
