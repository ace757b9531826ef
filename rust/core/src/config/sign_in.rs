//! `signIn`: how users already signed in are asked to prove themselves again
//! (docs/config.md, "Sign-in"; docs/security.md, "Websudo through the IdP").

use serde_json::Value;

use super::reader::{type_name, Object, Problems};
use crate::text::quote;

/// Who meets the IdP instead of the product's password form when the product asks for websudo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WebsudoViaIdp {
    /// Sessions the plugin bound after an SSO login: their users have no local password they
    /// know. A session from the local password form always keeps the product's form.
    #[default]
    SsoSessions,
    /// Nobody: every user meets the product's websudo password form.
    Off,
}

impl WebsudoViaIdp {
    /// The value as written in the document.
    pub fn name(self) -> &'static str {
        match self {
            WebsudoViaIdp::SsoSessions => "sso-sessions",
            WebsudoViaIdp::Off => "off",
        }
    }
}

/// The validated `signIn` section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignInConfig {
    /// `websudoViaIdp`.
    pub websudo_via_idp: WebsudoViaIdp,
}

pub(super) fn read_sign_in(doc: &mut Object<'_>, p: &mut Problems) -> Option<SignInConfig> {
    let Some(value) = doc.get("signIn") else {
        return Some(SignInConfig::default());
    };
    let mut obj = Object::new(value, "/signIn", p)?;
    let at = obj.at("websudoViaIdp");
    let websudo_via_idp = match obj.get("websudoViaIdp") {
        None => WebsudoViaIdp::default(),
        Some(Value::String(s)) if s == "sso-sessions" => WebsudoViaIdp::SsoSessions,
        Some(Value::String(s)) if s == "off" => WebsudoViaIdp::Off,
        Some(Value::String(s)) => {
            p.add(
                &at,
                format!("must be \"sso-sessions\" or \"off\", found {}", quote(s)),
            );
            WebsudoViaIdp::default()
        }
        Some(other) => {
            let found = type_name(other);
            p.add(
                &at,
                format!("must be \"sso-sessions\" or \"off\", found {found}"),
            );
            WebsudoViaIdp::default()
        }
    };
    obj.finish(p);
    Some(SignInConfig { websudo_via_idp })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::config::{Config, WebsudoViaIdp};

    fn document(sign_in: serde_json::Value) -> Vec<u8> {
        json!({
            "schemaVersion": 1,
            "idps": [{"id": "a", "displayName": "A", "issuer": "https://idp.example.com",
                      "clientId": "c", "clientSecret": "s"}],
            "signIn": sign_in,
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn parse_when_websudo_via_idp_absent_null_or_named_then_read() {
        let read = |v| Config::parse(&document(v)).unwrap().sign_in.websudo_via_idp;
        assert_eq!(read(json!(null)), WebsudoViaIdp::SsoSessions);
        assert_eq!(read(json!({})), WebsudoViaIdp::SsoSessions);
        assert_eq!(read(json!({"websudoViaIdp": "off"})), WebsudoViaIdp::Off);
        assert_eq!(
            read(json!({"websudoViaIdp": "sso-sessions"})),
            WebsudoViaIdp::SsoSessions
        );
    }

    #[test]
    fn parse_when_websudo_via_idp_unknown_or_misspelt_then_problem_at_its_pointer() {
        let problems = |v| Config::parse(&document(v)).unwrap_err();
        let bad = problems(json!({"websudoViaIdp": "always"}));
        assert_eq!(bad[0].pointer, "/signIn/websudoViaIdp");
        assert!(
            bad[0].message.contains("\"sso-sessions\" or \"off\""),
            "{bad:?}"
        );
        let typed = problems(json!({"websudoViaIdp": true}));
        assert!(typed[0].message.contains("found a boolean"), "{typed:?}");
        let misspelt = problems(json!({"websudoViaIDP": "off"}));
        assert_eq!(misspelt[0].pointer, "/signIn/websudoViaIDP");
    }
}
