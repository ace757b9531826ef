//! `loginUi`: one native call for the whole login experience (docs/login-pages.md) —
//! where a user lands (`route`) and the login pages (`render`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::page_templates::PageKind;

/// The one native call of the login experience (`loginUi`): `{"op": "route", ...}` or
/// `{"op": "render", ...}` (docs/architecture.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum LoginUiRequest {
    /// Where does this user go?
    Route(RouteRequest),
    /// Render a login page.
    Render(RenderRequest),
}

/// `loginUi`'s answer: a [`RouteDecision`] for `route`, a [`Rendered`] page for `render`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LoginUiAnswer {
    /// The answer to `route`.
    Route(RouteDecision),
    /// The answer to `render`.
    Render(Rendered),
}

/// Which page the shim is asking about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RoutePage {
    /// The product's login page (or the chooser's own form).
    #[default]
    Login,
    /// Any other anonymous page view: only `forceLogin` can start a login there.
    Other,
}

/// The shim's question (docs/architecture.md, "route").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteRequest {
    /// The product's login page, or any other anonymous page.
    #[serde(default)]
    pub page: RoutePage,
    /// The page the user wants (the return-to path), context-relative.
    #[serde(default)]
    pub path: Option<String>,
    /// `?idp=<id>`: an explicit choice.
    #[serde(default)]
    pub idp: Option<String>,
    /// What the user typed in the chooser: an email (home-realm discovery) or a username.
    #[serde(default)]
    pub login_hint: Option<String>,
    /// The user asked for the chooser (the cancel link of a delayed redirect).
    #[serde(default)]
    pub chooser: bool,
    /// Third-party-initiated login (OIDC Core 4): the `iss` the IdP sent; it must equal an
    /// enabled IdP's issuer exactly.
    #[serde(default)]
    pub issuer: Option<String>,
    /// The existing user named by `loginHint`, looked up only after `needsUser`.
    #[serde(default)]
    pub user: Option<RouteUser>,
}

/// The existing user named by `loginHint`, as the directory knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteUser {
    /// Membership of the groups `needsUser` listed (others are ignored).
    #[serde(default)]
    pub member_of: BTreeMap<String, bool>,
    /// The user's directory id (a string), `None` when there is no such user.
    #[serde(default)]
    pub directory: Option<String>,
}

/// One button of the chooser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChooserIdp {
    /// The IdP's id.
    pub id: String,
    /// Its `displayName`.
    pub display_name: String,
    /// The button's text.
    pub button_label: String,
    /// The button's icon, if any.
    pub icon_url: Option<String>,
}

/// The answer: where the user goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "camelCase", deny_unknown_fields)]
pub enum RouteDecision {
    /// Start a login at `idpId` (beginLogin); `delayed`: show the chooser page's
    /// countdown with a cancel link first.
    #[serde(rename_all = "camelCase")]
    Redirect {
        /// The IdP to start the login at.
        idp_id: String,
        /// Show the countdown page first.
        delayed: bool,
        /// The countdown's length.
        delay_seconds: u64,
        /// The JSON pointer of the rule that decided, `null` for an explicit choice.
        rule: Option<String>,
    },
    /// Show the chooser.
    #[serde(rename_all = "camelCase")]
    Chooser {
        /// The IdPs offered, in order.
        idps: Vec<ChooserIdp>,
        /// Listed first and highlighted (`autoRedirect: none`).
        preselected: Option<String>,
        /// Ask for an email (domain rules exist).
        email_form: bool,
        /// Offer the product's own login form (false with `enforceSso`).
        local_login: bool,
        /// A code explaining why the user is here again (`domain_not_allowed`).
        notice: Option<String>,
    },
    /// The product's own login form.
    Local,
    /// Not a page that needs a login: let the request through.
    Pass,
    /// Look up the user named by `loginHint` (these groups' membership, the directory)
    /// and ask again with `user`.
    #[serde(rename_all = "camelCase")]
    NeedsUser {
        /// The groups whose membership decides.
        groups: Vec<String>,
    },
}

/// `render`: which page, with what (docs/architecture.md, "loginUi").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RenderRequest {
    /// Which page.
    pub page: PageKind,
    /// The product's context path (`""` or `/jira`).
    #[serde(default)]
    pub context_path: String,
    /// The product's login page, context-relative.
    #[serde(default = "default_login_path")]
    pub login_path: String,
    /// Where the user goes after login (a safe context-relative path).
    #[serde(default)]
    pub return_to: Option<String>,
    /// chooser: the route decision (a chooser, or a delayed redirect).
    #[serde(default)]
    pub decision: Option<RouteDecision>,
    /// error: the code and the reference id of the audit line.
    #[serde(default)]
    pub code: Option<String>,
    /// The error page's reference id (the audit line's `ref`).
    #[serde(default)]
    pub reference: Option<String>,
    /// chooser: what the user typed into the email field (shown again, escaped).
    #[serde(default)]
    pub login_hint: Option<String>,
    /// The site's name for the headings (SAL `ApplicationProperties.getDisplayName()`).
    #[serde(default)]
    pub site_name: Option<String>,
}

fn default_login_path() -> String {
    "/login".into()
}

/// A rendered page and, when the admin's template failed, why (for the log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rendered {
    /// The page.
    pub html: String,
    /// Why the admin's template was not used (for the log), when it was not.
    pub warning: Option<String>,
}
