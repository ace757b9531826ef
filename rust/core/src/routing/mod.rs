//! Several IdPs at once: which one a user lands at (ordered rules over a precomputed
//! index), the chooser, forced login, third-party-initiated login, per-IdP callbacks,
//! and the login pages rendered from the admin's templates (docs/login-pages.md).

mod index;
pub mod messages;
pub mod pages;
mod router;

use crate::Code;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use index::{RouteIndex, RouteInput};
pub use pages::{Pages, RenderRequest, Rendered};
pub use router::Router;

use crate::authorize::PendingLogin;
use crate::config::Config;
use crate::engine::HostContext;
use crate::text::quote;
use crate::{Engine, Error};

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
#[serde(rename_all = "camelCase")]
pub struct RouteRequest {
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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteUser {
    /// Membership of the groups `needsUser` listed (others are ignored).
    #[serde(default)]
    pub member_of: BTreeMap<String, bool>,
    #[serde(default)]
    pub directory: Option<String>,
}

/// One button of the chooser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChooserIdp {
    pub id: String,
    pub display_name: String,
    pub button_label: String,
    pub icon_url: Option<String>,
}

/// The answer: where the user goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum RouteDecision {
    /// Start a login at `idpId` (beginLogin); `delayed`: show the chooser page's
    /// countdown with a cancel link first.
    #[serde(rename_all = "camelCase")]
    Redirect {
        idp_id: String,
        delayed: bool,
        delay_seconds: u64,
        /// The JSON pointer of the rule that decided, `null` for an explicit choice.
        rule: Option<String>,
    },
    /// Show the chooser.
    #[serde(rename_all = "camelCase")]
    Chooser {
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
    NeedsUser { groups: Vec<String> },
}

/// Everything about the login experience an engine keeps: the router, the pages and
/// each IdP's redirect URI.
#[derive(Debug)]
pub(crate) struct LoginUi {
    pub(crate) router: Router,
    pub(crate) pages: Pages,
    base_url: String,
    /// IdP id -> its own redirect URI (IdPs with a `callbackPath` only).
    own_redirect_uris: BTreeMap<String, String>,
}

impl LoginUi {
    pub(crate) fn new(config: &Config, host: &HostContext) -> Result<LoginUi, Error> {
        let base_url = host.base_url.trim_end_matches('/').to_string();
        let own_redirect_uris = config
            .idps
            .iter()
            .filter_map(|idp| {
                let path = idp.login.callback_path.as_ref()?;
                Some((idp.id.clone(), format!("{base_url}{path}")))
            })
            .collect();
        Ok(LoginUi {
            router: Router::new(config),
            pages: Pages::new(config)?,
            base_url,
            own_redirect_uris,
        })
    }

    /// The redirect URI of this IdP, or `shared` when it has no callback path of its own.
    pub(crate) fn redirect_uri<'a>(&'a self, idp_id: &str, shared: &'a str) -> &'a str {
        self.own_redirect_uris
            .get(idp_id)
            .map_or(shared, String::as_str)
    }

    /// Mix-up defence: the callback must arrive at the redirect URI its login used (each
    /// IdP may have its own). Checked before any call to the IdP.
    pub(crate) fn check_callback_path(
        &self,
        callback_path: Option<&str>,
        pending: &PendingLogin,
    ) -> Result<(), Error> {
        let Some(path) = callback_path else {
            return Ok(());
        };
        let arrived = format!("{}{path}", self.base_url);
        if arrived == pending.redirect_uri {
            return Ok(());
        }
        Err(Error::auth(
            Code::CallbackMismatch,
            format!(
                "the callback arrived at {} but the login at IdP {} used the redirect URI `{}` \
                 (IdP mix-up, or the IdP's registered redirect URI is wrong)",
                quote(&arrived),
                quote(&pending.idp_id),
                pending.redirect_uri
            ),
        ))
    }
}

/// The one native call of the login experience (`loginUi`): `{"op": "route", ...}` or
/// `{"op": "render", ...}` (docs/architecture.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum LoginUiRequest {
    Route(RouteRequest),
    Render(RenderRequest),
}

impl Engine {
    /// Answers a [`LoginUiRequest`]: a [`RouteDecision`] or a [`Rendered`] page, as JSON.
    pub fn login_ui_call(&self, req: &LoginUiRequest) -> Result<serde_json::Value, Error> {
        let encoded = match req {
            LoginUiRequest::Route(route) => serde_json::to_value(self.route(route)?),
            LoginUiRequest::Render(render) => serde_json::to_value(self.render_page(render)?),
        };
        encoded.map_err(|e| Error::Internal(format!("cannot encode the loginUi answer: {e}")))
    }

    /// Where a user lands (docs/login-pages.md). Pure: no network, no side effects.
    pub fn route(&self, req: &RouteRequest) -> Result<RouteDecision, Error> {
        self.login_ui().router.route(req)
    }

    /// A login page from the admin's template, or the built-in one with a warning when
    /// the admin's fails.
    pub fn render_page(&self, req: &RenderRequest) -> Result<Rendered, Error> {
        let ui = self.login_ui();
        ui.pages.render(req, &ui.router)
    }
}

#[cfg(test)]
mod tests;
