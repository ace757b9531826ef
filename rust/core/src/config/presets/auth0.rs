//! Auth0 (docs/idp/auth0.md): the issuer ends with `/`; no username claim by default (the
//! email is used); groups only through a post-login Action, under a namespaced claim
//! (`groups` is a restricted claim name at Auth0).

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct Auth0;

const PARAMETERS: &[Parameter] = &[Parameter {
    name: "domain",
    description: "the application's Domain (tenant domain or custom domain), without https://",
    example: "acme.eu.auth0.com",
    default: None,
    check: params::host,
}];

impl Preset for Auth0 {
    fn name(&self) -> &'static str {
        "auth0"
    }

    fn display_name(&self) -> &'static str {
        "Auth0"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "Auth0",
            "issuer": "https://{domain}/",
            "scopes": ["openid", "profile", "email"],
            "claims": {"username": "email", "email": "email", "displayName": "name"},
            "provisioning": {"groups": {"claim": "/https:~1~1oidc-sso~1groups"}},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups: add a post-login Action that sets the ID token claim \
             `https://oidc-sso/groups` (e.g. to the user's role names).",
            "RP-initiated logout needs the tenant setting RP-Initiated Logout End Session \
             Endpoint Discovery; back-channel logout needs an Enterprise plan.",
        ]
    }
}
