//! Google Workspace (docs/idp/google.md): one issuer for every Google account, no groups
//! claim and no username claim (the email address is the username).

use serde_json::{json, Value};

use super::Preset;

pub(super) struct Google;

impl Preset for Google {
    fn name(&self) -> &'static str {
        "google"
    }

    fn display_name(&self) -> &'static str {
        "Google Workspace"
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "Google",
            "issuer": "https://accounts.google.com",
            "scopes": ["openid", "profile", "email"],
            "claims": {"username": "email", "email": "email", "displayName": "name"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Any Google account can sign in to an External OAuth client: make the consent \
             screen Internal to your Workspace organisation.",
            "Google sends no groups: local groups are kept and managed in the product.",
            "Google has no logout endpoint: logging out ends the product session only.",
        ]
    }
}
