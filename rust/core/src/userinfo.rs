//! The UserInfo request (OIDC Core §5.3): Bearer access token, JSON answer whose `sub`
//! must be the ID token's (§5.3.2; a mismatch rejects the login, it is not dropped).

use http::{header, Request};
use serde_json::{Map, Value};

use crate::codes::{IDP_UNAVAILABLE, INVALID_USERINFO_RESPONSE, USERINFO_SUB_MISMATCH};
use crate::text::quote;
use crate::{fetch, Error, HttpClient};

fn invalid(hint: String) -> Error {
    Error::auth(INVALID_USERINFO_RESPONSE, hint)
}

/// Fetches the claims at `endpoint` for the user the ID token named `subject`.
pub(crate) fn fetch_userinfo(
    client: &dyn HttpClient,
    max_bytes: usize,
    endpoint: &str,
    access_token: &str,
    subject: &str,
) -> Result<Map<String, Value>, Error> {
    let request = Request::get(endpoint)
        .header(header::ACCEPT, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {access_token}"))
        .body(Vec::new())
        .map_err(|e| Error::Internal(format!("cannot build the userinfo request: {e}")))?;
    let response = fetch::send(client, max_bytes, "userinfo endpoint", request)?;
    let status = response.status();
    if fetch::is_server_error(status) {
        return Err(Error::unavailable(
            IDP_UNAVAILABLE,
            format!("userinfo endpoint `{endpoint}` answered {status}; the IdP is in trouble"),
        ));
    }
    if !status.is_success() {
        return Err(invalid(format!(
            "userinfo endpoint `{endpoint}` answered {status}; check that the access token \
             grants the requested scopes, or set fetchUserinfo to false"
        )));
    }
    check_content_type(endpoint, response.headers())?;
    let claims = fetch::json_object(response.body())
        .map_err(|why| invalid(format!("userinfo endpoint `{endpoint}` answered {why}")))?;
    check_subject(&claims, subject)?;
    Ok(claims)
}

/// JSON only: a signed (`application/jwt`) answer is not configured.
fn check_content_type(endpoint: &str, headers: &http::HeaderMap) -> Result<(), Error> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).to_ascii_lowercase())
        .unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    if media_type == "application/json" {
        return Ok(());
    }
    let advice = if media_type == "application/jwt" {
        "signed userinfo responses are not supported; configure the IdP to answer JSON"
    } else {
        "expected application/json"
    };
    Err(invalid(format!(
        "userinfo endpoint `{endpoint}` answered content type {}; {advice}",
        quote(&content_type)
    )))
}

/// §5.3.2: the userinfo `sub` must exactly equal the ID token's.
fn check_subject(claims: &Map<String, Value>, subject: &str) -> Result<(), Error> {
    match claims.get("sub").and_then(Value::as_str) {
        Some(sub) if sub == subject => Ok(()),
        found => Err(Error::auth(
            USERINFO_SUB_MISMATCH,
            format!(
                "the userinfo `sub` is {} but the ID token's is {}; the answer is for \
                 another user (token substitution?) and the login is refused",
                found.map(quote).unwrap_or_else(|| "missing".into()),
                quote(subject)
            ),
        )),
    }
}
