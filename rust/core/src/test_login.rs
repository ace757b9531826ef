//! The administrator's test login ("SSO doctor"): what the decision reports instead of a
//! sign-in. Redaction and the IdP clock readings live here; the engine decides when.

use serde_json::{Map, Value};

use crate::api::{ClockReading, TestLoginReport};

/// Claims that are tokens, codes or replay secrets, dropped at any depth: the report is
/// shown in a browser and kept in the cluster store for a while.
const REDACTED: [&str; 9] = [
    "nonce",
    "at_hash",
    "c_hash",
    "s_hash",
    "access_token",
    "refresh_token",
    "id_token",
    "code",
    "client_secret",
];

/// The report of a test login that passed every check. `now` is read after the token
/// call returned, so both readings compare with a moment after the IdP answered.
pub(crate) fn report(
    id_token_claims: &Map<String, Value>,
    userinfo_claims: Option<&Map<String, Value>>,
    server_date: Option<i64>,
    now: i64,
) -> TestLoginReport {
    let iat = id_token_claims.get("iat").and_then(Value::as_f64);
    let mut redacted = Vec::new();
    let id_token_claims = redact(id_token_claims, &mut redacted);
    let userinfo_claims = userinfo_claims.map(|claims| redact(claims, &mut redacted));
    redacted.sort();
    redacted.dedup();
    TestLoginReport {
        id_token_claims,
        userinfo_claims,
        redacted,
        clock: clock_readings(iat, server_date, now),
    }
}

fn redact(claims: &Map<String, Value>, dropped: &mut Vec<String>) -> Map<String, Value> {
    claims
        .iter()
        .filter_map(|(name, value)| {
            if REDACTED.contains(&name.as_str()) {
                dropped.push(name.clone());
                return None;
            }
            Some((name.clone(), redact_value(value, dropped)))
        })
        .collect()
}

fn redact_value(value: &Value, dropped: &mut Vec<String>) -> Value {
    match value {
        Value::Object(map) => Value::Object(redact(map, dropped)),
        Value::Array(items) => items.iter().map(|v| redact_value(v, dropped)).collect(),
        other => other.clone(),
    }
}

fn clock_readings(iat: Option<f64>, server_date: Option<i64>, now: i64) -> Vec<ClockReading> {
    let mut readings = Vec::new();
    if let Some(date) = server_date {
        readings.push(ClockReading {
            source: "tokenEndpointDate".into(),
            idp_minus_node_seconds: date - now,
            precision: "1 s (the Date header's resolution), plus the token call's duration \
                        (the header is stamped when the IdP answers)"
                .into(),
        });
    }
    if let Some(iat) = iat.filter(|t| t.is_finite()) {
        readings.push(ClockReading {
            source: "idTokenIat".into(),
            // Saturating float-to-int cast: an absurd `iat` reads as an absurd offset.
            idp_minus_node_seconds: (iat - now as f64).round() as i64,
            precision: "1 s, plus the time between issuing the ID token and this check \
                        (the token call's answer); an IdP that reuses a token issued earlier \
                        reads as behind"
                .into(),
        });
    }
    readings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn report_when_tokens_and_nonce_in_claims_then_dropped_at_any_depth() {
        let id = json!({"sub": "alice", "email": "a@example.com", "nonce": "n", "at_hash": "h",
            "iat": 1000.0,
            "_claim_sources": {"src1": {"endpoint": "https://x", "access_token": "secret"}}});
        let userinfo = json!({"sub": "alice", "groups": ["g"], "code": "c"});
        let report = report(
            id.as_object().unwrap(),
            userinfo.as_object(),
            Some(1003),
            1001,
        );
        let shown = serde_json::to_string(&report).unwrap();
        for secret in ["\"n\"", "\"h\"", "secret", "\"c\""] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert_eq!(report.id_token_claims["email"], "a@example.com");
        assert_eq!(report.userinfo_claims.unwrap()["groups"], json!(["g"]));
        assert_eq!(
            report.redacted,
            ["access_token", "at_hash", "code", "nonce"]
        );
        let offsets: Vec<_> = report
            .clock
            .iter()
            .map(|r| (r.source.as_str(), r.idp_minus_node_seconds))
            .collect();
        assert_eq!(offsets, [("tokenEndpointDate", 2), ("idTokenIat", -1)]);
    }
}
