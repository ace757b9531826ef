//! `planProvisioning`: what the directory holds for one login, and the core's plan for
//! the account and its groups (docs/provisioning.md).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::LoginDecision;
use crate::error::Code;

/// The `planProvisioning` request (docs/architecture.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanRequest {
    /// The login, as `completeLogin` answered it.
    pub login: LoginFacts,
    /// What the directory holds for it.
    #[serde(default)]
    pub account: AccountState,
    /// What the directory can do.
    pub directory: DirectoryState,
}

/// The mapped claims of one login: the fields of completeLogin's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginFacts {
    /// The IdP the login went to.
    pub idp_id: String,
    /// Its issuer.
    pub issuer: String,
    /// The ID token's `sub`.
    pub subject: String,
    /// From the configured username claim.
    pub username: String,
    /// From the configured email claim.
    #[serde(default)]
    pub email: Option<String>,
    /// True only when the IdP verified the email.
    #[serde(default)]
    pub email_verified: bool,
    /// From the configured display-name claim.
    #[serde(default)]
    pub display_name: Option<String>,
    /// The claimed groups.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Whether the groups claim was sent at all (otherwise the groups are unknown).
    #[serde(default)]
    pub groups_claim_present: bool,
}

impl From<&LoginDecision> for LoginFacts {
    /// The facts of a login decision: the fields the plan depends on.
    fn from(decision: &LoginDecision) -> LoginFacts {
        LoginFacts {
            idp_id: decision.idp_id.clone(),
            issuer: decision.issuer.clone(),
            subject: decision.subject.clone(),
            username: decision.username.clone(),
            email: decision.email.clone(),
            email_verified: decision.email_verified,
            display_name: decision.display_name.clone(),
            groups: decision.groups.clone(),
            groups_claim_present: decision.groups_claim_present,
        }
    }
}

/// What the directory holds for this login.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

/// An account in the product's directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExistingUser {
    /// Its username.
    pub username: String,
    /// Its display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its email.
    #[serde(default)]
    pub email: Option<String>,
    /// Not deactivated.
    pub active: bool,
    /// How many IdP identities are linked to this account.
    #[serde(default)]
    pub link_count: u32,
}

/// What the product's user directory can do.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DirectoryState {
    /// Users and memberships can be written.
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
    /// Whether to apply the plan, refuse the login, or ask again with memberships.
    pub outcome: PlanOutcome,
    /// With [`PlanOutcome::Refuse`]: why.
    pub refusal: Option<Refusal>,
    /// With [`PlanOutcome::NeedsMembership`]: look these up, put them in `memberOf`, ask again.
    pub needs_membership: Vec<String>,
    /// What happens to the account.
    pub user: Option<UserPlan>,
    /// What happens to each group.
    pub groups: Vec<GroupChange>,
    /// The groups to remember as granted by this IdP; `None` = leave as is.
    pub managed_groups: Option<Vec<String>>,
    /// Things the admin should know (profile not updated, ...).
    pub notes: Vec<String>,
}

/// Whether to apply a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PlanOutcome {
    /// Apply the plan.
    Apply,
    /// Refuse the login (`refusal` says why).
    Refuse,
    /// Look up `needsMembership` and ask again.
    NeedsMembership,
}

/// Why a login is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    /// The refusal's code (docs/errors.md, "Provisioning").
    pub code: Code,
    /// For the admin.
    pub message: String,
}

/// What happens to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserPlan {
    /// Create, update or leave the account.
    pub action: UserAction,
    /// The account's username.
    pub username: String,
    /// Record the login's (iss, sub) on the account.
    pub link: bool,
    /// The values to write (create) or the changed ones (update); `None` = unchanged.
    pub display_name: Option<String>,
    /// The email to write; `None` = unchanged.
    pub email: Option<String>,
    /// Each profile field that changes.
    pub changes: Vec<FieldChange>,
    /// The setting that decided.
    pub rule: String,
}

/// What happens to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UserAction {
    /// Create it (and link it).
    Create,
    /// Update its profile (or link it).
    Update,
    /// Leave it as it is.
    Unchanged,
}

/// One profile field that changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// `displayName` or `email`.
    pub field: String,
    /// The account's value.
    pub from: Option<String>,
    /// The login's value.
    pub to: Option<String>,
}

/// What happens to one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupChange {
    /// Add, remove, keep or ignore.
    pub action: GroupAction,
    /// The group's name.
    pub group: String,
    /// The rule that caused it: `rules/<i>`, `syncAll`, `defaultGroups.newUsers`,
    /// `defaultGroups.everyLogin`, `groupsClaim` (no longer claimed), `neverTouch`, ...
    pub rule: String,
    /// For `add`: create the group when it does not exist.
    pub create_if_missing: bool,
    /// For `kept` and `ignored`: why nothing happens.
    pub reason: Option<String>,
}

/// What happens to a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GroupAction {
    /// Add the user to it.
    Add,
    /// Remove the user from it.
    Remove,
    /// A removal that policy prevents (never touched, last admin).
    Kept,
    /// A claimed group that is not synced (allowlist, admin group without exact rule).
    Ignored,
}
