//! The OP's endpoints. They behave like a strict OP unless the script says otherwise.

use std::collections::BTreeMap;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use http::{Request, Response};
use oidc_sso_core::{HttpError, HttpErrorKind};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{
    client_auth, graph, lock, random_token, Canned, RecordedRequest, TestOp, CLIENT_ID,
    DISCOVERY_PATH, JWKS_PATH, TOKEN_PATH, USERINFO_PATH,
};
use crate::token::{at_hash, TokenBuilder};

type Answer = Result<Response<Vec<u8>>, HttpError>;

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
    Ok(Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body)
        .expect("valid response"))
}

fn json_answer(status: u16, body: &Value) -> Answer {
    respond(status, "application/json", body.to_string().into_bytes())
}

fn oauth_error(status: u16, error: &str, description: &str) -> Answer {
    json_answer(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

/// Records the request, then answers it: canned answer first, then the OP's own. A
/// delay at least as long as the client's `timeout` is the client timing out, as a real
/// client would: it waits `timeout` and gets no answer.
pub(super) fn handle(op: &TestOp, request: Request<Vec<u8>>, timeout: Duration) -> Answer {
    let recorded = record(op, &request);
    let (canned, delay) = {
        let script = lock(&op.0.script);
        let delay = script.delays.get(&recorded.path).copied();
        (script.canned.get(&recorded.path).cloned(), delay)
    };
    if let Some(delay) = delay {
        if delay >= timeout {
            std::thread::sleep(timeout);
            return Err(HttpError::new(
                HttpErrorKind::Timeout,
                format!(
                    "test OP: no answer from {} within {} ms",
                    recorded.path,
                    timeout.as_millis()
                ),
            ));
        }
        std::thread::sleep(delay);
    }
    if let Some(canned) = canned {
        return answer_canned(canned);
    }
    match (recorded.method.as_str(), recorded.path.as_str()) {
        ("GET", DISCOVERY_PATH) => json_answer(200, &lock(&op.0.script).discovery),
        ("GET", JWKS_PATH) => jwks(op),
        ("POST", TOKEN_PATH) => token(op, &recorded),
        ("GET", USERINFO_PATH) => userinfo(op, &recorded),
        ("GET", _) if graph::is_graph(op, &recorded.url) => graph::handle(op, &recorded),
        _ => Err(HttpError::new(
            HttpErrorKind::Connect,
            format!("test OP: nothing at {} {}", recorded.method, recorded.url),
        )),
    }
}

fn record(op: &TestOp, request: &Request<Vec<u8>>) -> RecordedRequest {
    let url = request.uri().to_string();
    let base = op.0.issuer.trim_end_matches('/');
    let path = match url.strip_prefix(base) {
        Some(rest) if rest.starts_with('/') => rest.split('?').next().unwrap_or("").to_string(),
        _ => url.clone(),
    };
    let headers = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let recorded = RecordedRequest {
        method: request.method().to_string(),
        url,
        path,
        headers,
        body: request.body().clone(),
    };
    lock(&op.0.log).push(recorded.clone());
    recorded
}

pub(super) fn answer_canned(canned: Canned) -> Answer {
    match canned {
        Canned::Fail(kind) => Err(HttpError::new(kind, "test OP: scripted failure")),
        Canned::Respond {
            status,
            headers,
            body,
        } => {
            let mut builder = Response::builder().status(status);
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            Ok(builder.body(body).expect("valid canned response"))
        }
    }
}

fn jwks(op: &TestOp) -> Answer {
    let keys = lock(&op.0.script).jwks.clone();
    json_answer(200, &json!({ "keys": keys }))
}

fn token(op: &TestOp, request: &RecordedRequest) -> Answer {
    let form = request.form();
    if let Err(why) = client_auth::authenticate(op, request) {
        lock(&op.0.client_auth_failures).push(why.clone());
        return oauth_error(401, "invalid_client", &why);
    }
    if form.get("grant_type").map(String::as_str) == Some("client_credentials") {
        return graph::client_credentials(op, request);
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return oauth_error(400, "unsupported_grant_type", "only authorization_code");
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let Some(grant) = lock(&op.0.grants).remove(&code) else {
        return oauth_error(400, "invalid_grant", "unknown or used code");
    };
    if form.get("redirect_uri") != Some(&grant.redirect_uri) {
        return oauth_error(400, "invalid_grant", "redirect_uri differs");
    }
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != grant.code_challenge {
        return oauth_error(400, "invalid_grant", "PKCE verification failed");
    }
    let script = lock(&op.0.script).clone();
    let access_token = format!("at-{}", random_token());
    let mut builder = TokenBuilder::id_token(
        &script.signing_key,
        &op.0.issuer,
        CLIENT_ID,
        &script.subject,
        &grant.nonce,
        op.now(),
    )
    .claims(script.id_token_claims.clone());
    if script.at_hash {
        let hash = at_hash(script.signing_key.alg(), &access_token);
        builder = builder.claim("at_hash", json!(hash));
    }
    if let Some(max_age) = &grant.max_age {
        builder = builder.claim("auth_time", json!(op.now() - script.auth_age.min(*max_age)));
    }
    lock(&op.0.access_tokens).insert(access_token.clone());
    let mut body = json!({
        "access_token": access_token, "token_type": "Bearer", "expires_in": 300,
        "id_token": (script.id_token)(builder),
    });
    if let Some(change) = &script.token_response {
        change(&mut body);
    }
    json_answer(200, &body)
}

fn userinfo(op: &TestOp, request: &RecordedRequest) -> Answer {
    let token = request
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !lock(&op.0.access_tokens).contains(token) {
        return oauth_error(401, "invalid_token", "unknown access token");
    }
    let script = lock(&op.0.script).clone();
    match &script.userinfo_jwt {
        None => {
            let body = script.userinfo.to_string().into_bytes();
            respond(200, &script.userinfo_content_type, body)
        }
        Some(make) => {
            let builder = TokenBuilder::new(&script.signing_key)
                .claims(json!({"iss": op.0.issuer, "aud": CLIENT_ID}))
                .claims(script.userinfo.clone());
            respond(
                200,
                &script.userinfo_content_type,
                make(builder).into_bytes(),
            )
        }
    }
}

/// Checks an authorization request like a strict OP and returns its parameters.
pub(super) fn authorization_params(
    op: &TestOp,
    authorization_url: &str,
) -> Result<BTreeMap<String, String>, String> {
    let url = url::Url::parse(authorization_url).map_err(|e| e.to_string())?;
    let endpoint = lock(&op.0.script).discovery["authorization_endpoint"].clone();
    let without_query = format!("{}{}", url.origin().ascii_serialization(), url.path());
    if Some(without_query.as_str()) != endpoint.as_str() {
        return Err(format!(
            "not this OP's authorization endpoint: {without_query}"
        ));
    }
    let params: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
    let expect = |name: &str, value: &str| match params.get(name) {
        Some(v) if v == value => Ok(()),
        other => Err(format!("{name} is {other:?}, expected {value}")),
    };
    expect("response_type", "code")?;
    expect("client_id", CLIENT_ID)?;
    expect("code_challenge_method", "S256")?;
    for required in ["redirect_uri", "state", "nonce", "code_challenge", "scope"] {
        if !params.contains_key(required) {
            return Err(format!("{required} is missing"));
        }
    }
    Ok(params)
}
