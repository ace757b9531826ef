//! The ID token's timing and assurance claims in a few bounded, non-secret values: the
//! shim writes them on its per-IdP debug line (`debug.decision`), which never sees the
//! token itself (docs/admin-guide.md, "Debug logging per IdP").

use serde_json::{Map, Value};

use crate::api::TokenSummary;

/// At most this many `amr` values are kept: an IdP lists a handful; a hostile token may
/// list thousands, and the summary rides on every login.
pub(crate) const MAX_AMR: usize = 8;
/// Longest `amr` value kept, in characters (RFC 8176 values are a few letters).
pub(crate) const MAX_AMR_CHARS: usize = 32;
/// Longest `acr` or `azp` kept, in characters (an `acr` may be a URN).
pub(crate) const MAX_TEXT_CHARS: usize = 100;

/// The summary of a validated ID token's claims. A claim of the wrong type reads as
/// absent (the token already passed validation; this is only for reading).
pub(crate) fn summary(claims: &Map<String, Value>) -> TokenSummary {
    let amr = match claims.get("amr") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        // Some IdPs send one method as a bare string.
        Some(Value::String(one)) => vec![one.as_str()],
        _ => Vec::new(),
    };
    TokenSummary {
        iat: seconds(claims.get("iat")),
        exp: seconds(claims.get("exp")),
        auth_time: seconds(claims.get("auth_time")),
        amr: amr
            .into_iter()
            .take(MAX_AMR)
            .map(|m| cut(m, MAX_AMR_CHARS))
            .collect(),
        acr: text(claims.get("acr")),
        azp: text(claims.get("azp")),
        aud_count: match claims.get("aud") {
            Some(Value::Array(items)) => items.len(),
            Some(Value::String(_)) => 1,
            _ => 0,
        },
    }
}

/// A NumericDate as whole seconds; not a finite number reads as absent.
fn seconds(value: Option<&Value>) -> Option<i64> {
    let value = value?;
    value.as_i64().or_else(|| {
        value
            .as_f64()
            .filter(|t| t.is_finite())
            // Saturating float-to-int cast: an absurd date stays absurd, not wrapped.
            .map(|t| t.floor() as i64)
    })
}

fn text(value: Option<&Value>) -> Option<String> {
    value?.as_str().map(|s| cut(s, MAX_TEXT_CHARS))
}

/// At most `max` characters, control characters as `?`, `...` when cut.
fn cut(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().nth(max).is_some() {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn of(claims: Value) -> TokenSummary {
        summary(claims.as_object().unwrap())
    }

    #[test]
    fn summary_when_usual_claims_then_each_kept() {
        let s = of(
            json!({"sub": "alice", "iat": 1_700_000_000, "exp": 1_700_000_300,
            "auth_time": 1_699_999_990.7, "amr": ["pwd", "otp"], "acr": "urn:mace:incommon:iap:silver",
            "azp": "shim", "aud": ["shim", "api"], "nonce": "n-secret"}),
        );

        assert_eq!(
            s,
            TokenSummary {
                iat: Some(1_700_000_000),
                exp: Some(1_700_000_300),
                auth_time: Some(1_699_999_990),
                amr: vec!["pwd".into(), "otp".into()],
                acr: Some("urn:mace:incommon:iap:silver".into()),
                azp: Some("shim".into()),
                aud_count: 2,
            }
        );
        assert!(!serde_json::to_string(&s).unwrap().contains("n-secret"));
    }

    #[test]
    fn summary_when_claims_absent_then_absent_and_zero() {
        assert_eq!(of(json!({"sub": "alice"})), TokenSummary::default());
    }

    #[test]
    fn summary_when_huge_amr_then_bounded_in_count_and_length() {
        let many: Vec<String> = (0..10_000).map(|i| format!("m{i}")).collect();
        let s = of(json!({"amr": many}));
        assert_eq!(s.amr.len(), MAX_AMR);
        assert_eq!(s.amr[0], "m0");

        let long = of(json!({"amr": ["x".repeat(5000), 7, {"a": 1}, "pwd"]}));
        assert_eq!(long.amr, ["x".repeat(MAX_AMR_CHARS) + "...", "pwd".into()]);
    }

    #[test]
    fn summary_when_hostile_types_then_read_as_absent_or_cut() {
        let s = of(json!({"iat": "1700000000", "exp": 1e300, "auth_time": -5.5,
            "acr": {"values": ["a"]}, "azp": ["shim"], "aud": 42, "amr": "pwd"}));
        assert_eq!(s.iat, None);
        assert_eq!(s.exp, Some(i64::MAX));
        assert_eq!(s.auth_time, Some(-6));
        assert_eq!(s.acr, None);
        assert_eq!(s.azp, None);
        assert_eq!(s.aud_count, 0);
        assert_eq!(s.amr, ["pwd"]);

        let s = of(json!({"acr": format!("a\u{1b}[31m{}", "é".repeat(500)), "acr2": 1}));
        let acr = s.acr.unwrap();
        assert!(acr.starts_with("a?[31m"), "{acr}");
        assert_eq!(acr.chars().count(), MAX_TEXT_CHARS + 3);
        assert!(acr.ends_with("..."));
    }
}
