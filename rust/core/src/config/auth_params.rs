//! `authorizationParameters`: extra, fixed parameters of every authorization request, for
//! IdPs that need one (AD FS's `resource` for custom ID-token claims, Google's `hd` hint,
//! Entra ID's `domain_hint`). The protocol's own parameters cannot be set or replaced here:
//! the flow's security (state, nonce, PKCE, the registered redirect URI) is not configurable.

use serde_json::Value;

use super::reader::{type_name, Object, Problems};
use crate::text::quote;

/// Most extra parameters one IdP may send.
pub const MAX_PARAMETERS: usize = 20;
const MAX_NAME_LEN: usize = 64;
const MAX_VALUE_LEN: usize = 2048;

/// Parameters the plugin sends itself, or that would change the flow it validates.
const RESERVED: [&str; 13] = [
    "response_type",
    "response_mode",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "max_age",
    "request",
    "request_uri",
    "registration",
];

/// Reads `authorizationParameters` (absent = none), sorted by name.
pub(super) fn read_authorization_parameters(
    idp: &mut Object<'_>,
    p: &mut Problems,
) -> Option<Vec<(String, String)>> {
    let at = idp.at("authorizationParameters");
    let Some(value) = idp.get("authorizationParameters") else {
        return Some(Vec::new());
    };
    let Value::Object(map) = value else {
        p.add(
            &at,
            format!(
                "must be an object of names to strings, found {}",
                type_name(value)
            ),
        );
        return None;
    };
    if map.len() > MAX_PARAMETERS {
        p.add(
            &at,
            format!("lists {} parameters; at most {MAX_PARAMETERS}", map.len()),
        );
        return None;
    }
    let mut ok = true;
    let mut out = Vec::with_capacity(map.len());
    for (name, value) in map {
        let pointer = format!("{at}/{}", crate::text::pointer_token(name));
        let problem = name_problem(name).or_else(|| value_problem(value));
        match (problem, value.as_str()) {
            (None, Some(text)) => out.push((name.clone(), text.to_string())),
            (problem, _) => {
                p.add(&pointer, problem.unwrap_or_default());
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn name_problem(name: &str) -> Option<String> {
    if RESERVED.contains(&name) {
        return Some(format!(
            "`{name}` is sent by the plugin itself (or would change the flow it checks) and \
             cannot be set here; use the IdP's own setting (scopes, maxAgeSeconds, ...)"
        ));
    }
    let well_formed = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    (!well_formed).then(|| {
        format!(
            "parameter names are 1 to {MAX_NAME_LEN} letters, digits, `_`, `-` or `.`, found {}",
            quote(name)
        )
    })
}

fn value_problem(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if s.is_empty() || s.chars().count() > MAX_VALUE_LEN => Some(format!(
            "must be a non-empty string of at most {MAX_VALUE_LEN} characters"
        )),
        Value::String(s) if s.chars().any(char::is_control) => {
            Some("must not contain control characters".into())
        }
        Value::String(_) => None,
        other => Some(format!("must be a string, found {}", type_name(other))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::config::Config;

    fn parse(parameters: serde_json::Value) -> Result<Vec<(String, String)>, Vec<String>> {
        let doc = json!({"schemaVersion": 1, "idps": [{
            "id": "a", "issuer": "https://idp.example.com", "clientId": "c", "clientSecret": "s",
            "authorizationParameters": parameters
        }]});
        Config::parse(doc.to_string().as_bytes())
            .map(|c| c.idps[0].authorization_parameters.clone())
            .map_err(|ps| ps.into_iter().map(|p| p.pointer).collect())
    }

    #[test]
    fn read_when_parameters_given_then_kept_sorted_by_name() {
        let found =
            parse(json!({"resource": "https://jira.example.com/", "hd": "example.com"})).unwrap();
        assert_eq!(
            found,
            [
                ("hd".to_string(), "example.com".to_string()),
                (
                    "resource".to_string(),
                    "https://jira.example.com/".to_string()
                ),
            ]
        );
        assert_eq!(parse(json!(null)).unwrap(), []);
    }

    #[test]
    fn read_when_protocol_parameter_set_then_refused() {
        for name in [
            "state",
            "nonce",
            "redirect_uri",
            "code_challenge_method",
            "request_uri",
        ] {
            let found = parse(json!({ name: "x" })).unwrap_err();
            assert_eq!(
                found,
                [format!("/idps/0/authorizationParameters/{name}")],
                "{name}"
            );
        }
    }

    #[test]
    fn read_when_name_or_value_malformed_then_problem_at_it() {
        let found = parse(json!({
            "a b": "x", "ok": 3, "nl": "x\ny", "empty": "", "long": "v".repeat(3000)
        }))
        .unwrap_err();
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(parse(json!(["resource"])).is_err());
        let many: serde_json::Map<_, _> = (0..21).map(|i| (format!("p{i}"), json!("v"))).collect();
        assert_eq!(
            parse(serde_json::Value::Object(many)).unwrap_err(),
            ["/idps/0/authorizationParameters"]
        );
    }
}
