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

/// The page to return to after login: a same-origin absolute path, or `/`.
/// Refuses absolute and protocol-relative URLs, backslashes, control characters and
/// whitespace, also when percent-encoded (once or twice), and paths whose dot segments
/// climb to a `//` start; removes dot segments and percent-encodes what a URL may not
/// carry ([`local_return_path`]).
pub fn normalise_return_to(raw: Option<&str>) -> String {
    raw.and_then(local_return_path)
        .unwrap_or_else(|| "/".to_string())
}

/// The page to return to after login (the original URL, or a third-party-initiated
/// login's `target_link_uri`): a path relative to the product's base URL, or `None`.
///
/// A path is kept as [`local_return_path`] makes it; an absolute URL only when its
/// scheme and authority equal `base_url`'s (case-insensitively, the default port made
/// explicit, never with user-info), and is cut back to its path. Everything else
/// (protocol-relative, backslashes, encoded slashes, whitespace, look-alike hosts, dot
/// segments that climb to `//`) is refused. The shim's `ReturnTo` applies the same
/// rules; both are tested against `tests/data/open-redirect-payloads.txt`.
// The engine receives paths only (the shim cut them to the same origin); this is the
// reference the shim's `ReturnTo` is held to, tested against the same payload file.
#[cfg_attr(not(test), allow(dead_code))]
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
    local_return_path(&path)
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

/// Longest return path kept (after percent-encoding); longer ones are refused.
pub(crate) const MAX_RETURN_TO_LEN: usize = 2048;

/// A context-relative path to send the browser to, made safe before anything is bound:
/// refused (`None`) unless it is a plain local path (one `/` first; no backslash,
/// whitespace or control character, also once and twice percent-decoded); then its
/// dot segments are removed (RFC 3986 §5.2.4, `%2e` counted as a dot as browsers count
/// it) and refused again if that makes it start with `//` (`/..//evil.test`); a dot
/// segment with a `;` parameter (`/..;/`) is refused outright (Tomcat reads it as
/// `..`). Last, every byte a URL may not carry is percent-encoded as UTF-8, so the
/// servlet container's redirect never refuses the path and `/∕∕evil.test` is not sent
/// as `/  evil.test`.
pub fn local_return_path(raw: &str) -> Option<String> {
    if !is_safe_local_path(raw) {
        return None;
    }
    let end = raw.find(['?', '#']).unwrap_or(raw.len());
    let (path, rest) = raw.split_at(end);
    let path = remove_dot_segments(path)?;
    let encoded = percent_encode_url(&format!("{path}{rest}"));
    is_safe_local_path(&encoded).then_some(encoded)
}

fn is_safe_local_path(path: &str) -> bool {
    if path.len() > MAX_RETURN_TO_LEN {
        return false;
    }
    // A URL carries no raw whitespace; decoded, a space is harmless but a tab or
    // newline is not (browsers drop them: `/\t/evil` becomes `//evil`).
    let once = percent_decode(path);
    let twice = percent_decode(&once);
    !path.chars().any(char::is_whitespace)
        && [path, once.as_str(), twice.as_str()]
            .iter()
            .all(|form| is_plain_local_path(form))
}

fn is_plain_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

/// RFC 3986 §5.2.4 on a path that starts with `/`; `None` for a dot segment carrying a
/// `;` parameter.
fn remove_dot_segments(path: &str) -> Option<String> {
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        match dots(segment) {
            Some(dots) => {
                if dots == 2 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            None if segment
                .split_once(';')
                .is_some_and(|(name, _)| dots(name).is_some()) =>
            {
                return None;
            }
            None => out.push(segment),
        }
    }
    Some(format!("/{}", out.join("/")))
}

/// 1 for `.`, 2 for `..`, each dot possibly written `%2e` (any case).
fn dots(segment: &str) -> Option<u8> {
    match segment.to_ascii_lowercase().as_str() {
        "." | "%2e" => Some(1),
        ".." | ".%2e" | "%2e." | "%2e%2e" => Some(2),
        _ => None,
    }
}

/// Percent-encodes (UTF-8, upper-case hex) every byte outside RFC 3986's unreserved,
/// sub-delims, `:`, `@`, `/` and `?`; a `%` starting a valid escape and the first `#`
/// stay.
fn percent_encode_url(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut in_fragment = false;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let fragment_start = b == b'#' && !in_fragment;
        if escape
            || fragment_start
            || b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=:@/?".contains(&b)
        {
            in_fragment |= fragment_start;
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// RFC 3986 percent-decoding (`+` stays `+`); invalid escapes are kept as they are.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_return_to_when_cases_then_verdicts() {
        let cases = [
            (None, "/"),
            (Some(""), "/"),
            (Some("/browse/X-1?focus=1#c"), "/browse/X-1?focus=1#c"),
            (Some("/secure/Dashboard.jspa"), "/secure/Dashboard.jspa"),
            (Some("https://evil.example/"), "/"),
            (Some("//evil.example/"), "/"),
            (Some("/\\evil.example"), "/"),
            (Some("/%5Cevil.example"), "/"),
            (Some("/%2F/evil.example"), "/"),
            (Some("%2F%2Fevil.example"), "/"),
            (Some("/%252F/evil.example"), "/"),
            (Some("/\t/evil.example"), "/"),
            (Some("/a%0d%0aSet-Cookie:x"), "/"),
            (Some("/ /evil"), "/"),
            (Some("javascript:alert(1)"), "/"),
            (Some("relative/path"), "/"),
            (Some("/a%20b"), "/a%20b"),
            (Some("/a%09/b"), "/"),
            (Some("/issues/?jql=a%3Db"), "/issues/?jql=a%3Db"),
            (Some("/ok?a=1&b=%0d%0a"), "/"),
            (Some("/ok?a=1&next=%5C%5Cevil"), "/"),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalise_return_to(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn normalise_return_to_when_too_long_then_root() {
        let long = format!("/{}", "a".repeat(MAX_RETURN_TO_LEN));
        assert_eq!(normalise_return_to(Some(&long)), "/");
    }

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
    fn local_return_path_when_dot_segments_climb_to_double_slash_then_refused() {
        for raw in [
            "/..//evil.test",
            "/./..///",
            "/%2e%2e//evil.test",
            "/..;//evil.test",
        ] {
            assert_eq!(local_return_path(raw), None, "{raw}");
        }
        assert_eq!(local_return_path("/.././").as_deref(), Some("/"));
        assert_eq!(local_return_path("/a/b/../c").as_deref(), Some("/a/c"));
    }

    #[test]
    fn local_return_path_when_non_ascii_then_percent_encoded_utf8() {
        assert_eq!(
            local_return_path("/\u{2215}\u{2215}evil.test").as_deref(),
            Some("/%E2%88%95%E2%88%95evil.test")
        );
        assert_eq!(local_return_path("/a%zz").as_deref(), Some("/a%25zz"));
        assert_eq!(local_return_path("/a%C3%9C").as_deref(), Some("/a%C3%9C"));
    }

    #[test]
    fn local_return_path_when_encoding_makes_it_too_long_then_refused() {
        let long = format!("/{}", "\u{e9}".repeat(MAX_RETURN_TO_LEN / 4));
        assert!(long.len() <= MAX_RETURN_TO_LEN);
        assert_eq!(local_return_path(&long), None);
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
