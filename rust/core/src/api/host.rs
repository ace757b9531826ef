//! The host context: what the shim tells the core at engine creation. The canonical base
//! URL and callback path give the redirect URI (never a request's `Host` header).

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::ConfigProblem;
use crate::text::quote;

/// What the host tells the core at engine creation and reload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostContext {
    /// The product's canonical base URL (SAL `ApplicationProperties`, `CANONICAL`).
    pub base_url: String,
    /// This cluster node's id, for the audit log.
    #[serde(default)]
    pub node_id: Option<String>,
    /// The shared callback path, context-relative.
    pub callback_path: String,
    /// The JVM's default trust anchors (PEM); `None` = none.
    #[serde(default)]
    pub trust_anchors_pem: Option<String>,
    /// The JVM's proxy; `None` = direct.
    #[serde(default)]
    pub proxy: Option<HostProxy>,
}

/// The JVM's proxy settings (`https.proxyHost`, `https.proxyPort`, `http.nonProxyHosts`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostProxy {
    /// `http://host:port`.
    pub url: String,
    /// Hosts reached directly (`*.corp`, `localhost`).
    #[serde(default)]
    pub no_proxy: Vec<String>,
}

impl HostContext {
    /// `baseUrl` + `callbackPath`, or the problems (pointers under `/host`).
    pub fn redirect_uri(&self) -> Result<String, Vec<ConfigProblem>> {
        redirect_uri(self)
    }
}

fn redirect_uri(host: &HostContext) -> Result<String, Vec<ConfigProblem>> {
    let mut problems = Vec::new();
    let mut problem = |pointer: &str, message: String| {
        problems.push(ConfigProblem {
            pointer: pointer.into(),
            message: format!("host context: {message}"),
        })
    };
    match Url::parse(&host.base_url) {
        Ok(url) if !matches!(url.scheme(), "http" | "https") || url.host().is_none() => {
            problem(
                "/host/baseUrl",
                format!("{} must be an http(s) URL", quote(&host.base_url)),
            );
        }
        Ok(url)
            if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() =>
        {
            problem(
                "/host/baseUrl",
                format!(
                    "{} must have no query, fragment or credentials",
                    quote(&host.base_url)
                ),
            );
        }
        Ok(_) => {}
        Err(e) => {
            problem(
                "/host/baseUrl",
                format!(
                    "{} is not an absolute URL ({e}); set the product's base URL",
                    quote(&host.base_url)
                ),
            );
        }
    }
    let path = &host.callback_path;
    let path_ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains(['?', '#', '\\'])
        && !path.chars().any(|c| c.is_control() || c.is_whitespace());
    if !path_ok {
        problem(
            "/host/callbackPath",
            format!(
                "{} must be an absolute path without query or fragment",
                quote(path)
            ),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(format!("{}{}", host.base_url.trim_end_matches('/'), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(base_url: &str, callback_path: &str) -> HostContext {
        HostContext {
            base_url: base_url.into(),
            callback_path: callback_path.into(),
            ..HostContext::default()
        }
    }

    #[test]
    fn redirect_uri_when_base_has_context_path_then_joined_once() {
        let uri = redirect_uri(&host(
            "https://example.com/jira/",
            "/plugins/servlet/oidc-sso/callback",
        ));
        assert_eq!(
            uri.unwrap(),
            "https://example.com/jira/plugins/servlet/oidc-sso/callback"
        );
    }

    #[test]
    fn redirect_uri_when_base_or_path_wrong_then_both_reported() {
        let problems = redirect_uri(&host("jira.example.com", "callback?x=1")).unwrap_err();
        let pointers: Vec<_> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/host/baseUrl", "/host/callbackPath"]);
    }

    #[test]
    fn redirect_uri_when_base_not_http_then_rejected() {
        assert!(redirect_uri(&host("ftp://example.com", "/cb")).is_err());
        assert!(redirect_uri(&host("https://example.com?x=1", "/cb")).is_err());
    }
}
