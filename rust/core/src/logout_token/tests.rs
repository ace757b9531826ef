use std::sync::LazyLock;

use crate::types::{ClientId, Issuer};
use crate::Code;
use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::json;

use super::*;

const NOW: i64 = 1_700_000_000;
const ISSUER: &str = "https://idp.example.com";
const CLIENT: &str = "client-1";
static ISSUER_ID: LazyLock<Issuer> = LazyLock::new(|| Issuer::new(ISSUER));
static CLIENT_ID: LazyLock<ClientId> = LazyLock::new(|| ClientId::new(CLIENT));

fn expectations() -> LogoutExpectations<'static> {
    LogoutExpectations {
        audience: Audience {
            issuer: &ISSUER_ID,
            client_id: &CLIENT_ID,
            trusted: &[],
        },
        allowed_algorithms: &[SigningAlg::Es256],
        leeway: 60,
        now: NOW,
        max_token_age: 600,
    }
}

fn check(key: &TestKey, token: &str) -> Result<LogoutToken, &'static str> {
    let doc = json!({ "keys": [key.public_jwk()] });
    let set = crate::jwks::parse_jwks(doc.as_object().unwrap()).unwrap();
    let lookup = |kid: Option<&str>, alg: SigningAlg| match set.select(kid, alg) {
        crate::jwks::Selection::Found(k) => Ok(k.clone()),
        _ => Err(Error::auth(Code::UnknownSigningKey, "no key")),
    };
    validate(token, &expectations(), &lookup).map_err(|e| e.code().as_str())
}

fn base(key: &TestKey) -> TokenBuilder {
    TokenBuilder::logout_token(key, ISSUER, CLIENT, "alice", "sid-1", NOW)
}

#[test]
fn validate_when_valid_then_sub_sid_and_jti_returned() {
    let key = TestKey::ec("e1");
    let token = check(&key, &base(&key).claim("jti", json!("j-1")).build()).unwrap();
    assert_eq!(token.sub.as_deref(), Some("alice"));
    assert_eq!(token.sid.as_deref(), Some("sid-1"));
    assert_eq!(token.jti, "j-1");
}

#[test]
fn validate_when_exp_and_iat_then_jti_remembered_until_the_token_would_be_refused() {
    let key = TestKey::ec("e1");
    let cases = [
        ("exp sooner than iat + max age", base(&key), NOW + 120 + 60),
        (
            "exp later than iat + max age",
            base(&key).claim("exp", json!(NOW + 86_400)),
            NOW + 600 + 60,
        ),
        ("no exp", base(&key).without_claim("exp"), NOW + 600 + 60),
    ];
    for (name, builder, expected) in cases {
        let token = check(&key, &builder.build()).expect(name);
        assert_eq!(token.remember_until, expected, "{name}");
    }
}

#[test]
fn validate_when_typ_variants_then_only_logout_jwt_or_absent() {
    let key = TestKey::ec("e1");
    let cases = [
        (Some("logout+jwt"), "accepted"),
        (Some("application/logout+jwt"), "accepted"),
        (Some("Logout+JWT"), "accepted"),
        (None, "accepted"),
        (Some("JWT"), Code::UnexpectedTokenType.as_str()),
        (Some("at+jwt"), Code::UnexpectedTokenType.as_str()),
        (Some("application/"), Code::UnexpectedTokenType.as_str()),
        (Some("logout+jwt "), Code::UnexpectedTokenType.as_str()),
    ];
    for (typ, expected) in cases {
        let builder = match typ {
            Some(typ) => base(&key).header("typ", json!(typ)),
            None => base(&key).without_header("typ"),
        };
        let verdict = check(&key, &builder.build()).map(|_| "accepted");
        assert_eq!(verdict.unwrap_or_else(|c| c), expected, "{typ:?}");
    }
}

#[test]
fn unverified_issuer_when_token_then_iss_and_audiences_without_verifying() {
    let key = TestKey::ec("e1");
    let token = base(&key)
        .claim("aud", json!(["a", "b", 3]))
        .build_with_bad_signature();
    let (iss, audiences) = unverified_issuer(&token).unwrap();
    assert_eq!(iss, ISSUER);
    assert_eq!(audiences, vec!["a".to_string(), "b".to_string()]);
}

#[test]
fn unverified_issuer_when_not_a_jws_or_no_iss_then_malformed_logout_token() {
    let key = TestKey::ec("e1");
    let no_iss = base(&key).without_claim("iss").build();
    for token in ["", "a.b", "a.b.c", no_iss.as_str()] {
        let code = unverified_issuer(token)
            .map(|_| "accepted")
            .unwrap_or_else(|e| e.code().as_str());
        assert_eq!(code, Code::MalformedLogoutToken.as_str(), "{token}");
    }
}

#[test]
fn check_request_when_blank_then_invalid_request() {
    for token in ["", "   "] {
        let req = LogoutTokenRequest {
            logout_token: token.into(),
        };
        assert_eq!(
            check_request(&req).unwrap_err().code(),
            Code::InvalidRequest.as_str()
        );
    }
}
