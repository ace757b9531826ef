//! OneLogin (docs/idp/onelogin.md): issuer `https://<subdomain>.onelogin.com/oidc/2`; the
//! groups come with the `groups` scope, as the app's *Parameters > Groups* field says.

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct OneLogin;

const PARAMETERS: &[Parameter] = &[Parameter {
    name: "subdomain",
    description: "your OneLogin subdomain (the `acme` of acme.onelogin.com)",
    example: "acme",
    default: None,
    check: params::dns_label,
}];

impl Preset for OneLogin {
    fn name(&self) -> &'static str {
        "onelogin"
    }

    fn display_name(&self) -> &'static str {
        "OneLogin"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "OneLogin",
            "issuer": "https://{subdomain}.onelogin.com/oidc/2",
            "scopes": ["openid", "profile", "email", "groups"],
            "claims": {"username": "preferred_username", "email": "email", "displayName": "name"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups: in the app's Parameters tab, set Groups to the roles or groups to send.",
            "Register the post-logout redirect URI as the app's Post Logout Redirect URI.",
        ]
    }
}
