use crate::Code;
use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::json;

use super::*;

fn token() -> TokenBuilder {
    TokenBuilder::new(&TestKey::ec("e1")).claims(json!({"sub": "x"}))
}

fn header_code(builder: TokenBuilder, allowed: &[SigningAlg]) -> Result<JwsHeader, &'static str> {
    let token = builder.build();
    let jws = parse_compact(&token, "ID token").map_err(|e| e.code().as_str())?;
    check_header(&jws.header, allowed, "ID token").map_err(|e| e.code().as_str())
}

#[test]
fn parse_compact_when_malformed_then_malformed_id_token() {
    let valid = token().build();
    let cases = [
        token().build_padded(),
        token().build_with_extra_part(),
        valid.replacen('.', "", 1),
        format!("{valid}.a.b"),
        valid.replace('-', "+").replace('_', "/") + "+/",
        "a".repeat(MAX_TOKEN_BYTES + 1),
        String::new(),
        "..".into(),
    ];
    for case in cases {
        let err = parse_compact(&case, "ID token").unwrap_err();
        assert_eq!(err.code(), Code::MalformedIdToken.as_str(), "{case}");
    }
}

#[test]
fn parse_compact_when_five_parts_then_hint_says_jwe() {
    let err = parse_compact("a.b.c.d.e", "ID token").unwrap_err();
    assert!(err.hint().contains("JWE"));
}

#[test]
fn check_header_when_rules_then_codes() {
    let all = [SigningAlg::Rs256, SigningAlg::Es256];
    let cases: Vec<(TokenBuilder, &str)> = vec![
        (
            token().header("alg", json!("none")),
            Code::UnsupportedAlgorithm.as_str(),
        ),
        (
            token().header("alg", json!("nOnE")),
            Code::UnsupportedAlgorithm.as_str(),
        ),
        (
            token().header("alg", json!("HS256")),
            Code::UnsupportedAlgorithm.as_str(),
        ),
        (
            token().header("alg", json!("es256")),
            Code::UnsupportedAlgorithm.as_str(),
        ),
        (
            token().without_header("alg"),
            Code::MalformedIdToken.as_str(),
        ),
        (
            token().header("crit", json!(["exp"])),
            Code::UnsupportedCriticalHeader.as_str(),
        ),
        (
            token().header("typ", json!("logout+jwt")),
            Code::UnexpectedTokenType.as_str(),
        ),
        (
            token().header("typ", json!("at+jwt")),
            Code::UnexpectedTokenType.as_str(),
        ),
        (
            token().header("cty", json!("JWT")),
            Code::UnexpectedTokenType.as_str(),
        ),
        (
            token().header("kid", json!({"a": 1})),
            Code::MalformedIdToken.as_str(),
        ),
        (
            token().header("kid", json!("k".repeat(300))),
            Code::MalformedIdToken.as_str(),
        ),
    ];
    for (builder, code) in cases {
        assert_eq!(
            header_code(builder.clone(), &all).unwrap_err(),
            code,
            "{builder:?}"
        );
    }
}

#[test]
fn check_header_when_key_reference_headers_then_ignored() {
    let all = [SigningAlg::Rs256, SigningAlg::Es256];
    for (name, value) in [
        ("jku", json!("https://evil/jwks")),
        ("x5u", json!("https://evil/c")),
        ("jwk", json!({"kty": "EC"})),
        ("x5c", json!(["MIIB"])),
    ] {
        let header = header_code(token().header(name, value), &all).expect(name);
        assert_eq!(header.alg, SigningAlg::Es256, "{name}");
    }
}

#[test]
fn check_header_when_alg_not_configured_then_unsupported() {
    let err = header_code(token(), &[SigningAlg::Rs256]).unwrap_err();
    assert_eq!(err, Code::UnsupportedAlgorithm.as_str());
}

#[test]
fn check_header_when_valid_then_alg_and_kid() {
    let header = header_code(token().header("typ", json!("jwt")), &[SigningAlg::Es256]).unwrap();
    assert_eq!(
        header,
        JwsHeader {
            alg: SigningAlg::Es256,
            kid: Some("e1".into())
        }
    );
}

fn key_of(test_key: &TestKey) -> VerificationKey {
    let doc = json!({ "keys": [test_key.public_jwk()] });
    crate::jwks::parse_jwks(doc.as_object().unwrap())
        .unwrap()
        .keys
        .remove(0)
}

fn verify(token: &str, alg: SigningAlg, key: &TestKey) -> Result<(), &'static str> {
    let jws = parse_compact(token, "ID token").unwrap();
    verify_signature(&jws, alg, &key_of(key), "ID token").map_err(|e| e.code().as_str())
}

#[test]
fn verify_signature_when_valid_rs256_and_es256_then_ok() {
    let (rsa, ec) = (TestKey::rsa("r"), TestKey::ec("e"));
    assert_eq!(
        verify(&TokenBuilder::new(&rsa).build(), SigningAlg::Rs256, &rsa),
        Ok(())
    );
    assert_eq!(
        verify(&TokenBuilder::new(&ec).build(), SigningAlg::Es256, &ec),
        Ok(())
    );
}

#[test]
fn verify_signature_when_tampered_or_other_key_then_invalid_signature() {
    let (ec, other) = (TestKey::ec("e"), TestKey::ec("e"));
    let builder = TokenBuilder::new(&ec).claims(json!({"sub": "a"}));
    let cases = [
        builder.build_with_bad_signature(),
        builder.build_with_swapped_claims(json!({"sub": "admin"})),
        builder.clone().signed_by(&other).build(),
    ];
    for token in cases {
        assert_eq!(
            verify(&token, SigningAlg::Es256, &ec),
            Err(Code::InvalidSignature.as_str())
        );
    }
}

#[test]
fn verify_signature_when_key_of_other_family_then_invalid_signature() {
    let (rsa, ec) = (TestKey::rsa("r"), TestKey::ec("e"));
    let token = TokenBuilder::new(&ec).build();
    assert_eq!(
        verify(&token, SigningAlg::Es256, &rsa),
        Err(Code::InvalidSignature.as_str())
    );
}
