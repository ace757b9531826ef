use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::json;

use super::*;
use crate::config::Config;

fn idp(method: &str) -> IdpConfig {
    let doc = json!({"schemaVersion": 1, "idps": [{
        "id": "x", "issuer": "https://idp.example.com", "clientId": "my client:1",
        "clientSecret": "p@ss:w%rd+ &", "tokenEndpointAuthMethod": method,
    }]});
    Config::parse(doc.to_string().as_bytes())
        .unwrap()
        .idps
        .remove(0)
}

const EXCHANGE: CodeExchange<'static> = CodeExchange {
    token_endpoint: "https://idp.example.com/token",
    code: "the-code",
    redirect_uri: "https://app.example.com/cb",
    pkce_verifier: "the-verifier",
    now: 1_700_000_000,
};

fn form(request: &Request<Vec<u8>>) -> Vec<(String, String)> {
    form_urlencoded::parse(request.body())
        .into_owned()
        .collect()
}

#[test]
fn build_request_when_basic_then_credentials_form_encoded_before_base64() {
    let request = build_request(&idp("client_secret_basic"), &EXCHANGE).unwrap();
    let header = request.headers()[header::AUTHORIZATION].to_str().unwrap();
    let decoded = STANDARD
        .decode(header.strip_prefix("Basic ").unwrap())
        .unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        "my+client%3A1:p%40ss%3Aw%25rd%2B+%26"
    );
    let fields = form(&request);
    assert!(!fields
        .iter()
        .any(|(k, _)| k == "client_secret" || k == "client_id"));
}

#[test]
fn build_request_when_post_then_credentials_in_body_only() {
    let request = build_request(&idp("client_secret_post"), &EXCHANGE).unwrap();
    assert!(request.headers().get(header::AUTHORIZATION).is_none());
    let fields = form(&request);
    assert!(fields.contains(&("client_id".into(), "my client:1".into())));
    assert!(fields.contains(&("client_secret".into(), "p@ss:w%rd+ &".into())));
}

#[test]
fn build_request_when_any_method_then_code_grant_with_pkce_verifier() {
    let request = build_request(&idp("client_secret_basic"), &EXCHANGE).unwrap();
    assert_eq!(request.method(), http::Method::POST);
    let fields = form(&request);
    for expected in [
        ("grant_type", "authorization_code"),
        ("code", "the-code"),
        ("redirect_uri", "https://app.example.com/cb"),
        ("code_verifier", "the-verifier"),
    ] {
        assert!(
            fields.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?}"
        );
    }
}

#[test]
fn parse_success_when_token_type_variants_then_verdicts() {
    let body = |token_type: serde_json::Value| {
        json!({"id_token": "a.b.c", "access_token": "at", "token_type": token_type})
            .as_object()
            .unwrap()
            .clone()
    };
    assert!(parse_success(&body(json!("bearer"))).is_ok());
    assert!(parse_success(&body(json!("BEARER"))).is_ok());
    assert_eq!(
        parse_success(&body(json!("mac"))).unwrap_err().code(),
        Code::TokenError
    );
    assert_eq!(
        parse_success(&body(json!(null))).unwrap_err().code(),
        Code::TokenError
    );
}

#[test]
fn parse_success_when_id_token_missing_then_hint_names_openid_scope() {
    let body = json!({"access_token": "at", "token_type": "Bearer"});
    let err = parse_success(body.as_object().unwrap()).unwrap_err();
    assert_eq!(err.code(), Code::TokenError);
    assert!(err.hint().contains("openid"));
}

#[test]
fn debug_when_token_response_then_redacted() {
    let response = TokenResponse {
        id_token: "secret-id-token".into(),
        access_token: "secret-access".into(),
        server_date: None,
    };
    assert!(!format!("{response:?}").contains("secret"));
}

/// Answers every request with one fixed response.
struct Fixed(Vec<(&'static str, &'static str)>);

impl HttpClient for Fixed {
    fn execute(
        &self,
        _request: Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, crate::HttpError> {
        let mut response = http::Response::builder().status(200);
        for (name, value) in &self.0 {
            response = response.header(*name, *value);
        }
        let body = json!({"id_token": "a.b.c", "access_token": "at", "token_type": "Bearer"});
        Ok(response.body(body.to_string().into_bytes()).unwrap())
    }
}

#[test]
fn exchange_when_date_header_then_server_date_read_else_none() {
    let idp = idp("client_secret_post");
    let json = ("content-type", "application/json");
    let dated = Fixed(vec![json, ("date", "Tue, 14 Nov 2023 22:13:25 GMT")]);
    let tokens = exchange_code(&idp, &dated, &EXCHANGE).unwrap();
    assert_eq!(tokens.server_date, Some(1_700_000_005));
    for undated in [vec![json], vec![json, ("date", "yesterday")]] {
        let tokens = exchange_code(&idp, &Fixed(undated), &EXCHANGE).unwrap();
        assert_eq!(tokens.server_date, None);
    }
}
