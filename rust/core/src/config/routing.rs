//! The top-level `routing` object: which IdP a user lands at (docs/config.md, "Routing").

use serde_json::Value;

use super::idp::IdpConfig;
use super::reader::{type_name, Object, Problems};
use crate::text::quote;

/// Most routing rules one document may hold.
pub const MAX_RULES: usize = 20_000;
/// Most values (domains, paths, groups, directories) over all rules.
pub const MAX_RULE_VALUES: usize = 100_000;
const MAX_VALUE_LEN: usize = 255;
const MAX_EXCLUDE_PATHS: usize = 200;

/// What a rule compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteMatch {
    /// The domain of the email the user typed (home-realm discovery); `*.corp.example`
    /// also matches every subdomain.
    EmailDomain,
    /// The page the user asked for: the path or a `/`-bounded prefix of it.
    PathPrefix,
    /// A group of the existing user the typed username names.
    Group,
    /// The user directory of the existing user.
    Directory,
    /// Always matches.
    Fallback,
}

impl RouteMatch {
    pub fn name(self) -> &'static str {
        match self {
            RouteMatch::EmailDomain => "emailDomain",
            RouteMatch::PathPrefix => "pathPrefix",
            RouteMatch::Group => "group",
            RouteMatch::Directory => "directory",
            RouteMatch::Fallback => "fallback",
        }
    }

    const ALL: [RouteMatch; 5] = [
        RouteMatch::EmailDomain,
        RouteMatch::PathPrefix,
        RouteMatch::Group,
        RouteMatch::Directory,
        RouteMatch::Fallback,
    ];
}

/// Where a matching rule sends the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteTarget {
    Idp(String),
    /// The product's own login form.
    Local,
    /// The IdP chooser.
    Chooser,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    pub kind: RouteMatch,
    /// Normalised: domains and groups lower-case, paths without a trailing `/`.
    pub values: Vec<String>,
    pub target: RouteTarget,
}

/// When routing picked an IdP without the user choosing: go at once, after a short
/// cancellable pause, or show the chooser with that IdP first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoRedirect {
    Instant,
    Delayed,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceLogin {
    pub enabled: bool,
    /// `/`-bounded path prefixes that stay anonymous.
    pub exclude_paths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingConfig {
    pub rules: Vec<RoutingRule>,
    pub auto_redirect: AutoRedirect,
    pub delay_seconds: u64,
    /// Hide the local login form (the emergency `?oidcsso_local=true` stays).
    pub enforce_sso: bool,
    pub force_login: ForceLogin,
}

impl Default for RoutingConfig {
    fn default() -> Self {
        RoutingConfig {
            rules: Vec::new(),
            auto_redirect: AutoRedirect::Instant,
            delay_seconds: 3,
            enforce_sso: false,
            force_login: ForceLogin {
                enabled: false,
                exclude_paths: Vec::new(),
            },
        }
    }
}

/// What a rule's `idp` is checked against (`None` when the IdP list itself could not be read).
pub(super) struct RuleTargets<'a> {
    /// The IdPs read without problems.
    pub(super) idps: &'a [IdpConfig],
    /// `(id, pointer)` of the IdPs with problems of their own: a rule naming one of them
    /// is told so, not that the id does not exist.
    pub(super) invalid: &'a [(String, String)],
}

/// Reads `routing` (absent = defaults). Rule targets are checked against `targets`.
pub(super) fn read_routing(
    doc: &mut Object<'_>,
    targets: Option<&RuleTargets<'_>>,
    p: &mut Problems,
) -> Option<RoutingConfig> {
    let Some(value) = doc.get("routing") else {
        return Some(RoutingConfig::default());
    };
    let mut obj = Object::new(value, "/routing", p)?;
    let rules = read_rules(&mut obj, targets, p);
    let auto_redirect = match obj.string("autoRedirect", false, p).as_deref() {
        None | Some("instant") => AutoRedirect::Instant,
        Some("delayed") => AutoRedirect::Delayed,
        Some("none") => AutoRedirect::None,
        Some(other) => {
            let at = obj.at("autoRedirect");
            p.add(
                &at,
                format!(
                    "must be `instant`, `delayed` or `none`, found {}",
                    quote(other)
                ),
            );
            AutoRedirect::Instant
        }
    };
    let delay_seconds = obj.integer("delaySeconds", 3, (1, 30), p);
    let enforce_sso = obj.boolean("enforceSso", false, p);
    let force_login = read_force_login(&mut obj, p);
    obj.finish(p);
    Some(RoutingConfig {
        rules: rules?,
        auto_redirect,
        delay_seconds,
        enforce_sso,
        force_login: force_login?,
    })
}

fn read_rules(
    obj: &mut Object<'_>,
    targets: Option<&RuleTargets<'_>>,
    p: &mut Problems,
) -> Option<Vec<RoutingRule>> {
    let Some(value) = obj.get("rules") else {
        return Some(Vec::new());
    };
    let Value::Array(items) = value else {
        p.add(
            "/routing/rules",
            format!("must be an array, found {}", type_name(value)),
        );
        return None;
    };
    if items.len() > MAX_RULES {
        p.add(
            "/routing/rules",
            format!("lists {} rules; at most {MAX_RULES}", items.len()),
        );
        return None;
    }
    let mut rules = Vec::with_capacity(items.len());
    let mut total_values = 0;
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("/routing/rules/{i}");
        if let Some(rule) = read_rule(item, &pointer, targets, p) {
            total_values += rule.values.len();
            rules.push(rule);
        }
    }
    if total_values > MAX_RULE_VALUES {
        p.add(
            "/routing/rules",
            format!("the rules list {total_values} values; at most {MAX_RULE_VALUES} in all"),
        );
    }
    (rules.len() == items.len()).then_some(rules)
}

fn read_rule(
    value: &Value,
    pointer: &str,
    targets: Option<&RuleTargets<'_>>,
    p: &mut Problems,
) -> Option<RoutingRule> {
    let mut obj = Object::new(value, pointer, p)?;
    let kind = obj.string("match", true, p).and_then(|name| {
        let found = RouteMatch::ALL.into_iter().find(|k| k.name() == name);
        if found.is_none() {
            let known: Vec<_> = RouteMatch::ALL.iter().map(|k| k.name()).collect();
            p.add(
                &obj.at("match"),
                format!(
                    "must be one of {}, found {}",
                    known.join(", "),
                    quote(&name)
                ),
            );
        }
        found
    });
    let values = match kind {
        Some(kind) => read_values(&mut obj, kind, p),
        None => {
            // Read (and so known) even when `match` is wrong: one problem, not two.
            obj.get("values");
            None
        }
    };
    let target = read_target(&mut obj, targets, p);
    obj.finish(p);
    Some(RoutingRule {
        kind: kind?,
        values: values?,
        target: target?,
    })
}

fn read_values(obj: &mut Object<'_>, kind: RouteMatch, p: &mut Problems) -> Option<Vec<String>> {
    if kind == RouteMatch::Fallback {
        if obj.has("values") {
            p.add(
                &obj.at("values"),
                "a fallback rule matches always: remove `values`",
            );
        }
        obj.get("values");
        return Some(Vec::new());
    }
    let at = obj.at("values");
    let items = match obj.strings("values", p) {
        Some(items) if !items.is_empty() => items,
        Some(_) | None => {
            p.add(&at, "must list at least one value");
            return None;
        }
    };
    let mut values = Vec::with_capacity(items.len());
    let mut ok = true;
    for (raw, pointer) in items {
        match normalise_value(kind, &raw) {
            Ok(value) => values.push(value),
            Err(why) => {
                p.add(&pointer, format!("{why}, found {}", quote(&raw)));
                ok = false;
            }
        }
    }
    ok.then_some(values)
}

/// The form the index compares: what the admin wrote, made canonical.
fn normalise_value(kind: RouteMatch, raw: &str) -> Result<String, &'static str> {
    if raw.is_empty() || raw.len() > MAX_VALUE_LEN || raw.chars().any(char::is_control) {
        return Err("must be 1 to 255 characters without control characters");
    }
    match kind {
        RouteMatch::EmailDomain => normalise_domain(raw),
        RouteMatch::PathPrefix => normalise_path(raw),
        RouteMatch::Group => Ok(raw.to_lowercase()),
        RouteMatch::Directory | RouteMatch::Fallback => Ok(raw.to_string()),
    }
}

/// `Example.COM` -> `example.com`; `*.corp.example` keeps its `*.`; IDNs become punycode.
pub(crate) fn normalise_domain(raw: &str) -> Result<String, &'static str> {
    let (wildcard, name) = match raw.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let invalid = "must be a domain name such as `example.com` or `*.example.com`";
    if name.contains(['@', '/', ':', '*', ' ']) || name.starts_with('.') || name.ends_with('.') {
        return Err(invalid);
    }
    let ascii = match url::Host::parse(name) {
        Ok(url::Host::Domain(domain)) if domain.contains('.') => domain,
        _ => return Err(invalid),
    };
    Ok(if wildcard {
        format!("*.{ascii}")
    } else {
        ascii
    })
}

/// `/secure/admin/` -> `/secure/admin`; `/` stays `/`.
pub(crate) fn normalise_path(raw: &str) -> Result<String, &'static str> {
    if !raw.starts_with('/') || raw.starts_with("//") || raw.contains(['?', '#', '\\', ' ', '*']) {
        return Err("must be an absolute path such as `/secure/admin` (no query, `*` or spaces)");
    }
    let trimmed = raw.trim_end_matches('/');
    Ok(if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    })
}

fn read_target(
    obj: &mut Object<'_>,
    targets: Option<&RuleTargets<'_>>,
    p: &mut Problems,
) -> Option<RouteTarget> {
    let idp = obj.string("idp", false, p);
    let action = obj.string("action", false, p);
    match (idp, action.as_deref()) {
        (Some(id), None) => check_idp_target(obj, &id, targets, p).then_some(RouteTarget::Idp(id)),
        (None, Some("local")) => Some(RouteTarget::Local),
        (None, Some("chooser")) => Some(RouteTarget::Chooser),
        (None, Some(other)) => {
            p.add(
                &obj.at("action"),
                format!("must be `local` or `chooser`, found {}", quote(other)),
            );
            None
        }
        _ => {
            p.add(
                &obj.at("idp"),
                "set exactly one of `idp` (an IdP id) or `action` (`local` or `chooser`)",
            );
            None
        }
    }
}

fn check_idp_target(
    obj: &Object<'_>,
    id: &str,
    targets: Option<&RuleTargets<'_>>,
    p: &mut Problems,
) -> bool {
    let Some(RuleTargets { idps, invalid }) = targets else {
        // The IdP list has its own problems; do not pile up follow-on ones.
        return true;
    };
    if let Some((_, at)) = invalid.iter().find(|(invalid_id, _)| invalid_id == id) {
        p.add(
            &obj.at("idp"),
            format!(
                "IdP {} ({at}) is invalid: fix the problems reported under {at}",
                quote(id)
            ),
        );
        return false;
    }
    match idps.iter().find(|idp| idp.id == id) {
        Some(idp) if idp.login.enabled => true,
        Some(_) => {
            p.add(
                &obj.at("idp"),
                format!(
                    "IdP {} is disabled: enable it or change the rule",
                    quote(id)
                ),
            );
            false
        }
        None => {
            let known: Vec<&str> = idps
                .iter()
                .map(|idp| idp.id.as_str())
                .chain(invalid.iter().map(|(id, _)| id.as_str()))
                .collect();
            p.add(
                &obj.at("idp"),
                format!(
                    "no IdP with id {}; configured: {}",
                    quote(id),
                    listed(&known)
                ),
            );
            false
        }
    }
}

/// The first few ids, each quoted (bounded), and how many more there are.
fn listed(ids: &[&str]) -> String {
    const SHOWN: usize = 20;
    let mut text: Vec<String> = ids.iter().take(SHOWN).map(|id| quote(id)).collect();
    if ids.len() > SHOWN {
        text.push(format!("and {} more", ids.len() - SHOWN));
    }
    text.join(", ")
}

fn read_force_login(obj: &mut Object<'_>, p: &mut Problems) -> Option<ForceLogin> {
    let defaults = RoutingConfig::default().force_login;
    let Some(value) = obj.get("forceLogin") else {
        return Some(defaults);
    };
    let mut force = Object::new(value, &obj.at("forceLogin"), p)?;
    let enabled = force.boolean("enabled", false, p);
    let at = force.at("excludePaths");
    let items = force.strings("excludePaths", p).unwrap_or_default();
    force.finish(p);
    if items.len() > MAX_EXCLUDE_PATHS {
        p.add(&at, format!("at most {MAX_EXCLUDE_PATHS} paths"));
        return None;
    }
    let mut exclude_paths = Vec::with_capacity(items.len());
    for (raw, pointer) in items {
        match normalise_path(&raw) {
            Ok(path) => exclude_paths.push(path),
            Err(why) => p.add(&pointer, format!("{why}, found {}", quote(&raw))),
        }
    }
    Some(ForceLogin {
        enabled,
        exclude_paths,
    })
}
