//! Safe rendering of untrusted text (IdP error descriptions, claim values, header fields)
//! inside admin hints: bounded, control characters escaped, never raw.

/// Longest untrusted value shown in a hint, in characters.
const MAX_SHOWN_CHARS: usize = 200;
/// Longest message of ours (with foreign text inside) shown in a hint, in characters.
const MAX_MESSAGE_CHARS: usize = 1000;

/// Renders untrusted text for a hint: wrapped in backticks, control and quote characters
/// escaped (`\n`, `\u{1b}`, ...), cut after [`MAX_SHOWN_CHARS`] characters.
pub fn quote(untrusted: &str) -> String {
    let mut out = String::with_capacity(untrusted.len().min(MAX_SHOWN_CHARS) + 2);
    out.push('`');
    for (shown, c) in untrusted.chars().enumerate() {
        if shown == MAX_SHOWN_CHARS {
            out.push_str("...");
            break;
        }
        if c == '`' {
            out.push_str("\\u{60}");
        } else if c.is_control() || c == '\\' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

/// Our own message that may carry foreign text (a transport error's causes): control
/// characters escaped, cut after [`MAX_MESSAGE_CHARS`] characters, backticks kept (unlike
/// [`quote`], it is not itself a quoted value, so its backticks are ours).
pub fn clean(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE_CHARS));
    for (shown, c) in message.chars().enumerate() {
        if shown == MAX_MESSAGE_CHARS {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders a URL for a hint like [`quote`], with any `user:password@` replaced by
/// `[redacted]@`: a URL may carry credentials, which never reach a log.
pub fn quote_url(url: &str) -> String {
    quote(&redact_url(url))
}

/// The URL without its user-info (`https://[redacted]@host/...`); works on text that is
/// not a valid URL too (the authority ends at the first `/`, `?`, `#` or `\\`).
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let authority_start = scheme_end + 3;
    let rest = &url[authority_start..];
    let authority_len = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    match rest[..authority_len].rfind('@') {
        Some(at) => format!("{}[redacted]{}", &url[..authority_start], &rest[at..]),
        None => url.to_string(),
    }
}

/// Renders an untrusted JSON value for a hint (its JSON text, quoted and bounded).
pub fn quote_json(untrusted: &serde_json::Value) -> String {
    quote(&untrusted.to_string())
}

/// Escapes one JSON pointer reference token (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Whether `s` has a control character (`char::is_control`: U+0000 to U+001F, U+007F to
/// U+009F), checked byte by byte for ASCII text, the usual case.
pub(crate) fn has_control(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| b < 0x20 || b == 0x7f)
    } else {
        s.chars().any(char::is_control)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_when_control_characters_then_escaped() {
        assert_eq!(quote("a\nb\u{1b}[31m"), "`a\\nb\\u{1b}[31m`");
    }

    #[test]
    fn quote_when_backtick_then_cannot_close_the_quote() {
        assert_eq!(quote("x`y"), "`x\\u{60}y`");
    }

    #[test]
    fn clean_when_own_message_with_backticks_then_kept_and_controls_escaped() {
        assert_eq!(
            clean("no `-----BEGIN CERTIFICATE-----` block\r\n"),
            "no `-----BEGIN CERTIFICATE-----` block\\r\\n"
        );
        assert_eq!(clean(&"a".repeat(5000)).len(), MAX_MESSAGE_CHARS + 3);
    }

    #[test]
    fn quote_url_when_credentials_then_redacted() {
        assert_eq!(
            quote_url("https://user:s3cret@idp.example.com/x?a=b@c"),
            "`https://[redacted]@idp.example.com/x?a=b@c`"
        );
        assert_eq!(
            quote_url("https://a@b@idp\r\n/"),
            "`https://[redacted]@idp\\r\\n/`"
        );
        assert_eq!(quote_url("not a url"), "`not a url`");
    }

    #[test]
    fn quote_when_long_then_truncated() {
        let shown = quote(&"a".repeat(10_000));
        assert_eq!(shown.len(), MAX_SHOWN_CHARS + 5);
        assert!(shown.ends_with("...`"));
    }

    #[test]
    fn pointer_token_when_slash_and_tilde_then_escaped() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }

    #[test]
    fn has_control_when_any_char_alone_or_in_text_then_as_char_is_control() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = c.is_control();
            assert_eq!(super::has_control(&c.to_string()), expected, "{c:?}");
            assert_eq!(super::has_control(&format!("kid-{c}")), expected, "{c:?}");
            assert_eq!(super::has_control(&format!("é{c}x")), expected, "{c:?}");
        }
    }
}
