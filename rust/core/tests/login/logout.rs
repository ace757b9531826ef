//! Back-Channel Logout 1.0 §2.6 against the test OP: every rule of RP-CHECKLIST
//! "Logout", each variant named, through the engine (the IdP picked by `iss`, its keys
//! fetched from its own `jwks_uri`).

use oidc_sso_core::{Clock, Error, ErrorKind};
use oidc_sso_core::{LogoutTokenDecision, LogoutTokenRequest};
use oidc_sso_testkit::op::{CLIENT_ID, JWKS_PATH};
use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::{json, Value};

use crate::support::*;

const EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

fn logout(h: &Harness, token: &str) -> Result<LogoutTokenDecision, Error> {
    h.engine.validate_logout_token(&LogoutTokenRequest {
        logout_token: token.into(),
    })
}

fn valid(h: &Harness) -> TokenBuilder {
    let now = h.clock.now_unix();
    TokenBuilder::logout_token(
        &h.op.signing_key(),
        ISSUER,
        CLIENT_ID,
        "alice-sub",
        "sid-1",
        now,
    )
}

#[test]
fn logout_when_token_valid_then_idp_subject_session_and_jti() {
    let h = Harness::new();
    let now = h.clock.now_unix();
    let token = valid(&h).claim("jti", json!("jti-1")).build();

    let decision = logout(&h, &token).expect("accepted");

    assert_eq!(
        decision,
        LogoutTokenDecision {
            idp_id: "test".into(),
            issuer: ISSUER.into(),
            sub: Some("alice-sub".into()),
            sid: Some("sid-1".into()),
            jti: "jti-1".into(),
            exp: now + 120 + 60,
        }
    );
    assert_eq!(h.op.count(JWKS_PATH), 1, "keys from the IdP's own jwks_uri");
}

/// One row per rule and variant: (name, the token, the expected code).
fn cases(h: &Harness) -> Vec<(&'static str, String, &'static str)> {
    let now = h.clock.now_unix();
    let ok = "accepted";
    let base = valid(h);
    let with = |name: &str, value: Value| base.clone().claim(name, value).build();
    let without = |name: &str| base.clone().without_claim(name).build();
    let header = |name: &str, value: Value| base.clone().header(name, value).build();
    let other_key = TestKey::rsa_from_pool("rsa-1", 1);
    vec![
        ("valid", base.build(), ok),
        // Signature and algorithms.
        (
            "bad signature",
            base.build_with_bad_signature(),
            "invalid_signature",
        ),
        (
            "signed by another key under the same kid",
            base.clone().signed_by(&other_key).build(),
            "invalid_signature",
        ),
        (
            "claims swapped after signing",
            base.build_with_swapped_claims(json!({"sub": "bob-sub"})),
            "invalid_signature",
        ),
        (
            "alg none",
            base.build_unsigned("none"),
            "unsupported_algorithm",
        ),
        (
            "alg not allowed",
            base.clone()
                .signed_by(&TestKey::ed25519("rsa-1"))
                .header("alg", json!("EdDSA"))
                .build(),
            "unsupported_algorithm",
        ),
        (
            "hs256 not configured",
            header("alg", json!("HS256")),
            "unsupported_algorithm",
        ),
        (
            "unknown kid",
            header("kid", json!("nobody")),
            "unknown_signing_key",
        ),
        (
            "crit",
            header("crit", json!(["exp"])),
            "unsupported_critical_header",
        ),
        // Key references are ignored: the key still comes from the IdP's jwks_uri.
        ("jku", header("jku", json!("https://evil.example/jwks")), ok),
        (
            "x5u",
            header("x5u", json!("https://evil.example/c.pem")),
            ok,
        ),
        (
            "jwe five parts",
            format!("{}.x.y", base.build()),
            "malformed_logout_token",
        ),
        (
            "padded base64",
            base.build_padded(),
            "malformed_logout_token",
        ),
        (
            "json serialisation",
            base.build_json_serialization(),
            "malformed_logout_token",
        ),
        // Explicit typing.
        ("typ absent", base.clone().without_header("typ").build(), ok),
        (
            "typ application/logout+jwt",
            header("typ", json!("application/logout+jwt")),
            ok,
        ),
        (
            "typ JWT (an ID token?)",
            header("typ", json!("JWT")),
            "unexpected_token_type",
        ),
        (
            "typ number",
            header("typ", json!(1)),
            "unexpected_token_type",
        ),
        // iss: picks the IdP, exactly.
        (
            "iss other",
            with("iss", json!("https://evil.example.com")),
            "unknown_logout_issuer",
        ),
        (
            "iss trailing slash",
            with("iss", json!(format!("{ISSUER}/"))),
            "unknown_logout_issuer",
        ),
        (
            "iss other case",
            with("iss", json!(ISSUER.to_uppercase())),
            "unknown_logout_issuer",
        ),
        ("iss missing", without("iss"), "malformed_logout_token"),
        // aud.
        (
            "aud other",
            with("aud", json!("someone-else")),
            "invalid_audience",
        ),
        ("aud missing", without("aud"), "invalid_audience"),
        (
            "aud array with client id",
            with("aud", json!([CLIENT_ID])),
            ok,
        ),
        (
            "aud array with untrusted audience",
            with("aud", json!([CLIENT_ID, "other"])),
            "invalid_audience",
        ),
        ("aud number", with("aud", json!(7)), "invalid_audience"),
        // iat.
        ("iat missing", without("iat"), "invalid_issued_at"),
        (
            "iat string",
            with("iat", json!(now.to_string())),
            "invalid_issued_at",
        ),
        (
            "iat in the future",
            with("iat", json!(now + 61)),
            "invalid_issued_at",
        ),
        (
            "iat in the future within leeway",
            with("iat", json!(now + 60)),
            ok,
        ),
        (
            "iat too old",
            with("iat", json!(now - 600 - 61)),
            "invalid_issued_at",
        ),
        // exp, when present.
        ("exp absent", without("exp"), ok),
        (
            "exp past",
            with("exp", json!(now - 61)),
            "logout_token_expired",
        ),
        (
            "exp string",
            with("exp", json!("soon")),
            "malformed_logout_token",
        ),
        // events.
        ("events missing", without("events"), "invalid_logout_event"),
        (
            "events array",
            with("events", json!([EVENT])),
            "invalid_logout_event",
        ),
        (
            "event value true",
            with("events", json!({EVENT: true})),
            "invalid_logout_event",
        ),
        (
            "event value string",
            with("events", json!({EVENT: "{}"})),
            "invalid_logout_event",
        ),
        (
            "event value array",
            with("events", json!({EVENT: []})),
            "invalid_logout_event",
        ),
        (
            "only another event",
            with("events", json!({"urn:other": {}})),
            "invalid_logout_event",
        ),
        (
            "event object with members",
            with("events", json!({EVENT: {"x": 1}, "urn:other": {}})),
            ok,
        ),
        // sub or sid.
        ("sid only", without("sub"), ok),
        ("sub only", without("sid"), ok),
        (
            "neither sub nor sid",
            base.clone()
                .without_claim("sub")
                .without_claim("sid")
                .build(),
            "missing_logout_subject",
        ),
        (
            "sub number",
            with("sub", json!(5)),
            "missing_logout_subject",
        ),
        (
            "sid empty",
            with("sid", json!("")),
            "missing_logout_subject",
        ),
        (
            "sid with control character",
            with("sid", json!("a\nb")),
            "missing_logout_subject",
        ),
        // nonce.
        (
            "nonce present",
            with("nonce", json!("n-1")),
            "logout_token_has_nonce",
        ),
        (
            "nonce null",
            with("nonce", Value::Null),
            "logout_token_has_nonce",
        ),
        // jti.
        ("jti missing", without("jti"), "missing_jti"),
        ("jti empty", with("jti", json!("")), "missing_jti"),
        ("jti number", with("jti", json!(42)), "missing_jti"),
        (
            "jti huge",
            with("jti", json!("j".repeat(256))),
            "missing_jti",
        ),
    ]
}

#[test]
fn logout_when_token_broken_then_rule_code() {
    let h = Harness::new();
    for (name, token, expected) in cases(&h) {
        let result = logout(&h, &token);
        assert_eq!(verdict(&result), expected, "{name}");
        if let Err(e) = result {
            assert_eq!(e.kind(), ErrorKind::Authentication, "{name}");
            assert!(
                !e.hint().contains(&token),
                "{name}: the hint never echoes the token"
            );
        }
    }
    let elsewhere =
        h.op.requests()
            .into_iter()
            .filter(|r| r.url.contains("evil.example"));
    assert_eq!(elsewhere.count(), 0, "no URL named in a token is fetched");
}

#[test]
fn logout_when_id_token_presented_then_rejected() {
    let h = Harness::new();
    let now = h.clock.now_unix();
    let id_token = TokenBuilder::id_token(
        &h.op.signing_key(),
        ISSUER,
        CLIENT_ID,
        "alice-sub",
        "n",
        now,
    );
    let without_typ = id_token.clone().without_header("typ");

    assert_eq!(
        verdict(&logout(&h, &id_token.build())),
        "unexpected_token_type"
    );
    assert_eq!(
        verdict(&logout(&h, &without_typ.build())),
        "invalid_logout_event"
    );
    let with_event = without_typ
        .claim("events", json!({EVENT: {}}))
        .claim("jti", json!("j"));
    assert_eq!(
        verdict(&logout(&h, &with_event.build())),
        "logout_token_has_nonce"
    );
}

#[test]
fn logout_when_request_blank_or_garbage_then_codes_without_any_request() {
    let h = Harness::new();
    let cases = [
        ("empty", "", "invalid_request"),
        ("spaces", "   ", "invalid_request"),
        ("not a jws", "hello", "malformed_logout_token"),
        (
            "payload not json",
            "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
            "malformed_logout_token",
        ),
    ];
    for (name, token, expected) in cases {
        assert_eq!(verdict(&logout(&h, token)), expected, "{name}");
    }
    assert!(h.op.requests().is_empty(), "nothing fetched for garbage");
}

#[test]
fn logout_when_hs256_configured_then_keyed_only_by_the_client_secret() {
    let h = Harness::with_config(json!({"allowedAlgorithms": ["HS256"]}));
    let now = h.clock.now_unix();
    let secret = oidc_sso_testkit::op::CLIENT_SECRET.as_bytes();
    let hmac = TestKey::hmac("h", "HS256", secret);
    let good = TokenBuilder::logout_token(&hmac, ISSUER, CLIENT_ID, "alice-sub", "s", now);
    let wrong = TestKey::hmac(
        "h",
        "HS256",
        b"another-secret-another-secret-another-secret!",
    );

    assert_eq!(verdict(&logout(&h, &good.build())), "accepted");
    assert_eq!(
        verdict(&logout(&h, &good.signed_by(&wrong).build())),
        "invalid_signature"
    );
}

#[test]
fn logout_when_key_rotated_then_unknown_kid_refetches_once() {
    let h = Harness::new();
    assert_eq!(verdict(&logout(&h, &valid(&h).build())), "accepted");
    let rotated = TestKey::rsa_from_pool("rsa-2", 1);
    h.op.script(|s| {
        s.serve_keys(&[&rotated]);
        s.signing_key = rotated.clone();
    });
    h.clock.advance(11); // past the refetch rate limit

    assert_eq!(
        verdict(&logout(&h, &valid(&h).claim("jti", json!("j2")).build())),
        "accepted"
    );
    assert_eq!(
        h.op.count(JWKS_PATH),
        2,
        "one fetch, one refetch for the new kid"
    );
}
