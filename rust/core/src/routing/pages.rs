//! The login pages (chooser, error, logout) rendered with minijinja: HTML auto-escaping
//! always on, undefined variables are errors, rendering is fuel-limited. An admin's
//! template that fails at request time falls back to the built-in page with a warning
//! for the log (docs/login-pages.md lists the variables).

use minijinja::{context, Environment, Value};

use super::messages::message_for;
use super::router::Router;
use crate::api::{ChooserIdp, PageKind, RenderRequest, Rendered, RouteDecision};
use crate::config::{Config, RoutingConfig, Templates};
use crate::page_templates::{self, inputs, IdpInputs};
use crate::Error;

/// The compiled templates of one configuration.
#[derive(Debug)]
pub struct Pages {
    env: Environment<'static>,
    custom: [bool; 3],
    enforce_sso: bool,
    /// The query parameter that opens the local login (`emergency.parameter`).
    local_parameter: String,
    /// What the configuration lets the chooser's entries be (the templates' bounds).
    idps: IdpInputs,
}

impl Pages {
    /// Compiles the pages of a validated configuration (its templates passed
    /// `page_templates::check_template` when the document was read).
    pub fn new(config: &Config) -> Result<Pages, Error> {
        let (templates, routing): (&Templates, &RoutingConfig) =
            (&config.templates, &config.routing);
        let mut env = page_templates::environment()
            .map_err(|e| Error::Internal(format!("built-in style template: {e}")))?;
        let sources = [&templates.chooser, &templates.error, &templates.logout];
        let mut custom = [false; 3];
        for (i, page) in PageKind::ALL.into_iter().enumerate() {
            env.add_template(default_name(page), page.default_source())
                .map_err(|e| Error::Internal(format!("built-in template: {e}")))?;
            if let Some(source) = sources[i] {
                env.add_template_owned(custom_name(page), source.clone())
                    .map_err(|e| Error::Internal(format!("template {}: {e}", page.name())))?;
                custom[i] = true;
            }
        }
        Ok(Pages {
            env,
            custom,
            enforce_sso: routing.enforce_sso,
            local_parameter: config.emergency.parameter.clone(),
            idps: crate::config::page_inputs(Some(&config.idps)),
        })
    }

    /// The page from the admin's template, else (or when it fails) the built-in one.
    pub fn render(&self, req: &RenderRequest, router: &Router) -> Result<Rendered, Error> {
        let ctx = self.context(req, router)?;
        if !page_templates::context_fits(req.page, self.idps, &ctx) {
            return Err(Error::Internal(format!(
                "the {} page's variables exceed the bounds its templates were checked with",
                req.page.name()
            )));
        }
        let index = PageKind::ALL
            .iter()
            .position(|p| *p == req.page)
            .unwrap_or(0);
        let mut warning = None;
        if self.custom[index] {
            match self.render_named(&custom_name(req.page), &ctx, false) {
                Ok(html) => return Ok(Rendered { html, warning }),
                Err(e) => {
                    warning = Some(format!(
                        "the {} template failed ({e}); the built-in page was shown instead",
                        req.page.name()
                    ));
                }
            }
        }
        let html = self
            .render_named(default_name(req.page), &ctx, true)
            .map_err(|e| Error::Internal(format!("built-in {} page: {e}", req.page.name())))?;
        Ok(Rendered { html, warning })
    }

    fn render_named(
        &self,
        name: &str,
        ctx: &Value,
        built_in: bool,
    ) -> Result<String, minijinja::Error> {
        page_templates::render_capped(&self.env, name, ctx, built_in)
    }

    fn context(&self, req: &RenderRequest, router: &Router) -> Result<Value, Error> {
        let urls = Urls::new(req)?;
        let local_login_url = (!self.enforce_sso).then(|| urls.local_login(&self.local_parameter));
        let site_name = req.site_name.as_deref().map(site_name).unwrap_or_default();
        Ok(match req.page {
            PageKind::Chooser => {
                self.chooser_context(req, router, &urls, local_login_url, &site_name)
            }
            PageKind::Error => {
                let code = req
                    .code
                    .as_deref()
                    .and_then(short_token)
                    .unwrap_or("internal_error");
                let (title, message) = message_for(code);
                context! {
                    page_title => title, title, message, code,
                    reference => req.reference.as_deref().and_then(short_token).unwrap_or(""),
                    retry_url => urls.login(None), local_login_url,
                    base_path => urls.context_path, site_name,
                }
            }
            PageKind::Logout => context! {
                page_title => "Signed out", title => "Signed out",
                message => "You are signed out.", login_url => urls.login(None),
                local_login_url, base_path => urls.context_path, site_name,
            },
        })
    }

    fn chooser_context(
        &self,
        req: &RenderRequest,
        router: &Router,
        urls: &Urls,
        local_login_url: Option<String>,
        site_name: &str,
    ) -> Value {
        let all = router.chooser_idps();
        // The decision comes back from the shim: only its ids and flags are used, each id
        // resolved against this configuration (so every text is the admin's, bounded).
        let configured = |id: &str| all.iter().find(|i| i.id == id);
        let (listed, email_form, local, notice, redirect) = match &req.decision {
            Some(RouteDecision::Chooser {
                idps,
                email_form,
                local_login,
                notice,
                ..
            }) => {
                let mut listed: Vec<&ChooserIdp> = Vec::with_capacity(all.len());
                for idp in idps.iter().filter_map(|i| configured(&i.id)) {
                    if !listed.iter().any(|l| l.id == idp.id) {
                        listed.push(idp);
                    }
                }
                let notice = notice.as_deref().and_then(short_token).map(String::from);
                (listed, *email_form, *local_login, notice, None)
            }
            Some(RouteDecision::Redirect {
                idp_id,
                delay_seconds,
                ..
            }) => {
                let redirect = configured(idp_id).map(|idp| {
                    context! {
                        url => urls.login(Some(&idp.id)), name => idp.display_name,
                        delay_seconds => (*delay_seconds).min(inputs::DELAY_SECONDS),
                        cancel_url => urls.chooser(),
                    }
                });
                (all.iter().collect(), false, true, None, redirect)
            }
            _ => (all.iter().collect(), false, true, None, None),
        };
        let idps: Vec<Value> = listed
            .iter()
            .map(|idp| {
                context! {
                    id => idp.id, name => idp.display_name, label => idp.button_label,
                    icon_url => idp.icon_url, url => urls.login(Some(&idp.id)),
                }
            })
            .collect();
        // What the user typed is shown again (escaped), never when it is longer than routing reads.
        let login_hint = req
            .login_hint
            .as_deref()
            .map(str::trim)
            .filter(|h| h.len() as u64 <= inputs::HINT)
            .unwrap_or("");
        let notice = notice.map(|code| {
            let domain = (code == DOMAIN_NOT_ALLOWED)
                .then(|| typed_domain(login_hint))
                .flatten();
            let message = match &domain {
                Some(domain) => domain_not_allowed_message(domain),
                None => message_for(&code).1.to_string(),
            };
            context! { message, code, domain }
        });
        let page_title = if site_name.is_empty() {
            "Sign in".to_string()
        } else {
            format!("Sign in to {site_name}")
        };
        context! {
            page_title, idps, redirect, notice, login_hint,
            email_form_action => email_form.then(|| urls.form_action()),
            return_to => urls.return_to,
            local_login_url => local_login_url.filter(|_| local),
            base_path => urls.context_path, site_name,
        }
    }
}

/// The chooser's notice after an email whose domain no rule lists.
const DOMAIN_NOT_ALLOWED: &str = "domain_not_allowed";

/// The site's name as the host gave it: control characters dropped, at most
/// [`inputs::SITE_NAME_CHARS`] characters (a longer one is cut and marked with `...`).
fn site_name(raw: &str) -> String {
    let clean: String = raw.trim().chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= inputs::SITE_NAME_CHARS {
        return clean;
    }
    let mut cut: String = clean.chars().take(inputs::SITE_NAME_CHARS - 3).collect();
    cut.push_str("...");
    cut
}

/// The domain of the typed email as the user wrote it (when it is a valid email domain and
/// short), else its canonical form.
fn typed_domain(hint: &str) -> Option<String> {
    let canonical = super::router::email_domain(hint)?;
    let typed = hint.rsplit_once('@').map(|(_, d)| d.trim()).unwrap_or("");
    Some(
        if !typed.is_empty() && typed.len() as u64 <= inputs::DOMAIN {
            typed.to_string()
        } else {
            canonical
        },
    )
}

/// Says in words what happened and what to do (the code stays out of the sentence).
fn domain_not_allowed_message(domain: &str) -> String {
    format!(
        "We don't know the email domain {domain}: no sign-in is set up for it here. Check the \
         address for a typo, choose one of the ways to sign in below, or ask your administrator \
         to set one up."
    )
}

/// An error code or reference id as the shim sent it, when it is a short token.
fn short_token(text: &str) -> Option<&str> {
    let ok = !text.is_empty()
        && text.len() as u64 <= inputs::CODE
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    ok.then_some(text)
}

fn default_name(page: PageKind) -> &'static str {
    match page {
        PageKind::Chooser => "default/chooser",
        PageKind::Error => "default/error",
        PageKind::Logout => "default/logout",
    }
}

fn custom_name(page: PageKind) -> String {
    format!("custom/{}", page.name())
}

/// The links on the pages, all under the product's login page.
struct Urls {
    context_path: String,
    login_path: String,
    return_to: String,
}

impl Urls {
    fn new(req: &RenderRequest) -> Result<Urls, Error> {
        let context_ok = req.context_path.is_empty()
            || (req.context_path.starts_with('/') && !req.context_path.ends_with('/'));
        let login_ok = req.login_path.starts_with('/') && !req.login_path.starts_with("//");
        let clean = |s: &str| {
            !s.contains(['?', '#', '\\', '"', '<', '>', ' ']) && s.len() as u64 <= inputs::PATH
        };
        if !(context_ok && login_ok && clean(&req.context_path) && clean(&req.login_path)) {
            return Err(Error::Internal(format!(
                "renderPage: contextPath must be empty or `/name`, loginPath an absolute path \
                 (each at most {} bytes)",
                inputs::PATH
            )));
        }
        Ok(Urls {
            context_path: req.context_path.clone(),
            login_path: req.login_path.clone(),
            return_to: crate::url_policy::normalise_return_to(req.return_to.as_deref()),
        })
    }

    fn base(&self) -> String {
        format!("{}{}", self.context_path, self.login_path)
    }

    fn with_destination(&self, pairs: &[(&str, &str)]) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            query.append_pair(k, v);
        }
        if self.return_to != "/" {
            query.append_pair("os_destination", &self.return_to);
        }
        let query = query.finish();
        if query.is_empty() {
            self.base()
        } else {
            format!("{}?{query}", self.base())
        }
    }

    fn login(&self, idp: Option<&str>) -> String {
        match idp {
            Some(id) => self.with_destination(&[("idp", id)]),
            None => self.with_destination(&[]),
        }
    }

    fn chooser(&self) -> String {
        self.with_destination(&[("oidcsso_chooser", "true")])
    }

    fn local_login(&self, parameter: &str) -> String {
        // The parameter is `a-z0-9_` (config::emergency): nothing to encode.
        format!("{}?{parameter}=true", self.base())
    }

    fn form_action(&self) -> String {
        self.base()
    }
}
