//! Okta (docs/idp/okta.md): the org authorization server (issuer `https://<okta domain>`,
//! available in every org); groups through the app's *Groups claim filter* and the
//! `groups` scope.

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct Okta;

const PARAMETERS: &[Parameter] = &[Parameter {
    name: "oktaDomain",
    description: "your Okta domain (Admin Console > profile menu), without https://",
    example: "acme.okta.com",
    default: None,
    check: params::host,
}];

impl Preset for Okta {
    fn name(&self) -> &'static str {
        "okta"
    }

    fn display_name(&self) -> &'static str {
        "Okta"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "Okta",
            "issuer": "https://{oktaDomain}",
            "scopes": ["openid", "profile", "email", "groups"],
            "claims": {"username": "preferred_username", "email": "email", "displayName": "name"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups: in the app's Sign On tab set the Groups claim filter (claim name \
             `groups`, e.g. Matches regex `.*`).",
            "A custom authorization server has the issuer `https://<okta domain>/oauth2/<id>`: \
             set `issuer` yourself.",
        ]
    }
}
