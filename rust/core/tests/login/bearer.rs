//! Bearer JWT access tokens (RFC 9068 in `Authorization: Bearer`, RFC 6750) through the
//! engine: the IdP picked by the unverified `iss` among IdPs with `bearer`, every check
//! after the signature with that IdP's keys, tokens of no configured IdP passed on.

use oidc_sso_core::{BearerDecision, Clock, Error, PassReason};
use oidc_sso_testkit::op::{Canned, CLIENT_ID, CLIENT_SECRET, DISCOVERY_PATH, JWKS_PATH};
use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::{json, Value};

use crate::support::*;

const API: &str = "https://jira.example.com/rest";

fn bearer_config() -> Value {
    // HS256 is allowed for ID tokens here, and still never for access tokens.
    json!({
        "allowedAlgorithms": ["RS256", "ES256", "HS256"],
        "bearer": {"audiences": [API], "requiredScopes": ["jira:read"]},
    })
}

fn harness() -> Harness {
    Harness::with_config(bearer_config())
}

fn validate(h: &Harness, token: &str) -> Result<BearerDecision, Error> {
    h.engine.validate_bearer(token.as_bytes())
}

/// A valid RFC 9068 access token of the test OP for alice.
fn valid(h: &Harness) -> TokenBuilder {
    let now = h.clock.now_unix();
    TokenBuilder::new(&h.op.signing_key())
        .header("typ", json!("at+jwt"))
        .claims(json!({
            "iss": ISSUER, "aud": API, "sub": "alice-sub", "client_id": "cli",
            "iat": now, "exp": now + 300, "jti": "at-1",
            "scope": "openid jira:read jira:write", "preferred_username": "alice",
        }))
}

#[test]
fn bearer_when_token_valid_then_mapped_user_and_scopes() {
    let h = harness();
    let now = h.clock.now_unix();

    let decision = validate(&h, &valid(&h).build()).expect("accepted");

    assert_eq!(
        decision,
        BearerDecision::Authenticated {
            idp_id: "test".into(),
            issuer: ISSUER.into(),
            subject: "alice-sub".into(),
            username: "alice".into(),
            scopes: vec!["openid".into(), "jira:read".into(), "jira:write".into()],
            expires_at: now + 300,
        }
    );
    assert_eq!(h.op.count(JWKS_PATH), 1, "keys from the IdP's own jwks_uri");
}

/// One row per rule: (name, the token, the expected verdict).
fn cases(h: &Harness) -> Vec<(&'static str, String, &'static str)> {
    let now = h.clock.now_unix();
    let ok = "accepted";
    let base = valid(h);
    let with = |name: &str, value: Value| base.clone().claim(name, value).build();
    let without = |name: &str| base.clone().without_claim(name).build();
    let header = |name: &str, value: Value| base.clone().header(name, value).build();
    vec![
        ("valid", base.build(), ok),
        // Signature and algorithms: the ID token's rules.
        (
            "bad signature",
            base.build_with_bad_signature(),
            "invalid_signature",
        ),
        (
            "claims swapped after signing",
            base.build_with_swapped_claims(json!({"preferred_username": "admin"})),
            "invalid_signature",
        ),
        (
            "alg none",
            base.build_unsigned("none"),
            "unsupported_algorithm",
        ),
        (
            "signed with the client secret (HS256)",
            base.clone()
                .signed_by(&TestKey::hmac("hs", "HS256", CLIENT_SECRET.as_bytes()))
                .header("alg", json!("HS256"))
                .build(),
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
        // Explicit typing (RFC 9068 §4).
        (
            "typ application/at+jwt",
            header("typ", json!("application/at+jwt")),
            ok,
        ),
        (
            "typ JWT",
            header("typ", json!("JWT")),
            "unexpected_token_type",
        ),
        (
            "typ absent",
            base.clone().without_header("typ").build(),
            "unexpected_token_type",
        ),
        (
            "typ logout+jwt",
            header("typ", json!("logout+jwt")),
            "unexpected_token_type",
        ),
        // Time.
        ("exp missing", without("exp"), "access_token_expired"),
        (
            "exp past beyond skew",
            with("exp", json!(now - 61)),
            "access_token_expired",
        ),
        ("exp past within skew", with("exp", json!(now - 59)), ok),
        (
            "nbf future",
            with("nbf", json!(now + 61)),
            "access_token_expired",
        ),
        // Audience allowlist.
        (
            "aud other API",
            with("aud", json!("https://other.example.com")),
            "invalid_audience",
        ),
        (
            "aud the client id (an ID token?)",
            with("aud", json!(CLIENT_ID)),
            "invalid_audience",
        ),
        (
            "aud array naming the API",
            with("aud", json!(["x", API])),
            ok,
        ),
        ("aud missing", without("aud"), "invalid_audience"),
        // Subject.
        ("sub missing", without("sub"), "missing_subject"),
        // Scopes: `scope` string or `scp` array.
        (
            "scope without the required one",
            with("scope", json!("openid jira:write")),
            "insufficient_scope",
        ),
        ("scope missing", without("scope"), "insufficient_scope"),
        (
            "scp array with the required one",
            base.clone()
                .without_claim("scope")
                .claim("scp", json!(["jira:read"]))
                .build(),
            ok,
        ),
        ("scope number", with("scope", json!(7)), "invalid_claim"),
        // The user.
        (
            "username claim missing",
            without("preferred_username"),
            "missing_username_claim",
        ),
        (
            "username claim a number",
            with("preferred_username", json!(7)),
            "invalid_username_claim",
        ),
    ]
}

#[test]
fn bearer_when_each_rule_broken_then_its_code() {
    let h = harness();
    let mut wrong = Vec::new();
    for (name, token, expected) in cases(&h) {
        let got = verdict(&validate(&h, &token));
        if got != expected {
            wrong.push(format!("{name}: expected {expected}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn bearer_when_refused_then_authentication_error_never_a_pass() {
    let h = harness();
    let err = validate(&h, &valid(&h).claim("aud", json!("x")).build()).unwrap_err();
    assert_eq!(err.kind(), oidc_sso_core::ErrorKind::Authentication);
}

#[test]
fn bearer_when_not_for_this_plugin_then_pass_with_reason() {
    let h = harness();
    let other_issuer = valid(&h)
        .claim("iss", json!("https://evil.example.com"))
        .build();
    let cases = [
        (
            "a personal access token",
            "NjQ5MzE0ODc2NTQ0OmRlYWRiZWVm".to_string(),
            PassReason::NotJwt,
        ),
        ("empty", String::new(), PassReason::NotJwt),
        (
            "three parts, no JSON",
            "a.b.c".to_string(),
            PassReason::NotJwt,
        ),
        (
            "not UTF-8",
            String::from_utf8_lossy(&[0xff, 0xfe]).into_owned(),
            PassReason::NotJwt,
        ),
        (
            "no iss",
            valid(&h).without_claim("iss").build(),
            PassReason::NotJwt,
        ),
        ("another issuer", other_issuer, PassReason::UnknownIssuer),
    ];
    for (name, token, reason) in cases {
        assert_eq!(
            validate(&h, &token).expect(name),
            BearerDecision::Pass { reason },
            "{name}"
        );
    }
    assert_eq!(
        h.op.count(JWKS_PATH),
        0,
        "nothing fetched for tokens that are not ours"
    );
}

#[test]
fn bearer_when_bytes_not_utf8_then_pass() {
    let h = harness();
    assert_eq!(
        h.engine
            .validate_bearer(&[0xff, b'.', 0xfe, b'.', 0x00])
            .unwrap(),
        BearerDecision::Pass {
            reason: PassReason::NotJwt
        }
    );
}

#[test]
fn bearer_when_idp_has_no_bearer_section_then_pass_and_no_key_fetch() {
    let h = Harness::new();
    let token = valid(&h).build();
    assert_eq!(
        validate(&h, &token).unwrap(),
        BearerDecision::Pass {
            reason: PassReason::BearerNotEnabled
        }
    );
    let disabled = Harness::with_config(json!({"bearer": {"enabled": false, "audiences": [API]}}));
    assert_eq!(
        validate(&disabled, &valid(&disabled).build()).unwrap(),
        BearerDecision::Pass {
            reason: PassReason::BearerNotEnabled
        }
    );
    assert_eq!(h.op.count(JWKS_PATH), 0);
}

#[test]
fn bearer_when_plain_jwt_accepted_then_typ_jwt_and_absent_pass() {
    let h = Harness::with_config(json!({"bearer": {"audiences": [API], "acceptJwtTyp": true}}));
    for token in [
        valid(&h).header("typ", json!("JWT")).build(),
        valid(&h).without_header("typ").build(),
        valid(&h).build(),
    ] {
        assert_eq!(verdict(&validate(&h, &token)), "accepted");
    }
    let logout = valid(&h).header("typ", json!("logout+jwt")).build();
    assert_eq!(verdict(&validate(&h, &logout)), "unexpected_token_type");
}

#[test]
fn bearer_when_required_claims_then_string_or_array_member_matches() {
    let h = Harness::with_config(json!({"bearer": {
        "audiences": [API], "requiredClaims": {"tenant": "acme", "roles": "jira-user"},
    }}));
    let base = valid(&h)
        .claim("tenant", json!("acme"))
        .claim("roles", json!(["a", "jira-user"]));
    assert_eq!(verdict(&validate(&h, &base.build())), "accepted");
    for token in [
        base.clone().claim("tenant", json!("evil")).build(),
        base.clone().without_claim("tenant").build(),
        base.clone().claim("roles", json!(["a"])).build(),
        base.clone().claim("roles", json!(1)).build(),
    ] {
        assert_eq!(verdict(&validate(&h, &token)), "required_claim_mismatch");
    }
}

#[test]
fn bearer_when_idp_down_then_provider_unavailable_quickly() {
    let h = harness();
    let token = valid(&h).build();
    h.op.script(|s| {
        s.canned
            .insert(DISCOVERY_PATH.into(), Canned::json(503, json!({})));
    });
    let err = validate(&h, &token).unwrap_err();
    assert_eq!(err.kind(), oidc_sso_core::ErrorKind::ProviderUnavailable);
}
