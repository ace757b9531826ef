//! The routing decision: explicit choice, initiated login, then the ordered rules
//! through the [`RouteIndex`], then the only IdP or the chooser.

use super::index::{RouteIndex, RouteInput};
use crate::api::{ChooserIdp, RouteDecision, RoutePage, RouteRequest};
use crate::config::{AutoRedirect, Config, RouteTarget, RoutingConfig, RoutingRule};
use crate::text::quote;
use crate::Code;
use crate::Error;

/// Longest login hint (email or username) looked at.
const MAX_HINT_LEN: usize = 320;

/// One configuration's routing: rules, their index, the chooser's buttons.
#[derive(Debug)]
pub struct Router {
    settings: RoutingConfig,
    rules: Vec<RoutingRule>,
    index: RouteIndex,
    /// Enabled IdPs, in document order.
    chooser: Vec<ChooserIdp>,
    /// (issuer, id) of enabled IdPs, for initiated logins.
    issuers: Vec<(String, String)>,
}

impl Router {
    pub fn new(config: &Config) -> Router {
        let enabled = config.idps.iter().filter(|idp| idp.login.enabled);
        let chooser = enabled
            .clone()
            .map(|idp| ChooserIdp {
                id: idp.id.to_string(),
                display_name: idp.display_name.clone(),
                button_label: idp
                    .login
                    .button_label
                    .clone()
                    .unwrap_or_else(|| format!("Sign in with {}", idp.display_name)),
                icon_url: idp.login.icon_url.clone(),
            })
            .collect();
        Router {
            index: RouteIndex::build(&config.routing.rules),
            settings: config.routing.clone(),
            rules: config.routing.rules.clone(),
            chooser,
            issuers: enabled
                .map(|idp| (idp.issuer.to_string(), idp.id.to_string()))
                .collect(),
        }
    }

    /// The enabled IdPs as chooser buttons.
    pub fn chooser_idps(&self) -> &[ChooserIdp] {
        &self.chooser
    }

    pub fn route(&self, req: &RouteRequest) -> Result<RouteDecision, Error> {
        if req.page == RoutePage::Other && !self.forces_login(req.path.as_deref()) {
            return Ok(RouteDecision::Pass);
        }
        if let Some(issuer) = &req.issuer {
            return self.initiated(issuer);
        }
        if let Some(id) = &req.idp {
            return self.explicit(id);
        }
        if req.chooser {
            return Ok(self.chooser(None, None));
        }
        self.by_rules(req)
    }

    /// `forceLogin`: every anonymous page but the excluded prefixes needs a login.
    fn forces_login(&self, path: Option<&str>) -> bool {
        let force = &self.settings.force_login;
        let path = path.unwrap_or("/").split(['?', '#']).next().unwrap_or("/");
        force.enabled
            && !force.exclude_paths.iter().any(|prefix| {
                prefix == "/"
                    || path == prefix
                    || path
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }

    fn initiated(&self, issuer: &str) -> Result<RouteDecision, Error> {
        match self.issuers.iter().find(|(iss, _)| iss == issuer) {
            Some((_, id)) => Ok(redirect(id, false, 0, None)),
            None => Err(Error::auth(
                Code::UnknownIssuer,
                format!(
                    "a third-party-initiated login names the issuer {}, which is not the issuer \
                     of any enabled IdP (compared exactly)",
                    quote(issuer)
                ),
            )),
        }
    }

    fn explicit(&self, id: &str) -> Result<RouteDecision, Error> {
        if self.chooser.iter().any(|idp| idp.id == id) {
            return Ok(redirect(id, false, 0, None));
        }
        let known: Vec<_> = self.chooser.iter().map(|idp| idp.id.as_str()).collect();
        Err(Error::auth(
            Code::UnknownIdp,
            format!(
                "`?idp=` names {}, which is not an enabled IdP (enabled: {})",
                quote(id),
                known.join(", ")
            ),
        ))
    }

    fn by_rules(&self, req: &RouteRequest) -> Result<RouteDecision, Error> {
        let hint = req
            .login_hint
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty() && h.len() <= MAX_HINT_LEN);
        let email_domain = hint.and_then(email_domain);
        let groups: Vec<String> = req
            .user
            .as_ref()
            .map(|u| {
                u.member_of
                    .iter()
                    .filter(|(_, member)| **member)
                    .map(|(g, _)| g.to_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        let input = RouteInput {
            email_domain: email_domain.as_deref(),
            path: req.path.as_deref(),
            groups: &groups,
            directory: req.user.as_ref().and_then(|u| u.directory.as_deref()),
        };
        let matched = self.index.first_match(&input);
        let username_typed = hint.is_some_and(|h| !h.contains('@'));
        if username_typed && req.user.is_none() && self.index.user_could_matter(matched) {
            return Ok(RouteDecision::NeedsUser {
                groups: self.index.group_names().to_vec(),
            });
        }
        let typed = hint.is_some();
        match matched.map(|i| (i, &self.rules[i].target)) {
            Some((i, RouteTarget::Idp(id))) => Ok(self.automatic(id, typed, Some(i))),
            Some((_, RouteTarget::Local)) => Ok(RouteDecision::Local),
            Some((_, RouteTarget::Chooser)) => Ok(self.chooser(None, None)),
            None => Ok(self.unrouted(email_domain.is_some())),
        }
    }

    /// Nothing matched: the only IdP, else the chooser (saying so if an email was typed).
    fn unrouted(&self, email_typed: bool) -> RouteDecision {
        if email_typed && self.index.has_domain_rules() {
            return self.chooser(None, Some("domain_not_allowed"));
        }
        match self.chooser.as_slice() {
            [only] => self.automatic(&only.id.clone(), false, None),
            _ => self.chooser(None, None),
        }
    }

    /// A rule (or the only IdP) picked `id`: typed input goes at once, otherwise
    /// `autoRedirect` decides.
    fn automatic(&self, id: &str, typed: bool, rule: Option<usize>) -> RouteDecision {
        let pointer = rule.map(|i| format!("/routing/rules/{i}"));
        match (typed, self.settings.auto_redirect) {
            (true, _) | (false, AutoRedirect::Instant) => redirect(id, false, 0, pointer),
            (false, AutoRedirect::Delayed) => {
                redirect(id, true, self.settings.delay_seconds, pointer)
            }
            (false, AutoRedirect::None) => self.chooser(Some(id), None),
        }
    }

    fn chooser(&self, preselected: Option<&str>, notice: Option<&str>) -> RouteDecision {
        let mut idps = self.chooser.clone();
        if let Some(first) = preselected {
            // A stable sort keeps the admin's order for the others.
            idps.sort_by_key(|idp| idp.id != first);
        }
        RouteDecision::Chooser {
            idps,
            preselected: preselected.map(str::to_string),
            email_form: self.index.has_domain_rules() || self.index.has_user_rules(),
            local_login: !self.settings.enforce_sso,
            notice: notice.map(str::to_string),
        }
    }
}

fn redirect(id: &str, delayed: bool, delay_seconds: u64, rule: Option<String>) -> RouteDecision {
    RouteDecision::Redirect {
        idp_id: id.to_string(),
        delayed,
        delay_seconds,
        rule,
    }
}

/// The domain of a typed email, canonical (lower-case, punycode), or `None`.
pub(crate) fn email_domain(hint: &str) -> Option<String> {
    let (local, domain) = hint.rsplit_once('@')?;
    if local.is_empty() || local.contains(char::is_whitespace) {
        return None;
    }
    crate::config::normalise_domain(domain)
        .ok()
        .filter(|d| !d.starts_with("*."))
}
