//! JumpCloud (docs/idp/jumpcloud.md): one issuer for every organisation, ending with `/`;
//! the email is the username; groups through the app's group attribute.

use serde_json::{json, Value};

use super::Preset;

pub(super) struct JumpCloud;

impl Preset for JumpCloud {
    fn name(&self) -> &'static str {
        "jumpcloud"
    }

    fn display_name(&self) -> &'static str {
        "JumpCloud"
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "JumpCloud",
            "issuer": "https://oauth.id.jumpcloud.com/",
            "scopes": ["openid", "profile", "email"],
            "claims": {"username": "email", "email": "email", "displayName": "name"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups: in the app's SSO tab include the group attribute and name it `groups`.",
            "Users get in only through the user groups bound to the application.",
        ]
    }
}
