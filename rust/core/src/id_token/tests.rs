use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::json;

use super::*;
use crate::codes;

const NOW: i64 = 1_700_000_000;
const ISSUER: &str = "https://idp.example.com";
const CLIENT: &str = "client-1";
const NONCE: &str = "nonce-1";

fn expectations() -> Expectations<'static> {
    Expectations {
        issuer: ISSUER,
        client_id: CLIENT,
        nonce: NONCE,
        allowed_algorithms: &[SigningAlg::Es256],
        leeway: 60,
        now: NOW,
        flow_started_at: NOW - 30,
    }
}

fn check(key: &TestKey, token: &str) -> Result<IdToken, &'static str> {
    let doc = json!({ "keys": [key.public_jwk()] });
    let set = crate::jwks::parse_jwks(doc.as_object().unwrap()).unwrap();
    let lookup = |kid: Option<&str>, alg: SigningAlg| match set.select(kid, alg) {
        crate::jwks::Selection::Found(k) => Ok(k.clone()),
        _ => Err(Error::auth(codes::UNKNOWN_SIGNING_KEY, "no key")),
    };
    validate(token, &expectations(), &lookup).map_err(|e| e.code())
}

#[test]
fn validate_when_claims_tweaked_then_verdicts() {
    let key = TestKey::ec("e1");
    let base = TokenBuilder::id_token(&key, ISSUER, CLIENT, "alice", NONCE, NOW);
    let ok = "accepted";
    let cases: Vec<(&str, TokenBuilder, &str)> = vec![
        ("valid", base.clone(), ok),
        (
            "iss other",
            base.clone().claim("iss", json!("https://evil")),
            codes::INVALID_ISSUER,
        ),
        (
            "iss trailing slash",
            base.clone().claim("iss", json!("https://idp.example.com/")),
            codes::INVALID_ISSUER,
        ),
        (
            "iss missing",
            base.clone().without_claim("iss"),
            codes::INVALID_ISSUER,
        ),
        (
            "aud other",
            base.clone().claim("aud", json!("other")),
            codes::INVALID_AUDIENCE,
        ),
        (
            "aud missing",
            base.clone().without_claim("aud"),
            codes::INVALID_AUDIENCE,
        ),
        (
            "aud empty array",
            base.clone().claim("aud", json!([])),
            codes::INVALID_AUDIENCE,
        ),
        (
            "aud number",
            base.clone().claim("aud", json!(7)),
            codes::INVALID_AUDIENCE,
        ),
        (
            "aud array ok",
            base.clone().claim("aud", json!([CLIENT])),
            ok,
        ),
        (
            "aud many no azp",
            base.clone().claim("aud", json!([CLIENT, "x"])),
            codes::INVALID_AZP,
        ),
        (
            "aud many azp",
            base.clone()
                .claim("aud", json!(["x", CLIENT]))
                .claim("azp", json!(CLIENT)),
            ok,
        ),
        (
            "azp other",
            base.clone().claim("azp", json!("x")),
            codes::INVALID_AZP,
        ),
        (
            "exp past",
            base.clone().claim("exp", json!(NOW - 61)),
            codes::ID_TOKEN_EXPIRED,
        ),
        (
            "exp now-leeway",
            base.clone().claim("exp", json!(NOW - 60)),
            codes::ID_TOKEN_EXPIRED,
        ),
        (
            "exp within leeway",
            base.clone().claim("exp", json!(NOW - 59)),
            ok,
        ),
        (
            "exp string",
            base.clone().claim("exp", json!("99999999999")),
            codes::MALFORMED_ID_TOKEN,
        ),
        (
            "exp missing",
            base.clone().without_claim("exp"),
            codes::MALFORMED_ID_TOKEN,
        ),
        (
            "exp fractional",
            base.clone().claim("exp", json!(NOW as f64 + 0.5)),
            ok,
        ),
        (
            "iat future",
            base.clone().claim("iat", json!(NOW + 61)),
            codes::INVALID_ISSUED_AT,
        ),
        (
            "iat future in leeway",
            base.clone().claim("iat", json!(NOW + 60)),
            ok,
        ),
        (
            "iat before flow",
            base.clone().claim("iat", json!(NOW - 30 - 61)),
            codes::INVALID_ISSUED_AT,
        ),
        (
            "iat missing",
            base.clone().without_claim("iat"),
            codes::MALFORMED_ID_TOKEN,
        ),
        (
            "iat null",
            base.clone().claim("iat", json!(null)),
            codes::MALFORMED_ID_TOKEN,
        ),
        (
            "nonce other",
            base.clone().claim("nonce", json!("n2")),
            codes::INVALID_NONCE,
        ),
        (
            "nonce missing",
            base.clone().without_claim("nonce"),
            codes::INVALID_NONCE,
        ),
        (
            "sub missing",
            base.clone().without_claim("sub"),
            codes::MISSING_SUBJECT,
        ),
        (
            "sub empty",
            base.clone().claim("sub", json!("")),
            codes::MISSING_SUBJECT,
        ),
        (
            "sub number",
            base.clone().claim("sub", json!(42)),
            codes::MISSING_SUBJECT,
        ),
        (
            "sub too long",
            base.clone().claim("sub", json!("s".repeat(256))),
            codes::MISSING_SUBJECT,
        ),
    ];
    for (name, builder, expected) in cases {
        let verdict = check(&key, &builder.build()).map(|_| ok);
        assert_eq!(verdict.unwrap_or_else(|code| code), expected, "{name}");
    }
}

#[test]
fn validate_when_payload_not_object_then_malformed() {
    let key = TestKey::ec("e1");
    let token = TokenBuilder::new(&key).build(); // claims `{}` is an object: make it a list
    let parts: Vec<&str> = token.split('.').collect();
    use base64::Engine as _;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("[1]");
    let input = format!("{}.{payload}", parts[0]);
    let signature =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.sign(input.as_bytes()));
    assert_eq!(
        check(&key, &format!("{input}.{signature}")).unwrap_err(),
        codes::MALFORMED_ID_TOKEN
    );
}

#[test]
fn validate_when_signature_bad_then_claims_never_read() {
    let key = TestKey::ec("e1");
    // Every claim is wrong too: the signature error must come first.
    let token = TokenBuilder::new(&key)
        .claims(json!({"iss": "x"}))
        .build_with_bad_signature();
    assert_eq!(check(&key, &token).unwrap_err(), codes::INVALID_SIGNATURE);
}

#[test]
fn validate_when_valid_then_subject_and_claims_returned() {
    let key = TestKey::ec("e1");
    let token = TokenBuilder::id_token(&key, ISSUER, CLIENT, "alice", NONCE, NOW)
        .claim("groups", json!(["a"]))
        .build();
    let id_token = check(&key, &token).unwrap();
    assert_eq!(id_token.subject, "alice");
    assert_eq!(id_token.claims["groups"], json!(["a"]));
}
