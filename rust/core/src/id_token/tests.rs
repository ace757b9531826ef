use std::sync::LazyLock;

use crate::Code;
use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::json;

use super::*;

const NOW: i64 = 1_700_000_000;
const ISSUER: &str = "https://idp.example.com";
const CLIENT: &str = "client-1";
const NONCE: &str = "nonce-1";
static ISSUER_ID: LazyLock<Issuer> = LazyLock::new(|| Issuer::new(ISSUER));
static CLIENT_ID: LazyLock<ClientId> = LazyLock::new(|| ClientId::new(CLIENT));
static FLOW_NONCE: LazyLock<Nonce> = LazyLock::new(|| Nonce::new(NONCE));
const ACCESS_TOKEN: &str = "access-token-1";

fn expectations() -> Expectations<'static> {
    Expectations {
        issuer: &ISSUER_ID,
        client_id: &CLIENT_ID,
        trusted_audiences: &[],
        nonce: &FLOW_NONCE,
        allowed_algorithms: &[SigningAlg::Es256],
        leeway: 60,
        now: NOW,
        flow_started_at: NOW - 30,
        max_token_age: 600,
        max_age: None,
        reauthenticated_since: None,
        access_token: Some(ACCESS_TOKEN),
    }
}

fn check(key: &TestKey, token: &str) -> Result<IdToken, &'static str> {
    check_with(key, token, &expectations())
}

fn check_with(
    key: &TestKey,
    token: &str,
    expect: &Expectations<'_>,
) -> Result<IdToken, &'static str> {
    let doc = json!({ "keys": [key.public_jwk()] });
    let set = crate::jwks::parse_jwks(doc.as_object().unwrap()).unwrap();
    let lookup = |kid: Option<&str>, alg: SigningAlg| match set.select(kid, alg) {
        crate::jwks::Selection::Found(k) => Ok(k.clone()),
        _ => Err(Error::auth(Code::UnknownSigningKey, "no key")),
    };
    validate(token, expect, &lookup).map_err(|e| e.code().as_str())
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
            Code::InvalidIssuer.as_str(),
        ),
        (
            "iss trailing slash",
            base.clone().claim("iss", json!("https://idp.example.com/")),
            Code::InvalidIssuer.as_str(),
        ),
        (
            "iss missing",
            base.clone().without_claim("iss"),
            Code::InvalidIssuer.as_str(),
        ),
        (
            "aud other",
            base.clone().claim("aud", json!("other")),
            Code::InvalidAudience.as_str(),
        ),
        (
            "aud missing",
            base.clone().without_claim("aud"),
            Code::InvalidAudience.as_str(),
        ),
        (
            "aud empty array",
            base.clone().claim("aud", json!([])),
            Code::InvalidAudience.as_str(),
        ),
        (
            "aud number",
            base.clone().claim("aud", json!(7)),
            Code::InvalidAudience.as_str(),
        ),
        (
            "aud array ok",
            base.clone().claim("aud", json!([CLIENT])),
            ok,
        ),
        (
            "aud untrusted extra no azp",
            base.clone().claim("aud", json!([CLIENT, "x"])),
            Code::InvalidAudience.as_str(),
        ),
        (
            "aud untrusted extra with azp",
            base.clone()
                .claim("aud", json!(["x", CLIENT]))
                .claim("azp", json!(CLIENT)),
            Code::InvalidAudience.as_str(),
        ),
        (
            "aud array with a number",
            base.clone().claim("aud", json!([CLIENT, 5])),
            Code::InvalidAudience.as_str(),
        ),
        (
            "azp other",
            base.clone().claim("azp", json!("x")),
            Code::InvalidAzp.as_str(),
        ),
        (
            "exp past",
            base.clone().claim("exp", json!(NOW - 61)),
            Code::IdTokenExpired.as_str(),
        ),
        (
            "exp now-leeway",
            base.clone().claim("exp", json!(NOW - 60)),
            Code::IdTokenExpired.as_str(),
        ),
        (
            "exp within leeway",
            base.clone().claim("exp", json!(NOW - 59)),
            ok,
        ),
        (
            "exp string",
            base.clone().claim("exp", json!("99999999999")),
            Code::MalformedIdToken.as_str(),
        ),
        (
            "exp missing",
            base.clone().without_claim("exp"),
            Code::MalformedIdToken.as_str(),
        ),
        (
            "exp fractional",
            base.clone().claim("exp", json!(NOW as f64 + 0.5)),
            ok,
        ),
        (
            "iat future",
            base.clone().claim("iat", json!(NOW + 61)),
            Code::InvalidIssuedAt.as_str(),
        ),
        (
            "iat future in leeway",
            base.clone().claim("iat", json!(NOW + 60)),
            ok,
        ),
        (
            "iat before flow",
            base.clone().claim("iat", json!(NOW - 30 - 61)),
            Code::InvalidIssuedAt.as_str(),
        ),
        (
            "iat missing",
            base.clone().without_claim("iat"),
            Code::MalformedIdToken.as_str(),
        ),
        (
            "iat null",
            base.clone().claim("iat", json!(null)),
            Code::MalformedIdToken.as_str(),
        ),
        (
            "nonce other",
            base.clone().claim("nonce", json!("n2")),
            Code::InvalidNonce.as_str(),
        ),
        (
            "nonce missing",
            base.clone().without_claim("nonce"),
            Code::InvalidNonce.as_str(),
        ),
        (
            "sub missing",
            base.clone().without_claim("sub"),
            Code::MissingSubject.as_str(),
        ),
        (
            "sub empty",
            base.clone().claim("sub", json!("")),
            Code::MissingSubject.as_str(),
        ),
        (
            "sub number",
            base.clone().claim("sub", json!(42)),
            Code::MissingSubject.as_str(),
        ),
        (
            "sub too long",
            base.clone().claim("sub", json!("s".repeat(256))),
            Code::MissingSubject.as_str(),
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
        Code::MalformedIdToken.as_str()
    );
}

#[test]
fn validate_when_signature_bad_then_claims_never_read() {
    let key = TestKey::ec("e1");
    // Every claim is wrong too: the signature error must come first.
    let token = TokenBuilder::new(&key)
        .claims(json!({"iss": "x"}))
        .build_with_bad_signature();
    assert_eq!(
        check(&key, &token).unwrap_err(),
        Code::InvalidSignature.as_str()
    );
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

type Case = (&'static str, TokenBuilder, &'static str);

fn run_cases(key: &TestKey, expect: &Expectations<'_>, cases: Vec<Case>) {
    for (name, builder, expected) in cases {
        let verdict = check_with(key, &builder.build(), expect).map(|_| "accepted");
        assert_eq!(verdict.unwrap_or_else(|code| code), expected, "{name}");
    }
}

#[test]
fn validate_when_trusted_audience_then_azp_rules_apply() {
    let key = TestKey::ec("e1");
    let base = TokenBuilder::id_token(&key, ISSUER, CLIENT, "alice", NONCE, NOW);
    let trusted = ["api://x".to_string()];
    let expect = Expectations {
        trusted_audiences: &trusted,
        ..expectations()
    };
    let two = json!([CLIENT, "api://x"]);
    run_cases(
        &key,
        &expect,
        vec![
            (
                "trusted extra with azp",
                base.clone()
                    .claim("aud", two.clone())
                    .claim("azp", json!(CLIENT)),
                "accepted",
            ),
            (
                "trusted extra without azp",
                base.clone().claim("aud", two.clone()),
                Code::InvalidAzp.as_str(),
            ),
            (
                "trusted extra azp other",
                base.clone()
                    .claim("aud", two)
                    .claim("azp", json!("api://x")),
                Code::InvalidAzp.as_str(),
            ),
            (
                "third untrusted",
                base.clone()
                    .claim("aud", json!([CLIENT, "api://x", "y"]))
                    .claim("azp", json!(CLIENT)),
                Code::InvalidAudience.as_str(),
            ),
            (
                "azp number",
                base.clone().claim("azp", json!(1)),
                Code::InvalidAzp.as_str(),
            ),
        ],
    );
}

fn at_hash_of(alg: SigningAlg, token: &str) -> serde_json::Value {
    use base64::Engine as _;
    json!(base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(alg.left_half_hash(token.as_bytes())))
}

#[test]
fn validate_when_at_hash_then_must_match_the_access_token() {
    let key = TestKey::ec("e1");
    let base = TokenBuilder::id_token(&key, ISSUER, CLIENT, "alice", NONCE, NOW);
    let right = at_hash_of(SigningAlg::Es256, ACCESS_TOKEN);
    let full = {
        use base64::Engine as _;
        use sha2::Digest as _;
        json!(base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(sha2::Sha256::digest(ACCESS_TOKEN)))
    };
    run_cases(
        &key,
        &expectations(),
        vec![
            ("absent", base.clone(), "accepted"),
            ("right", base.clone().claim("at_hash", right), "accepted"),
            (
                "other token",
                base.clone()
                    .claim("at_hash", at_hash_of(SigningAlg::Es256, "other")),
                Code::InvalidAtHash.as_str(),
            ),
            (
                "wrong hash size",
                base.clone()
                    .claim("at_hash", at_hash_of(SigningAlg::Es384, ACCESS_TOKEN)),
                Code::InvalidAtHash.as_str(),
            ),
            (
                "full hash not half",
                base.clone().claim("at_hash", full),
                Code::InvalidAtHash.as_str(),
            ),
            (
                "number",
                base.clone().claim("at_hash", json!(5)),
                Code::InvalidAtHash.as_str(),
            ),
            (
                "empty",
                base.clone().claim("at_hash", json!("")),
                Code::InvalidAtHash.as_str(),
            ),
        ],
    );
}

#[test]
fn validate_when_max_age_requested_then_auth_time_required_and_checked() {
    let key = TestKey::ec("e1");
    let base = TokenBuilder::id_token(&key, ISSUER, CLIENT, "alice", NONCE, NOW);
    let expect = Expectations {
        max_age: Some(300),
        ..expectations()
    };
    // Leeway 60: authenticated up to 360 s ago is accepted, 361 s is not.
    run_cases(
        &key,
        &expect,
        vec![
            (
                "auth_time missing",
                base.clone(),
                Code::InvalidAuthTime.as_str(),
            ),
            (
                "recent",
                base.clone().claim("auth_time", json!(NOW - 10)),
                "accepted",
            ),
            (
                "at max_age plus leeway",
                base.clone().claim("auth_time", json!(NOW - 360)),
                "accepted",
            ),
            (
                "beyond max_age plus leeway",
                base.clone().claim("auth_time", json!(NOW - 361)),
                Code::InvalidAuthTime.as_str(),
            ),
            (
                "future beyond leeway",
                base.clone().claim("auth_time", json!(NOW + 61)),
                Code::InvalidAuthTime.as_str(),
            ),
            (
                "future within leeway",
                base.clone().claim("auth_time", json!(NOW + 60)),
                "accepted",
            ),
            (
                "string",
                base.clone().claim("auth_time", json!("123")),
                Code::InvalidAuthTime.as_str(),
            ),
        ],
    );
}

#[test]
fn validate_when_max_age_not_requested_then_auth_time_optional_but_typed() {
    let key = TestKey::ec("e1");
    let base = TokenBuilder::id_token(&key, ISSUER, CLIENT, "alice", NONCE, NOW);
    run_cases(
        &key,
        &expectations(),
        vec![
            ("absent", base.clone(), "accepted"),
            (
                "old",
                base.clone().claim("auth_time", json!(NOW - 86_400)),
                "accepted",
            ),
            (
                "not a number",
                base.clone().claim("auth_time", json!([1])),
                Code::InvalidAuthTime.as_str(),
            ),
        ],
    );
}

#[test]
fn validate_when_times_at_the_leeway_edges_then_sign_is_right() {
    let key = TestKey::ec("e1");
    let base = TokenBuilder::id_token(&key, ISSUER, CLIENT, "alice", NONCE, NOW);
    let expect = Expectations {
        flow_started_at: NOW - 2_000,
        max_token_age: 600,
        ..expectations()
    };
    // iat may be at most 600 s + 60 s leeway old; nbf at most 60 s ahead.
    run_cases(
        &key,
        &expect,
        vec![
            (
                "iat 660 s old",
                base.clone().claim("iat", json!(NOW - 660)),
                "accepted",
            ),
            (
                "iat 661 s old",
                base.clone().claim("iat", json!(NOW - 661)),
                Code::InvalidIssuedAt.as_str(),
            ),
            (
                "nbf within leeway",
                base.clone().claim("nbf", json!(NOW + 60)),
                "accepted",
            ),
            (
                "nbf beyond leeway",
                base.clone().claim("nbf", json!(NOW + 61)),
                Code::IdTokenNotYetValid.as_str(),
            ),
            (
                "nbf string",
                base.clone().claim("nbf", json!("0")),
                Code::MalformedIdToken.as_str(),
            ),
            (
                "exp exactly now minus leeway",
                base.clone().claim("exp", json!(NOW - 60)),
                Code::IdTokenExpired.as_str(),
            ),
            (
                "exp just inside leeway",
                base.clone().claim("exp", json!(NOW as f64 - 59.5)),
                "accepted",
            ),
        ],
    );
}

#[test]
fn validate_when_hmac_signed_then_only_the_client_secret_verifies() {
    let secret = crate::ClientSecret::new("0123456789abcdef0123456789abcdef");
    let hmac = TestKey::hmac("h", "HS256", secret.expose().as_bytes());
    let other = TestKey::hmac("h", "HS256", b"another-secret-another-secret-xx");
    let base = TokenBuilder::id_token(&hmac, ISSUER, CLIENT, "alice", NONCE, NOW);
    let expect = Expectations {
        allowed_algorithms: &[SigningAlg::Hs256, SigningAlg::Es256],
        ..expectations()
    };
    let lookup = |_: Option<&str>, alg: SigningAlg| {
        assert!(alg.is_hmac());
        Ok(VerificationKey::client_secret(&secret))
    };
    let verdict = |token: String| {
        validate(&token, &expect, &lookup)
            .map(|_| "accepted")
            .unwrap_or_else(|e| e.code().as_str())
    };
    assert_eq!(verdict(base.build()), "accepted");
    assert_eq!(
        verdict(base.clone().signed_by(&other).build()),
        Code::InvalidSignature.as_str()
    );
}
