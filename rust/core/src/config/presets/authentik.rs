//! authentik (docs/idp/authentik.md): per-provider issuer
//! `<base URL>/application/o/<slug>/` (with the trailing `/`); `groups` comes with the
//! `profile` scope mapping; a provider without a signing key signs with HS256, which is
//! not offered here (choose a certificate).

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct Authentik;

const PARAMETERS: &[Parameter] = &[
    Parameter {
        name: "baseUrl",
        description: "the authentik server's URL",
        example: "https://authentik.example.com",
        default: None,
        check: params::base_url,
    },
    Parameter {
        name: "slug",
        description: "the application's slug",
        example: "jira",
        default: None,
        check: params::path_segment,
    },
];

impl Preset for Authentik {
    fn name(&self) -> &'static str {
        "authentik"
    }

    fn display_name(&self) -> &'static str {
        "authentik"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "authentik",
            "issuer": "{baseUrl}/application/o/{slug}/",
            "scopes": ["openid", "profile", "email"],
            "allowedAlgorithms": ["RS256", "ES256"],
            "claims": {"username": "preferred_username", "email": "email", "displayName": "name"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Choose a Signing Key in the provider: without one authentik signs with HS256.",
            "Keep the Issuer mode per provider (the issuer ends with the application slug \
             and `/`).",
        ]
    }
}
