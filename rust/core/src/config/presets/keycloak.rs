//! Keycloak (docs/idp/keycloak.md): issuer `<base URL>/realms/<realm>`; groups from a
//! *Group Membership* mapper named `groups`.

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct Keycloak;

const PARAMETERS: &[Parameter] = &[
    Parameter {
        name: "baseUrl",
        description: "the Keycloak server's URL, with `/auth` only for Keycloak before 17 or \
                      a server configured with that path",
        example: "https://sso.example.com",
        default: None,
        check: params::base_url,
    },
    Parameter {
        name: "realm",
        description: "the realm's name, as in the admin console's URL",
        example: "company",
        default: None,
        check: params::path_segment,
    },
];

impl Preset for Keycloak {
    fn name(&self) -> &'static str {
        "keycloak"
    }

    fn display_name(&self) -> &'static str {
        "Keycloak"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "Keycloak",
            "issuer": "{baseUrl}/realms/{realm}",
            "scopes": ["openid", "profile", "email"],
            "claims": {"username": "preferred_username", "email": "email", "displayName": "name"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups: add a Group Membership mapper with token claim name `groups` and Full \
             group path off.",
            "Logout: set Valid post logout redirect URIs, the Backchannel logout URL with \
             Backchannel logout session required on, and Front channel logout off.",
        ]
    }
}
