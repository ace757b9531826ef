//! The configuration document (`schemaVersion` 1) and its validation.
//!
//! The document is read field by field from a `serde_json::Value` so that every
//! problem is reported at once, each with its JSON pointer (docs/config.md).

mod auth_params;
mod bearer;
mod client_auth;
mod emergency;
mod entra;
mod idp;
mod idp_login;
mod json;
pub(crate) mod limits;
mod outage;
pub mod presets;
mod provisioning;
mod reader;
mod routing;
mod sign_in;
mod templates;

use serde_json::Value;

pub use crate::error::ConfigProblem;
pub use bearer::{BearerConfig, IntrospectionConfig};
pub use emergency::EmergencyConfig;
pub use entra::EntraConfig;
pub use idp::{ClaimNames, IdpConfig};
pub use idp_login::IdpLogin;
pub use json::MAX_DOCUMENT_BYTES;
pub use outage::OutageSettings;
pub use presets::preset_catalog;
pub(crate) use provisioning::is_group_name;
pub use provisioning::{GroupRule, GroupSource, GroupSync, RuleMatch, SyncMode};
pub use reader::MAX_PROBLEMS;
use reader::{Object, Problems};
pub(crate) use routing::normalise_domain;
pub use routing::{AutoRedirect, RouteMatch, RouteTarget, RoutingConfig, RoutingRule};
pub use sign_in::{SignInConfig, WebsudoViaIdp};
pub(crate) use templates::page_inputs;
pub use templates::Templates;

/// The only schema version this build reads.
pub const SCHEMA_VERSION: u64 = 1;
/// Most IdPs one document may configure.
pub const MAX_IDPS: usize = 500;

/// A validated configuration document.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a started login may take before its callback is refused.
    pub pending_login_ttl_seconds: u64,
    pub idps: Vec<IdpConfig>,
    /// Which IdP a user lands at (docs/config.md, "Routing").
    pub routing: RoutingConfig,
    /// The admin's login pages (docs/login-pages.md).
    pub templates: Templates,
    /// Who may use the emergency login (docs/config.md, "Emergency access").
    pub emergency: EmergencyConfig,
    /// Re-authentication of signed-in users (docs/config.md, "Sign-in").
    pub sign_in: SignInConfig,
}

impl Config {
    /// Parses and validates a document; every problem at once.
    pub fn parse(json: &[u8]) -> Result<Config, Vec<ConfigProblem>> {
        let mut problems = Problems::default();
        let Some(value) = json::read_document(json, &mut problems) else {
            return Err(problems.into_list());
        };
        let config = read_document(&value, &mut problems);
        match config {
            Some(config) if problems.is_empty() => Ok(config),
            _ => Err(problems.into_list()),
        }
    }
}

fn read_document(value: &Value, problems: &mut Problems) -> Option<Config> {
    let mut doc = Object::new(value, "", problems)?;
    if !read_schema_version(&mut doc, problems) {
        // Another version's fields would all be reported as unknown: stop here.
        return None;
    }
    let pending_login_ttl_seconds =
        doc.integer("pendingLoginTtlSeconds", 600, (60, 3600), problems);
    let idps = read_idps(&mut doc, problems);
    let targets = idps.as_ref().map(|read| routing::RuleTargets {
        idps: &read.valid,
        invalid: &read.invalid,
    });
    let routing = routing::read_routing(&mut doc, targets.as_ref(), problems);
    let valid = idps.as_ref().map(|read| read.valid.as_slice());
    let templates = templates::read_templates(&mut doc, valid, problems);
    let emergency = emergency::read_emergency(&mut doc, problems);
    let sign_in = sign_in::read_sign_in(&mut doc, problems);
    doc.finish(problems);
    Some(Config {
        pending_login_ttl_seconds,
        idps: idps?.valid,
        routing: routing?,
        templates: templates?,
        emergency: emergency?,
        sign_in: sign_in?,
    })
}

/// False when the document declares a version this build cannot read.
fn read_schema_version(doc: &mut Object<'_>, problems: &mut Problems) -> bool {
    match doc.get("schemaVersion") {
        None => {
            problems.add(
                "/schemaVersion",
                format!("is required: add \"schemaVersion\": {SCHEMA_VERSION}"),
            );
            true
        }
        Some(v) if v.as_u64() == Some(SCHEMA_VERSION) => true,
        Some(v) => {
            problems.add(
                "/schemaVersion",
                format!(
                    "must be {SCHEMA_VERSION} (the version this build reads), found {}",
                    crate::text::quote_json(v)
                ),
            );
            false
        }
    }
}

/// The IdPs as read: those without problems, and `(id, pointer)` of those with problems.
struct ReadIdps {
    valid: Vec<IdpConfig>,
    invalid: Vec<(String, String)>,
}

fn read_idps(doc: &mut Object<'_>, problems: &mut Problems) -> Option<ReadIdps> {
    let Some(value) = doc.get("idps") else {
        problems.add("/idps", "is required: list at least one identity provider");
        return None;
    };
    let Value::Array(items) = value else {
        let found = reader::type_name(value);
        problems.add("/idps", format!("must be an array, found {found}"));
        return None;
    };
    if items.is_empty() {
        problems.add("/idps", "must list at least one identity provider");
    }
    if items.len() > MAX_IDPS {
        problems.add(
            "/idps",
            format!("lists {} IdPs; at most {MAX_IDPS}", items.len()),
        );
    }
    let mut idps: Vec<(usize, IdpConfig)> = Vec::with_capacity(items.len().min(MAX_IDPS));
    let mut invalid = Vec::new();
    // Past the limit the rest is not read: the document is refused anyway.
    for (i, item) in items.iter().enumerate().take(MAX_IDPS) {
        let pointer = format!("/idps/{i}");
        let Some(idp) = idp::read_idp(item, &pointer, problems) else {
            if let Some(id) = item.get("id").and_then(Value::as_str) {
                invalid.push((id.to_string(), pointer));
            }
            continue;
        };
        if let Some((first, _)) = idps.iter().find(|(_, other)| other.id == idp.id) {
            problems.add(
                &format!("{pointer}/id"),
                format!(
                    "`{}` is already used by /idps/{first}: ids must be unique",
                    idp.id
                ),
            );
        }
        idps.push((i, idp));
    }
    idp_login::check_across(&idps, problems);
    Some(ReadIdps {
        valid: idps.into_iter().map(|(_, idp)| idp).collect(),
        invalid,
    })
}

#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod tests;
