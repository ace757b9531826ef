//! IdP-specific behaviour (STYLE.md 8): one small module per provider behind one trait,
//! built by one `match`. The generic login path stays standard; what is here runs only
//! for an IdP whose configuration asks for it.

mod app_token;
mod cognito;
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

/// What a provider module may use to end a session at the IdP.
pub(crate) struct LogoutContext<'a> {
    pub(crate) idp: &'a IdpConfig,
    /// Where the IdP sends the browser afterwards: registered there.
    pub(crate) post_logout_redirect_uri: &'a str,
}

/// Why a provider lookup failed: a stable code (docs/errors.md, "Group lookup") and a
/// hint for the admin. Never contains a token or a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) code: crate::Code,
    pub(crate) hint: String,
}

impl Failure {
    pub(crate) fn new(code: crate::Code, hint: impl Into<String>) -> Failure {
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

/// One provider's deviations from the standard; each method's default is the standard.
pub(crate) trait IdpExtension: Send + Sync + fmt::Debug {
    /// Called when the groups claim is absent: the groups the IdP keeps elsewhere, or
    /// `None` when the login shows no sign of them.
    fn absent_groups(&self, _login: &LoginContext<'_>) -> Option<GroupsLookup> {
        None
    }

    /// RP-initiated logout at an IdP without a standard `end_session_endpoint`: the URL
    /// to send the browser to; `None` = RP-Initiated Logout 1.0.
    fn end_session_url(&self, _logout: &LogoutContext<'_>) -> Option<String> {
        None
    }
}

/// The extension of one IdP, if its configuration asks for one (config validation
/// allows at most one: `entra` and `quirks.cognitoLogoutUrl` exclude each other).
pub(crate) fn extension_for(idp: &IdpConfig) -> Option<Box<dyn IdpExtension>> {
    match (&idp.entra, &idp.quirks.cognito_logout_url) {
        (Some(entra), _) => Some(Box::new(entra::Entra::new(entra.clone()))),
        (None, Some(logout_url)) => Some(Box::new(cognito::Cognito::new(logout_url.clone()))),
        (None, None) => None,
    }
}
