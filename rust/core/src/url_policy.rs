//! Which URLs the relying party talks to: https, or http to a loopback address when
//! the IdP's `insecureAllowHttpLoopback` is set (development only).

use std::net::IpAddr;

use url::Url;

/// True for `localhost`, 127.0.0.0/8 and `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Checks an endpoint URL the IdP advertises or the admin configures.
/// The error says what is wrong and how to fix it.
pub fn check_endpoint(raw: &str, allow_http_loopback: bool) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("is not an absolute URL ({e})"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain credentials (user:password@)".into());
    }
    if url.fragment().is_some() {
        return Err("must not contain a fragment (#...)".into());
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) && allow_http_loopback => Ok(url),
        "http" if is_loopback(&url) => Err(
            "must use https; plain http to a loopback address is allowed only with \
             `insecureAllowHttpLoopback: true` (development only)"
                .into(),
        ),
        "http" => Err(
            "must use https (plain http is allowed only to a loopback address, \
             for development)"
                .into(),
        ),
        other => Err(format!("must use https, found scheme `{other}`")),
    }
}

/// Checks the configured issuer: an endpoint URL without query (OIDC Discovery 1.0 §2).
pub fn check_issuer(raw: &str, allow_http_loopback: bool) -> Result<Url, String> {
    let url = check_endpoint(raw, allow_http_loopback)?;
    if url.query().is_some() {
        return Err("must not contain a query (?...)".into());
    }
    Ok(url)
}

/// The discovery document URL: the issuer without a trailing `/`, plus
/// `/.well-known/openid-configuration` (OIDC Discovery 1.0 §4).
pub fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_endpoint_when_cases_then_verdicts() {
        let cases = [
            ("https://idp.example.com/realms/x", false, true),
            ("http://idp.example.com", true, false),
            ("http://127.0.0.2:9400", true, true),
            ("http://127.0.0.2:9400", false, false),
            ("http://localhost:8080", true, true),
            ("http://[::1]:8080", true, true),
            ("http://10.0.0.1", true, false),
            ("ftp://idp.example.com", true, false),
            ("https://user:pw@idp.example.com", false, false),
            ("https://idp.example.com/#x", false, false),
            ("idp.example.com", false, false),
        ];
        for (raw, allow, ok) in cases {
            assert_eq!(
                check_endpoint(raw, allow).is_ok(),
                ok,
                "{raw} allow={allow}"
            );
        }
    }

    #[test]
    fn check_issuer_when_query_then_rejected() {
        assert!(check_issuer("https://idp.example.com?tenant=1", false).is_err());
    }

    #[test]
    fn discovery_url_when_trailing_slash_then_single_slash() {
        assert_eq!(
            discovery_url("https://idp/x/"),
            "https://idp/x/.well-known/openid-configuration"
        );
    }
}
