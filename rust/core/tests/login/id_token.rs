//! ID token rules (OIDC Core 3.1.3.7) end to end: the OP serves a bad token, the
//! login is refused with the rule's code, and no userinfo request follows.

use oidc_sso_testkit::op::{CLIENT_ID, USERINFO_PATH};
use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::json;

use crate::support::*;

type Make = Box<dyn Fn(TokenBuilder) -> String + Send + Sync>;

fn case(f: impl Fn(TokenBuilder) -> String + Send + Sync + 'static) -> Make {
    Box::new(f)
}

#[test]
fn login_when_id_token_broken_then_rule_code_and_no_userinfo() {
    let now = oidc_sso_testkit::FakeClock::START;
    let stranger = TestKey::rsa_from_pool("rsa-1", 1);
    let cases: Vec<(&str, Make, &str)> = vec![
        (
            "alg none",
            case(|b| b.build_unsigned("none")),
            "unsupported_algorithm",
        ),
        (
            "alg NONE",
            case(|b| b.build_unsigned("NONE")),
            "unsupported_algorithm",
        ),
        (
            "alg HS256",
            case(|b| b.header("alg", json!("HS256")).build()),
            "unsupported_algorithm",
        ),
        (
            "bad signature",
            case(|b| b.build_with_bad_signature()),
            "invalid_signature",
        ),
        (
            "swapped claims",
            case(|b| b.build_with_swapped_claims(json!({"sub": "admin"}))),
            "invalid_signature",
        ),
        (
            "signed by stranger with known kid",
            case(move |b| b.signed_by(&stranger).build()),
            "invalid_signature",
        ),
        (
            "padded base64",
            case(|b| b.build_padded()),
            "malformed_id_token",
        ),
        (
            "extra part",
            case(|b| b.build_with_extra_part()),
            "malformed_id_token",
        ),
        (
            "not a jwt",
            case(|_| "opaque-token".into()),
            "malformed_id_token",
        ),
        (
            "crit",
            case(|b| {
                b.header("crit", json!(["b64"]))
                    .header("b64", json!(false))
                    .build()
            }),
            "unsupported_critical_header",
        ),
        (
            "logout token typ",
            case(|b| b.header("typ", json!("logout+jwt")).build()),
            "unexpected_token_type",
        ),
        (
            "iss other",
            case(|b| b.claim("iss", json!("https://evil.example")).build()),
            "invalid_issuer",
        ),
        (
            "aud other",
            case(|b| b.claim("aud", json!("someone-else")).build()),
            "invalid_audience",
        ),
        (
            "aud array without client",
            case(|b| b.claim("aud", json!(["a", "b"])).build()),
            "invalid_audience",
        ),
        (
            "aud untrusted extra audience",
            case(|b| b.claim("aud", json!([CLIENT_ID, "b"])).build()),
            "invalid_audience",
        ),
        (
            "aud untrusted extra audience with azp",
            case(|b| {
                b.claim("aud", json!([CLIENT_ID, "b"]))
                    .claim("azp", json!(CLIENT_ID))
                    .build()
            }),
            "invalid_audience",
        ),
        (
            "jwe five parts",
            case(|b| format!("{}.e30.iv.ct", b.build_with_extra_part())),
            "malformed_id_token",
        ),
        (
            "json serialisation",
            case(|b| b.build_json_serialization()),
            "malformed_id_token",
        ),
        (
            "standard base64",
            case(|b| b.build_standard_base64()),
            "malformed_id_token",
        ),
        (
            "access token typ",
            case(|b| b.header("typ", json!("at+jwt")).build()),
            "unexpected_token_type",
        ),
        (
            "access token typ long form",
            case(|b| b.header("typ", json!("application/at+jwt")).build()),
            "unexpected_token_type",
        ),
        (
            "crit empty list",
            case(|b| b.header("crit", json!([])).build()),
            "unsupported_critical_header",
        ),
        (
            "nbf future",
            case(move |b| b.claim("nbf", json!(now + 61)).build()),
            "id_token_not_yet_valid",
        ),
        (
            "at_hash wrong",
            case(|b| b.claim("at_hash", json!("AAAAAAAAAAAAAAAAAAAAAA")).build()),
            "invalid_at_hash",
        ),
        (
            "iat older than maxIdTokenAgeSeconds",
            case(move |b| b.claim("iat", json!(now - 661)).build()),
            "invalid_issued_at",
        ),
        (
            "azp other",
            case(|b| b.claim("azp", json!("someone-else")).build()),
            "invalid_azp",
        ),
        (
            "exp past",
            case(move |b| b.claim("exp", json!(now - 61)).build()),
            "id_token_expired",
        ),
        (
            "exp string",
            case(|b| b.claim("exp", json!("4102444800")).build()),
            "malformed_id_token",
        ),
        (
            "iat future",
            case(move |b| b.claim("iat", json!(now + 61)).build()),
            "invalid_issued_at",
        ),
        (
            "iat missing",
            case(|b| b.without_claim("iat").build()),
            "malformed_id_token",
        ),
        (
            "iat before login",
            case(move |b| b.claim("iat", json!(now - 3600)).build()),
            "invalid_issued_at",
        ),
        (
            "nonce other",
            case(|b| b.claim("nonce", json!("replayed-nonce")).build()),
            "invalid_nonce",
        ),
        (
            "nonce missing",
            case(|b| b.without_claim("nonce").build()),
            "invalid_nonce",
        ),
        (
            "sub missing",
            case(|b| b.without_claim("sub").build()),
            "missing_subject",
        ),
        (
            "sub empty",
            case(|b| b.claim("sub", json!("")).build()),
            "missing_subject",
        ),
        (
            "unknown kid",
            case(|b| b.header("kid", json!("nobody")).build()),
            "unknown_signing_key",
        ),
        (
            "rsa kid claimed as ES256",
            case(|b| b.header("alg", json!("ES256")).build()),
            "unknown_signing_key",
        ),
    ];
    for (name, make, expected) in cases {
        let h = Harness::new();
        h.op.set_id_token(make);
        assert_eq!(verdict(&h.login()), expected, "{name}");
        assert_eq!(h.op.count(USERINFO_PATH), 0, "{name}");
    }
}

#[test]
fn login_when_id_token_within_leeway_or_azp_matches_then_accepted() {
    let now = oidc_sso_testkit::FakeClock::START;
    let cases: Vec<(&str, Make)> = vec![
        (
            "exp within leeway",
            case(move |b| b.claim("exp", json!(now - 59)).build()),
        ),
        (
            "iat future within leeway",
            case(move |b| b.claim("iat", json!(now + 59)).build()),
        ),
        (
            "aud array",
            case(|b| b.claim("aud", json!([CLIENT_ID])).build()),
        ),
        (
            "azp equals client",
            case(|b| b.claim("azp", json!(CLIENT_ID)).build()),
        ),
        (
            "nbf within leeway",
            case(move |b| b.claim("nbf", json!(now + 60)).build()),
        ),
        (
            "typ lower case jwt",
            case(|b| b.header("typ", json!("jwt")).build()),
        ),
        (
            "typ application/jwt",
            case(|b| b.header("typ", json!("application/jwt")).build()),
        ),
        ("typ JWT", case(|b| b.header("typ", json!("JWT")).build())),
        ("no typ", case(|b| b.without_header("typ").build())),
    ];
    for (name, make) in cases {
        let h = Harness::new();
        h.op.set_id_token(make);
        assert_eq!(verdict(&h.login()), "accepted", "{name}");
    }
}

#[test]
fn login_when_es256_not_allowed_then_es256_token_rejected() {
    let h = Harness::with_config(json!({"allowedAlgorithms": ["RS256"]}));
    let ec = TestKey::ec("ec-1");
    h.op.script(|s| {
        s.serve_keys(&[&ec]);
        s.signing_key = ec.clone();
    });
    assert_eq!(verdict(&h.login()), "unsupported_algorithm");
}

#[test]
fn login_when_clock_skew_configured_then_leeway_follows_it() {
    let h = Harness::with_config(json!({"clockSkewSeconds": 0}));
    let now = oidc_sso_testkit::FakeClock::START;
    h.op.set_id_token(move |b| b.claim("iat", json!(now + 1)).build());
    assert_eq!(verdict(&h.login()), "invalid_issued_at");
}

#[test]
fn login_when_no_leeway_and_token_issued_in_the_second_after_the_callback_arrived_then_accepted() {
    // clockSkewSeconds 0 and perfect clocks: the IdP issues the ID token while the token request is
    // in flight, one second boundary after the callback arrived. The token is judged at the instant it
    // arrived, not at the callback's (an e2e login failed this way, 1 s "in the future").
    let h = Harness::with_config(json!({"clockSkewSeconds": 0}));
    let now = oidc_sso_testkit::FakeClock::START;
    let clock = h.clock.clone();
    h.op.set_id_token(move |b| {
        clock.advance(1);
        b.claim("iat", json!(now + 1)).build()
    });
    assert_eq!(verdict(&h.login()), "accepted");
}

#[test]
fn login_when_no_kid_and_one_suitable_key_then_accepted() {
    let h = Harness::new();
    h.op.set_id_token(|b| b.without_header("kid").build());
    assert_eq!(verdict(&h.login()), "accepted");
}

#[test]
fn login_when_no_kid_and_several_suitable_keys_then_ambiguous() {
    let h = Harness::new();
    let (a, b) = (TestKey::rsa("rsa-1"), TestKey::rsa_from_pool("rsa-2", 1));
    h.op.script(|s| s.serve_keys(&[&a, &b]));
    h.op.set_id_token(|b| b.without_header("kid").build());
    assert_eq!(verdict(&h.login()), "ambiguous_signing_key");
}
