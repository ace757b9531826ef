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
    // The URL parser silently drops tabs and line breaks; the raw text is what requests
    // and comparisons use, so such characters are refused, not cleaned.
    if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("must not contain spaces or control characters (CR, LF, NUL, tab, ...)".into());
    }
    let url = Url::parse(raw).map_err(|e| format!("is not an absolute URL ({e})"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain credentials (user:password@)".into());
    }
    // Requests are built from the raw text with the `http` crate's stricter parser
    // (ASCII only): what passes here must pass there.
    if raw.parse::<http::Uri>().is_err() {
        return Err(
            "has characters a request URL cannot carry: percent-encode non-ASCII \
             characters and write an internationalised host name in punycode (xn--...)"
                .into(),
        );
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

/// The page to return to after login (the original URL, or a third-party-initiated
/// login's `target_link_uri`): a path relative to the product's base URL, or `None`.
///
/// A path is kept when [`crate::authorize::normalise_return_to`] keeps it; an absolute
/// URL only when its scheme and authority equal `base_url`'s (case-insensitively, the
/// default port made explicit, never with user-info), and is cut back to its path.
/// Everything else (protocol-relative, backslashes, encoded slashes, whitespace,
/// look-alike hosts) is refused. The shim's `ReturnTo` applies the same rules; both are
/// tested against `tests/data/open-redirect-payloads.txt`.
pub fn same_origin_return_to(raw: &str, base_url: &str) -> Option<String> {
    let path = if raw.starts_with('/') {
        raw.to_string()
    } else {
        let (scheme, authority, rest) = split_absolute(raw)?;
        let (base_scheme, base_authority, context) =
            split_absolute(base_url.trim_end_matches('/'))?;
        let same = scheme.eq_ignore_ascii_case(base_scheme)
            && !authority.contains('@')
            && with_port(scheme, authority) == with_port(base_scheme, base_authority);
        // Under the product's context path (`/jira`), which is cut off.
        let rest = rest.strip_prefix(context)?;
        if !same || !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
            return None;
        }
        match rest.chars().next() {
            None => "/".to_string(),
            Some('/') => rest.to_string(),
            Some(_) => format!("/{rest}"),
        }
    };
    crate::authorize::is_safe_local_path(&path).then_some(path)
}

/// `(scheme, authority, rest)` of `http(s)://authority/rest`.
fn split_absolute(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, after) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    Some((scheme, &after[..end], &after[end..]))
}

/// The lower-case authority with its port, the scheme's default when absent.
fn with_port(scheme: &str, authority: &str) -> String {
    let authority = authority.to_ascii_lowercase();
    let has_port = authority
        .rsplit_once(':')
        .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    if has_port {
        authority
    } else if scheme.eq_ignore_ascii_case("https") {
        format!("{authority}:443")
    } else {
        format!("{authority}:80")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `\t`, `\n`, `\r`, `\0`, `\\` and `\u{XXXX}` of the payload file.
    fn unescape(line: &str) -> String {
        let mut out = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some('u') => {
                    let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                }
                Some(other) => out.push(other),
                None => panic!("dangling escape in {line:?}"),
            }
        }
        out
    }

    #[test]
    fn same_origin_return_to_when_open_redirect_payloads_then_rejected_or_normalised() {
        let file = include_str!("../tests/data/open-redirect-payloads.txt");
        let cases: Vec<_> = file
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| l.split_once('\t').expect("<expected>TAB<payload>"))
            .collect();
        assert!(cases.len() >= 100, "only {} payloads", cases.len());
        for (expected, payload) in cases {
            let payload = unescape(payload);
            let found = same_origin_return_to(&payload, "https://jira.example.com");
            let expected = (expected != "-").then(|| expected.to_string());
            assert_eq!(found, expected, "payload {payload:?}");
        }
    }

    #[test]
    fn same_origin_return_to_when_base_has_context_path_then_origin_compared() {
        let base = "https://example.com/jira";
        assert_eq!(
            same_origin_return_to("https://example.com/jira/browse/X-1", base),
            Some("/browse/X-1".into())
        );
        assert_eq!(same_origin_return_to("http://example.com/jira", base), None);
        assert_eq!(
            same_origin_return_to("https://example.com/jiraX/a", base),
            None
        );
        assert_eq!(
            same_origin_return_to("https://example.com/other", base),
            None
        );
    }

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
    fn check_issuer_when_credentials_control_characters_or_non_ascii_then_rejected() {
        let cases = [
            ("https://user:pw@idp.example.com", "credentials"),
            ("https://idp.example.com\r\n/x", "control characters"),
            ("https://idp.example.com/\0", "control characters"),
            ("https://idp.example.com/a\tb", "control characters"),
            ("https://idp.example.com/ x", "spaces"),
            ("https://bücher.example/x", "punycode"),
        ];
        for (raw, expected) in cases {
            let why = check_issuer(raw, false).unwrap_err();
            assert!(why.contains(expected), "{raw:?}: {why}");
        }
        assert!(check_issuer("https://xn--bcher-kva.example/r%C3%A9alm", false).is_ok());
        // The request builder takes non-ASCII in the path (and sends it encoded).
        assert!(check_issuer("https://idp.example.com/réalm", false).is_ok());
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
