//! PingOne (docs/idp/pingone.md): issuer `https://auth.pingone.<region>/<environment ID>/as`;
//! groups through an application attribute mapping named `groups`.

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct PingOne;

const PARAMETERS: &[Parameter] = &[
    Parameter {
        name: "environmentId",
        description: "the environment ID (Environment > Properties)",
        example: "2a7c1b5f-3c4d-4e6f-8a9b-0c1d2e3f4a5b",
        default: None,
        check: params::guid,
    },
    Parameter {
        name: "authHost",
        description: "the authentication host of your region: auth.pingone.com, \
                      auth.pingone.eu, auth.pingone.ca, auth.pingone.asia, ...",
        example: "auth.pingone.eu",
        default: Some("auth.pingone.com"),
        check: params::host,
    },
];

impl Preset for PingOne {
    fn name(&self) -> &'static str {
        "pingone"
    }

    fn display_name(&self) -> &'static str {
        "PingOne"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "PingOne",
            "issuer": "https://{authHost}/{environmentId}/as",
            "scopes": ["openid", "profile", "email"],
            "claims": {"username": "preferred_username", "email": "email", "displayName": "name"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups: add an attribute mapping `groups` to the user's group names in the \
           application's Attribute Mappings.",
        ]
    }
}
