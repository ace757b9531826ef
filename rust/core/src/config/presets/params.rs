//! Checks of preset parameter values. Each value ends up inside a URL the IdP publishes
//! and that is compared byte for byte (the issuer), so a value that cannot be right is
//! refused here, with what to enter instead.

/// Longest parameter value.
pub(super) const MAX_LEN: usize = 255;

/// A DNS host name with an optional port, lower-case: `dev-123.okta.com`.
pub(super) fn host(value: &str) -> Result<(), String> {
    let (name, port) = match value.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (value, None),
    };
    let labels_ok = !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    let port_ok = port.is_none_or(|port| {
        (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit())
    });
    if labels_ok && port_ok {
        return Ok(());
    }
    Err(if value.contains("://") || value.contains('/') {
        "must be only the host name, without `https://` or a path (e.g. `sso.example.com`)".into()
    } else if value.bytes().any(|b| b.is_ascii_uppercase()) {
        "must be lower-case: the issuer is compared exactly with the one the IdP publishes".into()
    } else {
        "must be a host name such as `sso.example.com` (letters, digits, `-`, dots; an \
         optional `:port`)"
            .into()
    })
}

/// One DNS label, lower-case: the `acme` of `acme.onelogin.com`.
pub(super) fn dns_label(value: &str) -> Result<(), String> {
    match host(value) {
        Ok(()) if !value.contains('.') && !value.contains(':') => Ok(()),
        _ => Err(
            "must be one lower-case name of letters, digits and `-` (the part before \
                  the first dot), e.g. `acme`"
                .into(),
        ),
    }
}

/// `https://host[:port][/path]` without a trailing slash, query, fragment or credentials.
/// (Plain `http://` is refused later, by the issuer's own rules, unless it is a loopback
/// address in development.)
pub(super) fn base_url(value: &str) -> Result<(), String> {
    let example = "e.g. `https://sso.example.com` or `https://sso.example.com/auth`";
    let url = url::Url::parse(value).map_err(|_| format!("must be an absolute URL, {example}"))?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return Err(format!("must be an https:// URL, {example}"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain credentials (user:password@)".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("must not contain a query or fragment, {example}"));
    }
    if value.ends_with('/') {
        return Err(format!(
            "must not end with `/` (the preset adds the path), {example}"
        ));
    }
    // The URL crate lower-cases the host and drops a default port: the text must already
    // be in that form, since the issuer built from it is compared exactly.
    if url.as_str().trim_end_matches('/') != value {
        return Err(format!(
            "must be written the way the IdP publishes it (lower-case host, no default port, \
             no `.`/`..` segments or escapes), {example}"
        ));
    }
    Ok(())
}

/// A GUID in lower-case: `8eaef023-2b34-4da1-9baa-8bc8c9d6a490`.
pub(super) fn guid(value: &str) -> Result<(), String> {
    let shape = value.len() == 36
        && value.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        });
    if shape {
        Ok(())
    } else if value.len() == 36 && value.to_ascii_lowercase() != value {
        Err(
            "must be lower-case: the issuer is compared exactly with the one the IdP \
             publishes"
                .into(),
        )
    } else {
        Err("must be an ID of the form `8eaef023-2b34-4da1-9baa-8bc8c9d6a490`".into())
    }
}

/// One URL path segment of unreserved characters (RFC 3986 §2.3): a realm or a slug.
pub(super) fn path_segment(value: &str) -> Result<(), String> {
    let unreserved = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if unreserved && value != "." && value != ".." {
        Ok(())
    } else {
        Err(
            "must be one path segment of letters, digits, `-`, `.`, `_` or `~` (as it \
             appears in the IdP's URLs)"
                .into(),
        )
    }
}

/// An AWS region code: `eu-west-1`, `us-gov-west-1`.
pub(super) fn aws_region(value: &str) -> Result<(), String> {
    let parts: Vec<&str> = value.split('-').collect();
    let ok = parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty();
    if ok {
        Ok(())
    } else {
        Err("must be an AWS region code such as `eu-west-1`".into())
    }
}

/// A Cognito user pool ID: `<region>_<letters and digits>`, e.g. `eu-west-1_AbCdEf123`.
pub(super) fn user_pool_id(value: &str) -> Result<(), String> {
    let ok = value.split_once('_').is_some_and(|(region, id)| {
        aws_region(region).is_ok()
            && !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if ok {
        Ok(())
    } else {
        Err(
            "must be a user pool ID such as `eu-west-1_AbCdEf123` (region, `_`, letters and \
             digits)"
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_when_scheme_path_case_or_bad_port_then_refused() {
        for good in [
            "dev-123.okta.com",
            "fs.example.com:8443",
            "localhost",
            "127.0.0.1",
        ] {
            assert_eq!(host(good), Ok(()), "{good}");
        }
        for bad in [
            "https://dev-123.okta.com",
            "dev-123.okta.com/",
            "Dev-123.okta.com",
            "-x.example.com",
            "a..b",
            "x.example.com:",
            "x.example.com:123456",
            "x_y.example.com",
            "",
        ] {
            assert!(host(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base_url_when_trailing_slash_query_or_not_canonical_then_refused() {
        for good in [
            "https://sso.example.com",
            "https://sso.example.com/auth",
            "https://sso.example.com:8443",
            "http://127.0.0.1:8080",
        ] {
            assert_eq!(base_url(good), Ok(()), "{good}");
        }
        for bad in [
            "https://sso.example.com/",
            "https://sso.example.com?x=1",
            "https://user:pw@sso.example.com",
            "https://SSO.example.com",
            "https://sso.example.com:443",
            "sso.example.com",
            "ftp://sso.example.com",
            "https://sso.example.com/a/../b",
        ] {
            assert!(base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn guid_when_upper_case_or_wrong_shape_then_refused() {
        assert_eq!(guid("8eaef023-2b34-4da1-9baa-8bc8c9d6a490"), Ok(()));
        assert!(guid("8EAEF023-2B34-4DA1-9BAA-8BC8C9D6A490")
            .unwrap_err()
            .contains("lower-case"));
        assert!(guid("contoso.onmicrosoft.com").is_err());
        assert!(guid("8eaef0232b344da19baa8bc8c9d6a490").is_err());
    }

    #[test]
    fn path_segment_when_slash_space_or_dots_then_refused() {
        assert_eq!(path_segment("company-realm_1.x"), Ok(()));
        for bad in ["a/b", "a b", ".", "..", "", "r%20"] {
            assert!(path_segment(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn aws_ids_when_wrong_shape_then_refused() {
        assert_eq!(aws_region("eu-west-1"), Ok(()));
        assert_eq!(aws_region("us-gov-west-1"), Ok(()));
        for bad in ["eu-west", "EU-west-1", "euwest1", "e-west-1", "eu--1"] {
            assert!(aws_region(bad).is_err(), "{bad}");
        }
        assert_eq!(user_pool_id("eu-west-1_AbCdEf123"), Ok(()));
        for bad in ["AbCdEf123", "eu-west-1_", "eu-west-1_Ab-Cd", "eu_west_1_x"] {
            assert!(user_pool_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dns_label_when_dotted_then_refused() {
        assert_eq!(dns_label("acme"), Ok(()));
        assert!(dns_label("acme.onelogin.com").is_err());
        assert!(dns_label("Acme").is_err());
    }
}
