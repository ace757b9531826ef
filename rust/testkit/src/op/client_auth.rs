//! The OP's client authentication, like a strict OP: exactly one method per request;
//! secrets form-decoded from Basic; client assertions (RFC 7523) verified with the
//! registered key, `aud` the issuer as a single string (rfc7523bis), short-lived,
//! `jti` single-use.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{Map, Value};

use super::{lock, RecordedRequest, TestOp, CLIENT_ID, CLIENT_SECRET};
use crate::keys::TestKey;

/// RFC 7523 §2.2.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Longest assertion lifetime (`exp` - `iat`) the OP accepts.
pub const MAX_ASSERTION_LIFETIME: i64 = 300;

/// Which credentials a token request carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    Basic(String, String),
    Post(String, String),
    Assertion(String),
}

/// Every credential in the request (more than one is an error for the OP).
pub fn presented(request: &RecordedRequest) -> Vec<Presented> {
    let form = request.form();
    let mut found = Vec::new();
    if let Some(basic) = request.header("authorization").and_then(decode_basic) {
        found.push(Presented::Basic(basic.0, basic.1));
    }
    if let Some(secret) = form.get("client_secret") {
        let id = form.get("client_id").cloned().unwrap_or_default();
        found.push(Presented::Post(id, secret.clone()));
    }
    if let Some(assertion) = form.get("client_assertion") {
        found.push(Presented::Assertion(assertion.clone()));
    }
    found
}

fn decode_basic(header: &str) -> Option<(String, String)> {
    let decoded = STANDARD.decode(header.strip_prefix("Basic ")?).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let decode = |s: &str| -> String {
        url::form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((decode(id), decode(secret)))
}

/// `Ok` when the request authenticates the client; `Err` says why not.
pub(super) fn authenticate(op: &TestOp, request: &RecordedRequest) -> Result<(), String> {
    match presented(request).as_slice() {
        [Presented::Basic(id, secret)] | [Presented::Post(id, secret)] => (id == CLIENT_ID
            && secret == CLIENT_SECRET)
            .then_some(())
            .ok_or_else(|| "wrong client id or secret".to_string()),
        [Presented::Assertion(assertion)] => {
            let form = request.form();
            if form.get("client_assertion_type").map(String::as_str) != Some(JWT_BEARER) {
                return Err("wrong client_assertion_type".into());
            }
            check_assertion(op, assertion)
        }
        [] => Err("no client authentication".into()),
        _ => Err("more than one client authentication method".into()),
    }
}

fn check_assertion(op: &TestOp, assertion: &str) -> Result<(), String> {
    let parts: Vec<&str> = assertion.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return Err("the assertion is not a compact JWS".into());
    };
    let decode = |part: &str| -> Result<Map<String, Value>, String> {
        let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    };
    let (header_json, claims_json) = (decode(header)?, decode(claims)?);
    let alg = header_json.get("alg").and_then(Value::as_str).unwrap_or("");
    let key = match alg {
        "HS256" => TestKey::hmac("secret", "HS256", CLIENT_SECRET.as_bytes()),
        _ => lock(&op.0.script)
            .client_key
            .clone()
            .ok_or("no client key registered")?,
    };
    if key.alg() != alg {
        return Err(format!(
            "assertion alg {alg} is not the registered {}",
            key.alg()
        ));
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|e| e.to_string())?;
    if !key.verify(format!("{header}.{claims}").as_bytes(), &signature) {
        return Err("the assertion signature does not verify".into());
    }
    check_assertion_claims(op, &claims_json)
}

fn check_assertion_claims(op: &TestOp, claims: &Map<String, Value>) -> Result<(), String> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str).unwrap_or("");
    if text("iss") != CLIENT_ID || text("sub") != CLIENT_ID {
        return Err("iss and sub must be the client id".into());
    }
    let expected_aud = lock(&op.0.script)
        .assertion_audience
        .clone()
        .unwrap_or_else(|| op.issuer().to_string());
    if claims.get("aud") != Some(&Value::String(expected_aud)) {
        return Err("aud must be exactly the expected audience, as a single string".into());
    }
    let number = |name: &str| claims.get(name).and_then(Value::as_i64);
    let (Some(iat), Some(exp)) = (number("iat"), number("exp")) else {
        return Err("iat and exp are required numbers".into());
    };
    if exp <= op.now() || exp - iat > MAX_ASSERTION_LIFETIME {
        return Err("the assertion is expired or lives too long".into());
    }
    let jti = text("jti");
    if jti.is_empty() || !lock(&op.0.assertion_ids).insert(jti.to_string()) {
        return Err("jti missing or replayed".into());
    }
    Ok(())
}
