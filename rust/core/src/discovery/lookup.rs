//! The admin's discovery lookup (`discover`, admin API `POST discover`): an issuer or
//! `.well-known` URL in, the endpoints the IdP publishes out, fetched and checked with the
//! same URL policy, timeouts and size cap as a login's discovery. Nothing is cached or
//! stored; differences the admin should know about are warnings, not failures.

use serde_json::{Map, Value};

use crate::api::{DiscoverRequest, DiscoverResult};
use crate::text::quote_url;
use crate::{fetch, url_policy, Code, Error, HttpClientFactory, HttpSettings};

const WELL_KNOWN: &str = "/.well-known/openid-configuration";

/// Fetches the discovery document at (or under) `req.url` and checks it.
pub fn discover(
    req: &DiscoverRequest,
    http: &dyn HttpClientFactory,
) -> Result<DiscoverResult, Error> {
    let raw = req.url.trim();
    let issuer = raw.strip_suffix(WELL_KNOWN).unwrap_or(raw);
    let allow = req.insecure_allow_http_loopback;
    url_policy::check_issuer(issuer, allow)
        .map_err(|why| failed(format!("the URL {} {why}", quote_url(raw))))?;
    let url = url_policy::discovery_url(issuer);
    let settings = HttpSettings {
        trust_anchors_pem: req.trust_anchors_pem.clone(),
        proxy_url: req.proxy.as_ref().map(|p| p.url.clone()),
        no_proxy: req
            .proxy
            .as_ref()
            .map(|p| p.no_proxy.clone())
            .unwrap_or_default(),
        ..HttpSettings::default()
    };
    let client = http.client(&settings).map_err(|e| {
        failed(format!(
            "the HTTP client cannot be built: {}",
            crate::text::clean(&e.message)
        ))
    })?;
    let request = fetch::get_json_request(&url)?;
    let response = fetch::send(
        client.as_ref(),
        settings.max_response_bytes,
        "discovery",
        request,
    )?;
    let status = response.status();
    if !status.is_success() {
        return Err(failed(format!(
            "discovery {} answered {status}; check the URL (the issuer, or its \
             /.well-known/openid-configuration)",
            quote_url(&url)
        )));
    }
    let doc = fetch::json_object(response.body())
        .map_err(|why| failed(format!("discovery {} answered {why}", quote_url(&url))))?;
    parse(&doc, issuer, &url, allow)
}

/// The typed result of a discovery document fetched from `url` for `expected` (the issuer
/// the admin's URL names).
pub(crate) fn parse(
    doc: &Map<String, Value>,
    expected: &str,
    url: &str,
    allow_http_loopback: bool,
) -> Result<DiscoverResult, Error> {
    let mut warnings = Vec::new();
    let issuer = doc.get("issuer").and_then(Value::as_str).ok_or_else(|| {
        failed(format!(
            "discovery {} has no `issuer` string",
            quote_url(url)
        ))
    })?;
    url_policy::check_issuer(issuer, allow_http_loopback).map_err(|why| {
        failed(format!(
            "discovery {}: the published issuer {} {why}",
            quote_url(url),
            quote_url(issuer)
        ))
    })?;
    if issuer != expected {
        warnings.push(format!(
            "the IdP publishes the issuer {} while the URL names {}: the configuration must use \
             the published one, byte for byte (logins are refused otherwise)",
            quote_url(issuer),
            quote_url(expected)
        ));
    }
    let required = |name: &str| -> Result<String, Error> {
        let raw = doc.get(name).and_then(Value::as_str).ok_or_else(|| {
            failed(format!(
                "discovery {} has no `{name}` string; is this the IdP's OpenID Connect issuer?",
                quote_url(url)
            ))
        })?;
        url_policy::check_endpoint(raw, allow_http_loopback)
            .map(|_| raw.to_string())
            .map_err(|why| {
                failed(format!(
                    "discovery {}: `{name}` {} {why}",
                    quote_url(url),
                    quote_url(raw)
                ))
            })
    };
    let authorization_endpoint = required("authorization_endpoint")?;
    let token_endpoint = required("token_endpoint")?;
    let jwks_uri = required("jwks_uri")?;
    let mut optional = |name: &str| match doc.get(name).and_then(Value::as_str) {
        None => None,
        Some(raw) => match url_policy::check_endpoint(raw, allow_http_loopback) {
            Ok(_) => Some(raw.to_string()),
            Err(why) => {
                warnings.push(format!("`{name}` {} {why}; it is not used", quote_url(raw)));
                None
            }
        },
    };
    let userinfo_endpoint = optional("userinfo_endpoint");
    let end_session_endpoint = optional("end_session_endpoint");
    let algs = strings(doc, "id_token_signing_alg_values_supported");
    let scopes = strings(doc, "scopes_supported");
    warn_about(doc, &algs, &scopes, issuer, &mut warnings);
    if userinfo_endpoint.is_none() {
        warnings.push("no userinfo endpoint: every claim must come in the ID token".into());
    }
    if end_session_endpoint.is_none() {
        warnings.push("no end_session_endpoint: logging out ends the product session only".into());
    }
    Ok(DiscoverResult {
        issuer: issuer.to_string(),
        authorization_endpoint,
        token_endpoint,
        userinfo_endpoint,
        jwks_uri,
        end_session_endpoint,
        id_token_signing_alg_values_supported: algs,
        scopes_supported: scopes,
        warnings,
    })
}

fn warn_about(
    doc: &Map<String, Value>,
    algs: &[String],
    scopes: &[String],
    issuer: &str,
    warnings: &mut Vec<String>,
) {
    if issuer.starts_with("http:") {
        warnings.push(
            "plain http: allowed only to a loopback address with insecureAllowHttpLoopback \
             (development only)"
                .into(),
        );
    }
    if !algs.is_empty() && algs.iter().all(|a| a == "none" || a.starts_with("HS")) {
        warnings.push(format!(
            "ID tokens are signed only with {}: HMAC needs the client secret as key, `none` is \
             always refused",
            algs.join(", ")
        ));
    }
    if !scopes.is_empty() && !scopes.iter().any(|s| s == "openid") {
        warnings.push("`scopes_supported` does not list `openid`".into());
    }
    let pkce = strings(doc, "code_challenge_methods_supported");
    if !pkce.is_empty() && !pkce.iter().any(|m| m == "S256") {
        warnings.push(
            "`code_challenge_methods_supported` does not list S256: PKCE may be refused".into(),
        );
    }
    let types = strings(doc, "response_types_supported");
    if !types.is_empty() && !types.iter().any(|t| t == "code") {
        warnings.push(
            "`response_types_supported` does not list `code` (the authorization code flow)".into(),
        );
    }
}

/// The strings of an array member; anything else is left out.
fn strings(doc: &Map<String, Value>, name: &str) -> Vec<String> {
    doc.get(name)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(crate::text::clean)
                .collect()
        })
        .unwrap_or_default()
}

fn failed(hint: String) -> Error {
    Error::unavailable(Code::DiscoveryFailed, hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn full() -> Value {
        json!({
            "issuer": "https://idp.example.com",
            "authorization_endpoint": "https://idp.example.com/auth",
            "token_endpoint": "https://idp.example.com/token",
            "jwks_uri": "https://idp.example.com/jwks",
            "userinfo_endpoint": "https://idp.example.com/me",
            "end_session_endpoint": "https://idp.example.com/logout",
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "scopes_supported": ["openid", "email"],
            "code_challenge_methods_supported": ["S256"]
        })
    }

    #[test]
    fn parse_when_complete_document_then_typed_endpoints_and_no_warning() {
        let result = parse(&doc(full()), "https://idp.example.com", "u", false).unwrap();
        assert_eq!(result.token_endpoint, "https://idp.example.com/token");
        assert_eq!(
            result.userinfo_endpoint.as_deref(),
            Some("https://idp.example.com/me")
        );
        assert_eq!(
            result.id_token_signing_alg_values_supported,
            ["RS256", "ES256"]
        );
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    }

    #[test]
    fn parse_when_issuer_differs_or_optional_parts_missing_then_warnings_not_failures() {
        let mut value = full();
        value["issuer"] = json!("https://idp.example.com/");
        value
            .as_object_mut()
            .unwrap()
            .remove("end_session_endpoint");
        value["userinfo_endpoint"] = json!("http://evil.example.com/me");
        value["code_challenge_methods_supported"] = json!(["plain"]);
        let result = parse(&doc(value), "https://idp.example.com", "u", false).unwrap();
        assert_eq!(result.issuer, "https://idp.example.com/");
        assert_eq!(result.userinfo_endpoint, None);
        let all = result.warnings.join("\n");
        for part in [
            "byte for byte",
            "end_session_endpoint",
            "must use https",
            "S256",
        ] {
            assert!(all.contains(part), "{part} missing in {all}");
        }
    }

    #[test]
    fn parse_when_required_endpoint_missing_or_http_then_discovery_failed() {
        let mut value = full();
        value["token_endpoint"] = json!("http://idp.example.com/token");
        let err = parse(&doc(value), "https://idp.example.com", "u", false).unwrap_err();
        assert_eq!(err.code(), Code::DiscoveryFailed);
        let mut value = full();
        value.as_object_mut().unwrap().remove("jwks_uri");
        let err = parse(&doc(value), "https://idp.example.com", "u", false).unwrap_err();
        assert!(err.to_string().contains("jwks_uri"), "{err}");
    }
}
