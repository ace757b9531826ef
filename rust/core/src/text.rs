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

/// Renders an untrusted JSON value for a hint (its JSON text, quoted and bounded).
pub fn quote_json(untrusted: &serde_json::Value) -> String {
    quote(&untrusted.to_string())
}

/// Escapes one JSON pointer reference token (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
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
    fn quote_when_long_then_truncated() {
        let shown = quote(&"a".repeat(10_000));
        assert_eq!(shown.len(), MAX_SHOWN_CHARS + 5);
        assert!(shown.ends_with("...`"));
    }

    #[test]
    fn pointer_token_when_slash_and_tilde_then_escaped() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }
}
