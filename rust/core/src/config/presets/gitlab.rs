//! GitLab (docs/idp/gitlab.md): the instance URL is the issuer; the GitLab username is
//! `nickname`; the full group paths come from userinfo (`groups`), since the ID token
//! only has the direct memberships (`groups_direct`).

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct GitLab;

const PARAMETERS: &[Parameter] = &[Parameter {
    name: "baseUrl",
    description: "the GitLab instance's URL",
    example: "https://gitlab.example.com",
    default: Some("https://gitlab.com"),
    check: params::base_url,
}];

impl Preset for GitLab {
    fn name(&self) -> &'static str {
        "gitlab"
    }

    fn display_name(&self) -> &'static str {
        "GitLab"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "GitLab",
            "issuer": "{baseUrl}",
            "scopes": ["openid", "profile", "email"],
            "fetchUserinfo": true,
            "claims": {"username": "nickname", "email": "email", "displayName": "name"},
            "provisioning": {"groups": {"source": "userinfo"}},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups are the full paths of every group the user belongs to (e.g. \
             `platform/security`).",
            "GitLab offers no logout endpoint for OpenID Connect clients.",
        ]
    }
}
