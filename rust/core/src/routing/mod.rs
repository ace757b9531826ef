//! Several IdPs at once: which one a user lands at (ordered rules over a precomputed
//! index), the chooser, forced login, third-party-initiated login, per-IdP callbacks,
//! and the login pages rendered from the admin's templates (docs/login-pages.md).

mod index;
pub mod messages;
pub mod pages;
mod router;

use crate::Code;
use std::collections::BTreeMap;

pub use pages::Pages;
pub use router::Router;

use crate::api::HostContext;
use crate::authorize::PendingLogin;
use crate::config::Config;
use crate::text::quote;
use crate::Error;

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
                Some((idp.id.to_string(), format!("{base_url}{path}")))
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

#[cfg(test)]
mod tests;
