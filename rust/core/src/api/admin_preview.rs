//! `groupsDryRun` and `templatePreview`: the admin's previews of a draft (or the stored)
//! configuration (admin API `POST groups/dry-run` and `POST templates/preview`). Stateless:
//! no engine, no network; the draft is read by the same code that stores a configuration,
//! and the answer comes from the same mapping, group rules and renderer a login uses.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{ProvisioningPlan, Refusal, RenderRequest};
use crate::error::ConfigProblem;

/// The `groupsDryRun` request: which IdP of which document, and the claims of one login.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupsDryRunRequest {
    /// The configuration document (secrets already merged in by the shim).
    pub config: Value,
    /// The IdP whose claim mapping and group rules apply.
    pub idp: String,
    /// The ID token's claims, as a login would have validated them.
    pub claims: Map<String, Value>,
    /// Userinfo's claims, when the IdP would send some.
    #[serde(default)]
    pub userinfo: Option<Map<String, Value>>,
    /// The account's current groups; `None` = no such account yet (a first login).
    #[serde(default)]
    pub existing_groups: Option<Vec<String>>,
    /// The groups this IdP granted earlier (only these are ever removed).
    #[serde(default)]
    pub managed_groups: Vec<String>,
}

/// What a login with these claims would do; exactly one of `problems` (the document is
/// invalid), `failure` (the login would be refused) and `plan` says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupsDryRunResult {
    /// The document's problems, as `validateConfig` lists them (empty = valid).
    pub problems: Vec<ConfigProblem>,
    /// Why a login with these claims would be refused (its code and hint).
    pub failure: Option<Refusal>,
    /// The username and attributes the claim mapping yields.
    pub identity: Option<DryRunIdentity>,
    /// The provisioning plan: the account and each group's change with its rule.
    pub plan: Option<ProvisioningPlan>,
}

/// The claim mapping's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DryRunIdentity {
    /// From the configured username claim.
    pub username: String,
    /// From the configured email claim.
    pub email: Option<String>,
    /// True only when the IdP verified the email.
    pub email_verified: bool,
    /// From the configured display-name claim.
    pub display_name: Option<String>,
    /// The claimed groups, before the rules.
    pub groups: Vec<String>,
    /// Whether the groups claim was sent at all.
    pub groups_claim_present: bool,
}

/// The `templatePreview` request: a document and the page to render from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplatePreviewRequest {
    /// The configuration document (secrets already merged in by the shim).
    pub config: Value,
    /// The page and its sample values, as a login would ask for it.
    pub render: RenderRequest,
}

/// The rendered page, or why it cannot be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplatePreview {
    /// The document's problems (a template that does not compile or exceeds its bounds).
    pub problems: Vec<ConfigProblem>,
    /// The page a user would see; `None` when the document is invalid.
    pub html: Option<String>,
    /// The admin's template failed while rendering (the user would see the built-in page).
    pub template_problem: Option<String>,
    /// The admin's own template is configured for this page.
    pub custom: bool,
}
