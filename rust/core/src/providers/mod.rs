//! IdP-specific behaviour (STYLE.md 8): one small module per provider behind one trait,
//! built by one `match`. The generic login path stays standard; what is here runs only
//! for an IdP whose configuration asks for it.

mod app_token;
pub mod entra;

use std::fmt;

use crate::config::IdpConfig;
use crate::mapping::{Claims, Identity};
use crate::HttpClient;

/// What a provider module may use during one login.
pub(crate) struct LoginContext<'a> {
    pub(crate) idp: &'a IdpConfig,
    /// The IdP's own client: its timeouts, size cap, trust anchors and proxy; no redirects.
    pub(crate) client: &'a dyn HttpClient,
    /// From the IdP's discovery document.
    pub(crate) token_endpoint: &'a str,
    pub(crate) claims: Claims<'a>,
    pub(crate) now: i64,
}

/// Why a provider lookup failed: a stable code (docs/errors.md, "Group lookup") and a
/// hint for the admin. Never contains a token or a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) code: &'static str,
    pub(crate) hint: String,
}

impl Failure {
    pub(crate) fn new(code: &'static str, hint: impl Into<String>) -> Failure {
        Failure {
            code,
            hint: hint.into(),
        }
    }
}

/// The groups a provider found outside the claims, or why it could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GroupsLookup {
    Found {
        groups: Vec<String>,
        /// For the audit line: where they came from (no tokens).
        detail: String,
    },
    /// The login goes on with the groups unknown: nothing is removed.
    Failed(Failure),
}

/// Audit event of a successful lookup.
pub const GROUPS_LOOKUP: &str = "groups.lookup";
/// Audit event of a failed lookup (the groups then count as absent).
pub const GROUPS_LOOKUP_FAILED: &str = "groups.lookup_failed";

impl GroupsLookup {
    /// Puts found groups into the identity (the claim then counts as present); a
    /// failure leaves it absent, so no group is removed and no admin demoted.
    /// Returns the audit event and its detail.
    pub(crate) fn apply(self, identity: &mut Identity) -> (&'static str, String) {
        match self {
            GroupsLookup::Found { groups, detail } => {
                identity.groups = groups;
                identity.groups_claim_present = true;
                (GROUPS_LOOKUP, detail)
            }
            GroupsLookup::Failed(Failure { code, hint }) => {
                identity.groups = Vec::new();
                identity.groups_claim_present = false;
                (
                    GROUPS_LOOKUP_FAILED,
                    format!("code={code} groupsClaimPresent=false: {hint}"),
                )
            }
        }
    }
}

/// One provider's deviations from the standard.
pub(crate) trait IdpExtension: Send + Sync + fmt::Debug {
    /// Called when the groups claim is absent: the groups the IdP keeps elsewhere, or
    /// `None` when the login shows no sign of them.
    fn absent_groups(&self, login: &LoginContext<'_>) -> Option<GroupsLookup>;
}

/// The extension of one IdP, if its configuration asks for one.
pub(crate) fn extension_for(idp: &IdpConfig) -> Option<Box<dyn IdpExtension>> {
    match &idp.entra {
        Some(entra) => Some(Box::new(entra::Entra::new(entra.clone()))),
        None => None,
    }
}
