//! The login-experience fields of one IdP (`enabled`, `buttonLabel`, `iconUrl`,
//! `callbackPath`): what the chooser shows and where the IdP sends the user back.

use super::reader::{Object, Problems};
use crate::text::quote;

/// Every per-IdP callback path starts with this (the callback servlet serves
/// `/oidc-sso/callback/*` under the host's `/plugins/servlet`).
pub const CALLBACK_PATH_PREFIX: &str = "/plugins/servlet/oidc-sso/callback/";
const MAX_LABEL_LEN: usize = 255;
const MAX_ICON_URL_LEN: usize = 2048;
const MAX_SEGMENT_LEN: usize = 64;

/// How one IdP appears at login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpLogin {
    /// A disabled IdP is kept in the document but never offered nor started.
    pub enabled: bool,
    /// The chooser button's text; `None` = "Sign in with <displayName>".
    pub button_label: Option<String>,
    /// An `https://` URL or a same-site absolute path (`/images/x.svg`).
    pub icon_url: Option<String>,
    /// Its own callback path (`/plugins/servlet/oidc-sso/callback/<segment>`); `None` = the
    /// shared callback of the host context.
    pub callback_path: Option<String>,
}

impl Default for IdpLogin {
    fn default() -> Self {
        IdpLogin {
            enabled: true,
            button_label: None,
            icon_url: None,
            callback_path: None,
        }
    }
}

/// Reads the four fields from the IdP object (absent = defaults).
pub(super) fn read_idp_login(obj: &mut Object<'_>, p: &mut Problems) -> IdpLogin {
    let enabled = obj.boolean("enabled", true, p);
    let button_label = obj.string("buttonLabel", false, p).filter(|label| {
        let ok = label.chars().count() <= MAX_LABEL_LEN && !label.chars().any(char::is_control);
        if !ok {
            p.add(
                &obj.at("buttonLabel"),
                format!("must be at most {MAX_LABEL_LEN} characters without control characters"),
            );
        }
        ok
    });
    let icon_url = obj.string("iconUrl", false, p).filter(|url| {
        let problem = icon_url_problem(url);
        if let Some(why) = &problem {
            p.add(
                &obj.at("iconUrl"),
                format!("{why}, found {}", crate::text::quote_url(url)),
            );
        }
        problem.is_none()
    });
    let callback_path = obj.string("callbackPath", false, p).filter(|path| {
        let ok = callback_segment(path).is_some();
        if !ok {
            p.add(
                &obj.at("callbackPath"),
                format!(
                    "must be `{CALLBACK_PATH_PREFIX}<name>` with a name of 1 to {MAX_SEGMENT_LEN} \
                     characters of a-z, 0-9, `-` and `_` (e.g. `{CALLBACK_PATH_PREFIX}okta`), \
                     found {}",
                    quote(path)
                ),
            );
        }
        ok
    });
    IdpLogin {
        enabled,
        button_label,
        icon_url,
        callback_path,
    }
}

/// Rules across IdPs: at least one enabled, and each own callback path used once.
pub(super) fn check_across(idps: &[(usize, super::IdpConfig)], p: &mut Problems) {
    if !idps.is_empty() && !idps.iter().any(|(_, idp)| idp.login.enabled) {
        p.add(
            "/idps",
            "every IdP is disabled: enable at least one (`enabled`: true), or remove the \
             configuration to switch SSO off",
        );
    }
    for (n, (i, idp)) in idps.iter().enumerate() {
        let Some(path) = &idp.login.callback_path else {
            continue;
        };
        let first = idps[..n]
            .iter()
            .find(|(_, other)| other.login.callback_path.as_ref() == Some(path));
        if let Some((first, _)) = first {
            p.add(
                &format!("/idps/{i}/callbackPath"),
                format!(
                    "{} is already used by /idps/{first}: give each IdP its own",
                    quote(path)
                ),
            );
        }
    }
}

/// The last segment of a valid per-IdP callback path.
pub fn callback_segment(path: &str) -> Option<&str> {
    let segment = path.strip_prefix(CALLBACK_PATH_PREFIX)?;
    let valid = !segment.is_empty()
        && segment.len() <= MAX_SEGMENT_LEN
        && segment
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    valid.then_some(segment)
}

/// An icon is loaded by the user's browser on the login page: only `https://` or a path
/// on this site, never `javascript:`, `data:` or plain http.
fn icon_url_problem(url: &str) -> Option<&'static str> {
    if url.len() > MAX_ICON_URL_LEN || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Some("must be at most 2048 characters without spaces or control characters");
    }
    if url.starts_with('/') {
        return (url.starts_with("//") || url.contains('\\'))
            .then_some("a relative icon URL must be an absolute path on this site (`/...`)");
    }
    match url::Url::parse(url) {
        Ok(parsed) if parsed.scheme() == "https" && parsed.host().is_some() => {
            (!parsed.username().is_empty() || parsed.password().is_some())
                .then_some("must not contain credentials")
        }
        _ => Some("must be an https:// URL or an absolute path on this site (`/...`)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icon_url_problem_when_cases_then_verdicts() {
        let cases = [
            ("https://cdn.example.com/okta.svg", true),
            ("/images/okta.svg", true),
            ("http://cdn.example.com/okta.svg", false),
            ("javascript:alert(1)", false),
            ("data:image/svg+xml,<svg/>", false),
            ("//evil.example/x.svg", false),
            ("/\\evil.example/x.svg", false),
            ("https://user:pw@cdn.example.com/x.svg", false),
            ("okta.svg", false),
        ];
        for (url, ok) in cases {
            assert_eq!(icon_url_problem(url).is_none(), ok, "{url}");
        }
    }

    #[test]
    fn callback_segment_when_cases_then_verdicts() {
        assert_eq!(
            callback_segment("/plugins/servlet/oidc-sso/callback/okta"),
            Some("okta")
        );
        for bad in [
            "/plugins/servlet/oidc-sso/callback",
            "/plugins/servlet/oidc-sso/callback/",
            "/plugins/servlet/oidc-sso/callback/a/b",
            "/plugins/servlet/oidc-sso/callback/Okta",
            "/elsewhere/okta",
        ] {
            assert_eq!(callback_segment(bad), None, "{bad}");
        }
    }
}
