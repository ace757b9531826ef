//! Signed userinfo (`application/jwt`) validated like an ID token, content-type rules,
//! and URLs named inside tokens (`jku`, `x5u`, `jwk`, `_claim_sources`) never fetched.

use std::sync::Arc;

use oidc_sso_testkit::op::{Canned, CLIENT_ID, USERINFO_PATH};
use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::json;

use crate::support::*;

const EVIL: &str = "https://evil.example";

type Make = Arc<dyn Fn(TokenBuilder) -> String + Send + Sync>;

fn signed_userinfo(h: &Harness, make: Make) {
    h.op.script(|s| {
        s.userinfo_content_type = "application/jwt".into();
        s.userinfo_jwt = Some(make);
    });
}

/// Requests that went anywhere but the OP's own URLs.
fn requests_to_evil(h: &Harness) -> usize {
    h.op.requests()
        .iter()
        .filter(|r| r.url.starts_with(EVIL))
        .count()
}

#[test]
fn userinfo_when_signed_and_valid_then_claims_used() {
    let h = Harness::new();
    h.op.script(|s| {
        s.id_token_claims = json!({"preferred_username": "alice"});
        s.userinfo["groups"] = json!(["from-signed-userinfo"]);
    });
    signed_userinfo(&h, Arc::new(|b| b.build()));
    let decision = h.login().unwrap();
    assert_eq!(decision.groups, ["from-signed-userinfo"]);
    assert!(decision.groups_claim_present);
    let accept = h.op.requests_to(USERINFO_PATH)[0]
        .header("accept")
        .unwrap()
        .to_string();
    assert!(accept.contains("application/jwt"), "{accept}");
}

#[test]
fn userinfo_when_signed_badly_then_rule_code() {
    let stranger = TestKey::rsa_from_pool("rsa-1", 1);
    let cases: Vec<(&str, Make, &str)> = vec![
        (
            "bad signature",
            Arc::new(|b| b.build_with_bad_signature()),
            "invalid_signature",
        ),
        (
            "other key same kid",
            Arc::new(move |b| b.signed_by(&stranger).build()),
            "invalid_signature",
        ),
        (
            "alg none",
            Arc::new(|b| b.build_unsigned("none")),
            "unsupported_algorithm",
        ),
        (
            "alg HS256 not allowed",
            Arc::new(|b| b.header("alg", json!("HS256")).build()),
            "unsupported_algorithm",
        ),
        (
            "iss missing",
            Arc::new(|b| b.without_claim("iss").build()),
            "invalid_issuer",
        ),
        (
            "iss other",
            Arc::new(|b| b.claim("iss", json!(EVIL)).build()),
            "invalid_issuer",
        ),
        (
            "aud missing",
            Arc::new(|b| b.without_claim("aud").build()),
            "invalid_audience",
        ),
        (
            "aud other",
            Arc::new(|b| b.claim("aud", json!("someone-else")).build()),
            "invalid_audience",
        ),
        (
            "aud untrusted extra",
            Arc::new(|b| {
                b.claim("aud", json!([CLIENT_ID, "x"]))
                    .claim("azp", json!(CLIENT_ID))
                    .build()
            }),
            "invalid_audience",
        ),
        (
            "sub other",
            Arc::new(|b| b.claim("sub", json!("mallory-sub")).build()),
            "userinfo_sub_mismatch",
        ),
        (
            "expired",
            Arc::new(|b| {
                b.claim("exp", json!(oidc_sso_testkit::FakeClock::START - 61))
                    .build()
            }),
            "id_token_expired",
        ),
        (
            "crit",
            Arc::new(|b| b.header("crit", json!(["exp"])).build()),
            "unsupported_critical_header",
        ),
        (
            "jwe",
            Arc::new(|_| "a.b.c.d.e".into()),
            "invalid_userinfo_response",
        ),
        (
            "padded",
            Arc::new(|b| b.build_padded()),
            "invalid_userinfo_response",
        ),
        (
            "json serialisation",
            Arc::new(|b| b.build_json_serialization()),
            "invalid_userinfo_response",
        ),
        (
            "logout typ",
            Arc::new(|b| b.header("typ", json!("logout+jwt")).build()),
            "unexpected_token_type",
        ),
    ];
    for (name, make, expected) in cases {
        let h = Harness::new();
        signed_userinfo(&h, make);
        assert_eq!(verdict(&h.login()), expected, "{name}");
    }
}

#[test]
fn userinfo_when_content_type_wrong_then_invalid_userinfo_response() {
    let cases = [
        ("html", Canned::body(200, "text/html", "<html/>")),
        (
            "plain text json",
            Canned::body(200, "text/plain", r#"{"sub":"alice-sub"}"#),
        ),
        (
            "no content type",
            Canned::Respond {
                status: 200,
                headers: vec![],
                body: br#"{"sub":"alice-sub"}"#.to_vec(),
            },
        ),
        (
            "jwt type with json body",
            Canned::body(200, "application/jwt", r#"{"sub":"alice-sub"}"#),
        ),
        (
            "json type with jwt body",
            Canned::body(200, "application/json", "eyJhbGciOiJSUzI1NiJ9.e30.sig"),
        ),
        ("jwt garbage", Canned::body(200, "application/jwt", "a.b.c")),
    ];
    for (name, canned) in cases {
        let h = Harness::new();
        h.op.set_canned(USERINFO_PATH, canned);
        assert_eq!(verdict(&h.login()), "invalid_userinfo_response", "{name}");
    }
}

#[test]
fn login_when_token_names_a_key_url_then_header_ignored_and_url_never_fetched() {
    let cases = [
        ("jku", json!(format!("{EVIL}/jwks"))),
        ("x5u", json!(format!("{EVIL}/cert.pem"))),
        (
            "jwk",
            json!({"kty": "RSA", "n": "AQAB", "e": "AQAB", "x5u": format!("{EVIL}/c")}),
        ),
        ("x5c", json!(["MIIB"])),
    ];
    for (header, value) in cases {
        // In the ID token.
        let h = Harness::new();
        let v = value.clone();
        h.op.set_id_token(move |b| b.header(header, v.clone()).build());
        // Signed with the configured key: accepted, the header ignored (interoperability).
        let expected = "accepted";
        assert_eq!(verdict(&h.login()), expected, "id token {header}");
        assert_eq!(requests_to_evil(&h), 0, "id token {header}");
        // In a signed userinfo response.
        let h = Harness::new();
        let v = value.clone();
        signed_userinfo(&h, Arc::new(move |b| b.header(header, v.clone()).build()));
        assert_eq!(verdict(&h.login()), expected, "userinfo {header}");
        assert_eq!(requests_to_evil(&h), 0, "userinfo {header}");
    }
}

#[test]
fn login_when_distributed_claims_then_never_fetched_and_groups_not_claimed_present() {
    let h = Harness::new();
    h.op.script(|s| {
        s.id_token_claims = json!({"preferred_username": "alice"});
        s.userinfo = json!({
            "sub": "alice-sub",
            "_claim_names": {"groups": "src1"},
            "_claim_sources": {"src1": {"endpoint": format!("{EVIL}/claims"), "access_token": "x"}},
        });
    });
    let decision = h.login().unwrap();
    assert!(decision.groups.is_empty());
    assert!(
        !decision.groups_claim_present,
        "the shim keeps the user's groups"
    );
    assert!(decision.audit[0]
        .detail
        .contains("distributedClaims=ignored"));
    assert_eq!(requests_to_evil(&h), 0);
}
