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

/// The header rules before the typed fast path: the JSON map, then its checks.
fn map_path(
    header: &[u8],
    allowed: &[SigningAlg],
    expected: TokenType,
) -> Result<JwsHeader, Error> {
    let map = header_map(header, "logout token")?;
    check_header_map(&map, allowed, "logout token", expected)
}

/// Parse and header rules as every token kind runs them now (typed first, map on refusal).
fn current_path(
    header: &[u8],
    allowed: &[SigningAlg],
    expected: TokenType,
) -> Result<JwsHeader, Error> {
    let token = format!("{}.eyJzdWIiOiJ4In0.c2ln", URL_SAFE_NO_PAD.encode(header));
    let jws = parse_compact(&token, "logout token")?;
    check_header_typed(&jws.header, allowed, "logout token", expected)
}

/// Hostile and unusual headers, as raw bytes (duplicates, escapes, bad UTF-8 cannot be built
/// through `serde_json::Value`).
const HOSTILE_HEADERS: &[&[u8]] = &[
    br#"{"alg":"RS256"}"#,
    br#"{"alg":"ES256","kid":"e1","typ":"logout+jwt"}"#,
    br#"{"alg":"ES256","kid":"e1","typ":"application/LOGOUT+JWT"}"#,
    br#"{"alg":"RS256","typ":"JWT"}"#,
    br#"{"alg":"RS256","typ":"jwt"}"#,
    br#"{"alg":"RS256","typ":"at+jwt"}"#,
    br#"{"alg":"RS256","typ":"application/at+jwt"}"#,
    br#"{"alg":"RS256","typ":"application/"}"#,
    br#"{"alg":"RS256","typ":"logout+jwt "}"#,
    br#"{"alg":"RS256","typ":null}"#,
    br#"{"alg":"RS256","typ":1}"#,
    br#"{"alg":"RS256","typ":"JWT","typ":"logout+jwt"}"#,
    br#"{"alg":"RS256","typ":"logout+jwt","typ":"JWT"}"#,
    br#"{"alg":"none"}"#,
    br#"{"alg":" NoNe "}"#,
    br#"{"alg":"HS256"}"#,
    br#"{"alg":"rs256"}"#,
    br#"{"alg":"PS256"}"#,
    br#"{"alg":null}"#,
    br#"{"alg":["RS256"]}"#,
    br#"{"alg":"none","alg":"RS256"}"#,
    br#"{"alg":"RS256","alg":"none"}"#,
    br#"{"alg":"RS\u0032\u0035\u0036"}"#,
    br#"{"\u0061lg":"RS256","kid":"k"}"#,
    br#"{"kid":"k"}"#,
    br#"{}"#,
    br#"{"alg":"RS256","crit":["exp"],"exp":1}"#,
    br#"{"alg":"RS256","crit":null}"#,
    br#"{"alg":"RS256","crit":[]}"#,
    br#"{"alg":"RS256","cty":"JWT"}"#,
    br#"{"alg":"RS256","cty":null}"#,
    br#"{"alg":"RS256","kid":""}"#,
    br#"{"alg":"RS256","kid":null}"#,
    br#"{"alg":"RS256","kid":7}"#,
    br#"{"alg":"RS256","kid":{"a":1}}"#,
    br#"{"alg":"RS256","kid":"a\nb"}"#,
    br#"{"alg":"RS256","kid":"a\u0000b"}"#,
    br#"{"alg":"RS256","kid":"\u00e9t\u00e9"}"#,
    br#"{"alg":"RS256","kid":"one","kid":"two"}"#,
    br#"{"alg":"RS256","jku":"https://evil/jwks","jwk":{"kty":"RSA"},"x5c":["MIIB"]}"#,
    br#"{"alg":"RS256","x":"\ud800"}"#,
    br#"{"alg":"RS256","x":{"y":["\udc00"]}}"#,
    br#"{"alg":"RS256","x":1e400}"#,
    br#"{"alg":"RS256","x":-1e400}"#,
    br#"{"alg":"RS256","x":[1,2,{"a":null,"a":true}]}"#,
    b"{\"alg\":\"RS256\",\"x\":\"\xff\"}",
    b"{\"alg\":\"RS256\",\"\xc3\x28\":1}",
    b"{\"alg\":\"RS256\",\"x\":\"a\tb\"}",
    br#"{"alg":"RS256"} "#,
    br#" {"alg":"RS256"}"#,
    br#"{"alg":"RS256"}x"#,
    br#"{"alg":"RS256"}{}"#,
    br#"{"alg":"RS256",}"#,
    br#"{"alg":"RS256""#,
    br#"["alg","RS256"]"#,
    br#""RS256""#,
    br#"null"#,
    br#"1"#,
];

#[test]
fn check_header_typed_when_hostile_headers_then_same_result_as_map_path() {
    let allowed_sets: [&[SigningAlg]; 3] = [
        &[SigningAlg::Rs256],
        &[SigningAlg::Rs256, SigningAlg::Es256, SigningAlg::Ps256],
        &[SigningAlg::Es256],
    ];
    let kinds = [
        TokenType::Jwt,
        TokenType::Logout,
        TokenType::Access { plain_jwt: false },
        TokenType::Access { plain_jwt: true },
    ];
    let deep = format!(
        "{{\"alg\":\"RS256\",\"x\":{}1{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let long_kid = format!("{{\"alg\":\"RS256\",\"kid\":\"{}\"}}", "k".repeat(257));
    let kid_256 = format!("{{\"alg\":\"RS256\",\"kid\":\"{}\"}}", "k".repeat(256));
    let big = format!("{{\"alg\":\"RS256\",\"x\":\"{}\"}}", "x".repeat(2000));
    let extra: [&[u8]; 4] = [
        deep.as_bytes(),
        long_kid.as_bytes(),
        kid_256.as_bytes(),
        big.as_bytes(),
    ];
    let mut accepted = 0;
    for header in HOSTILE_HEADERS.iter().copied().chain(extra) {
        for allowed in allowed_sets {
            for kind in kinds {
                let before = map_path(header, allowed, kind);
                let now = current_path(header, allowed, kind);
                assert_eq!(
                    now,
                    before,
                    "{} {allowed:?} {kind:?}",
                    String::from_utf8_lossy(header)
                );
                accepted += usize::from(now.is_ok());
            }
        }
    }
    // Not vacuous: both accepting and refusing headers are compared.
    assert!(accepted > 20, "{accepted}");
}

#[test]
fn parse_compact_when_usual_header_then_typed_path() {
    let jws_of = |header: &[u8]| {
        let token = format!("{}.eyJzdWIiOiJ4In0.c2ln", URL_SAFE_NO_PAD.encode(header));
        matches!(
            parse_compact(&token, "ID token").map(|jws| jws.header),
            Ok(Header::Typed(..))
        )
    };
    assert!(jws_of(br#"{"alg":"RS256","kid":"k","typ":"logout+jwt"}"#));
    assert!(jws_of(
        br#"{"alg":"ES256","jwk":{"kty":"EC"},"x5c":["MIIB"]}"#
    ));
    // What the typed struct cannot hold goes to the map.
    assert!(!jws_of(br#"{"alg":"RS256","kid":null}"#));
    assert!(!jws_of(br#"{"alg":"RS256","alg":"RS256"}"#));
    assert!(!jws_of(br#"{"alg":"nOnE"}"#));
}

#[test]
fn decode_part_when_inline_or_heap_then_same_octets_and_errors() {
    for part in [
        "", "A", "AA", "AAA", "AAAA", "QUJD", "QUJDRA", "QUJDREU", "QUJD=", "QU+D",
    ] {
        let vec = decode_vec(part.as_bytes(), "signature", "ID token");
        let inline = decode_part::<8>(part, "signature", "ID token").map(|o| o.to_vec());
        let heap = decode_part::<2>(part, "signature", "ID token").map(|o| o.to_vec());
        assert_eq!(inline, vec, "{part}");
        assert_eq!(heap, vec, "{part}");
    }
    assert!(matches!(
        decode_part::<8>("QUJDREU", "signature", "ID token"),
        Ok(Octets::Inline(_, 5))
    ));
    assert!(matches!(
        decode_part::<2>("QUJDREU", "signature", "ID token"),
        Ok(Octets::Heap(_))
    ));
}

/// The `kid` now held in the typed header itself (up to `MAX_KID_LEN` bytes): at and past that
/// bound in bytes and in characters, escaped, with controls of both ranges, as the map path.
#[test]
fn check_header_typed_when_kid_at_its_bound_or_odd_then_same_result_as_map_path() {
    let kids = [
        "k".repeat(255),
        "k".repeat(256),
        "k".repeat(257),
        "é".repeat(128),
        format!("{}k", "é".repeat(127)),
        format!("{}k", "é".repeat(128)),
        format!(r"\u006b{}", "k".repeat(255)),
        format!(r"\u006b{}", "k".repeat(256)),
        r"a\u007fb".to_string(),
        "a\u{85}b".to_string(),
        "a\u{9f}b".to_string(),
        "a\u{a0}b".to_string(),
        "a\u{7e}b".to_string(),
        String::new(),
    ];
    let mut accepted = 0;
    for kid in &kids {
        let header = format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#);
        for kind in [TokenType::Jwt, TokenType::Logout] {
            let before = map_path(header.as_bytes(), &[SigningAlg::Rs256], kind);
            let now = current_path(header.as_bytes(), &[SigningAlg::Rs256], kind);
            assert_eq!(now, before, "{kid:?} {kind:?}");
            accepted += usize::from(now.is_ok());
        }
    }
    assert!(accepted >= 10, "{accepted}");
}

/// `parse_plain` (the raw bytes, parts decoded into the caller's buffers) against
/// `parse_compact` on the same bytes checked as text and trimmed, as the logout call does: when
/// the fast path answers, the parts are the same; it answers for the usual tokens and leaves
/// every unusual one (spaces, extra dots, padding, a `{`, parts past their buffers, a header
/// the typed struct does not take, bytes that are not text) to `parse_compact`.
#[test]
fn parse_plain_when_it_answers_then_same_parts_as_parse_compact() {
    let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
    let rs = TokenBuilder::new(&TestKey::rsa("r1"))
        .claims(json!({"sub": "x"}))
        .build();
    let es = token().build();
    let header = b64(br#"{"alg":"HS256","typ":"logout+jwt"}"#);
    let payload = b64(br#"{"sub":"x"}"#);
    let sig = b64(&[7; 32]);
    let part_of = |len: usize| b64(&vec![b'p'; len]);
    let mut cases: Vec<(Vec<u8>, bool)> = vec![
        (rs.clone().into_bytes(), true),
        (es.clone().into_bytes(), true),
        (format!("{header}.{payload}.{sig}").into_bytes(), true),
        // The stack buffers' bounds: 512 header, 1,024 payload, 512 signature bytes, by
        // base64's estimate of 3 bytes per started 4 characters.
        (
            format!("{header}.{}.{sig}", part_of(1023)).into_bytes(),
            true,
        ),
        (
            format!("{header}.{}.{sig}", part_of(1024)).into_bytes(),
            false,
        ),
        (
            format!("{header}.{}.{sig}", part_of(1025)).into_bytes(),
            false,
        ),
        (
            format!("{header}.{payload}.{}", part_of(510)).into_bytes(),
            true,
        ),
        (
            format!("{header}.{payload}.{}", part_of(511)).into_bytes(),
            false,
        ),
        (
            format!("{header}.{payload}.{}", part_of(513)).into_bytes(),
            false,
        ),
    ];
    let unusual = [
        format!(" {rs}"),
        format!("{rs} "),
        format!("{rs}\n"),
        format!("{rs}."),
        format!("{rs}.x.y"),
        format!("{header}.{payload}."),
        format!("{header}..{sig}"),
        format!(".{payload}.{sig}"),
        format!("{header}.{payload}"),
        format!("{header}.{payload}.{sig}="),
        format!("{header}.{payload}.{sig}+"),
        format!("{header}.{payload}.{sig}/"),
        format!("{header}.{payload}.{}", &sig[..sig.len() - 2]),
        format!("{header}=.{payload}.{sig}"),
        format!("{{{header}.{payload}.{sig}"),
        format!("{}.{payload}.{sig}", b64(br#"{"alg":"RS256","kid":null}"#)),
        format!(
            "{}.{payload}.{sig}",
            b64(br#"{"alg":"RS256","alg":"RS256"}"#)
        ),
        format!("{}.{payload}.{sig}", b64(b"[1]")),
        format!("{}.{payload}.{sig}", b64(&vec![b' '; 600])),
        format!("{header}.{payload}.{sig}{}", "A".repeat(MAX_TOKEN_BYTES)),
        "a.b.c.d.e".to_string(),
        String::new(),
    ];
    cases.extend(unusual.into_iter().map(|t| (t.into_bytes(), false)));
    let mut raw = format!("{header}.{payload}.").into_bytes();
    raw.extend([0xff, 0xfe]);
    cases.push((raw, false));
    let mut nul = rs.clone().into_bytes();
    nul.push(0);
    cases.push((nul, false));

    for (bytes, plain) in &cases {
        let shown = String::from_utf8_lossy(bytes);
        let mut buffers = JwsBuffers::default();
        let fast = parse_plain(bytes, &mut buffers);
        assert_eq!(fast.is_some(), *plain, "{shown}");
        let Some(fast) = fast else { continue };
        let text = std::str::from_utf8(bytes).expect("a plain token is text");
        let full = parse_compact(text.trim(), "logout token").expect("the full path takes it");
        let (fast, full) = (fast.parts(), full.parts());
        assert_eq!(fast.payload, full.payload, "{shown}");
        assert_eq!(fast.signature, full.signature, "{shown}");
        assert_eq!(fast.signing_input, full.signing_input, "{shown}");
        match (fast.header, full.header) {
            (Header::Typed(a, a64), Header::Typed(b, b64)) => {
                assert_eq!((a, a64), (b, b64), "{shown}")
            }
            other => panic!("{shown}: {other:?}"),
        }
    }
}

/// The strict reader (`plain_json.rs`) against serde on headers (`b-json`): what it reads,
/// serde reads the same; everything else it leaves to serde.
#[test]
fn typed_header_read_plain_when_any_json_then_serde_answers_the_same() {
    let mut cases: Vec<String> = Vec::new();
    let values = [
        r#""RS256""#,
        r#""HS256""#,
        r#""none""#,
        r#""logout+jwt""#,
        r#""JWT""#,
        r#""k-1""#,
        r#""""#,
        r#""R\u0053256""#,
        r#""\u0000""#,
        r#""\ud800""#,
        "\"é\"",
        "\"a\u{7f}b\"",
        "\"a\u{1}b\"",
        "0",
        "-0",
        "1.5",
        "1e400",
        "true",
        "null",
        "[]",
        r#"["exp"]"#,
        "{}",
        r#"{"a":[1,{"b":null}]}"#,
        "[[[[[]]]]]",
    ];
    for name in ["alg", "typ", "kid", "cty", "crit", "x5u", "other"] {
        for value in values {
            cases.push(format!(r#"{{"alg":"RS256","{name}":{value}}}"#));
            cases.push(format!(
                r#"{{"{name}":{value},"typ":"logout+jwt","kid":"k"}}"#
            ));
            cases.push(format!(
                r#"{{"alg":"RS256","kid":"k","{name}":{value},"{name}":{value}}}"#
            ));
        }
    }
    cases.push(format!(r#"{{"alg":"RS256","kid":"{}"}}"#, "k".repeat(256)));
    cases.push(format!(r#"{{"alg":"RS256","kid":"{}"}}"#, "k".repeat(257)));
    let spaced = " {\n\"alg\" :\t\"RS256\" , \"typ\":\"JWT\" ,\r\n\"kid\" : \"k\" } \n";
    cases.push(spaced.to_string());
    for end in 0..spaced.len() {
        cases.push(spaced[..end].to_string());
    }
    for odd in [
        "",
        "null",
        "[]",
        "{}",
        r#"{"alg":"RS256",}"#,
        r#"{"alg":"RS256"}x"#,
        r#"{"alg":"RS256"}{}"#,
        r#"{"alg" "RS256"}"#,
        r#"{"a\u006cg":"RS256"}"#,
        "\u{feff}{\"alg\":\"RS256\"}",
    ] {
        cases.push(odd.to_string());
    }
    let (mut read, mut left) = (0, 0);
    for header in &cases {
        match plain_header_agrees(header.as_bytes()) {
            Some(true) => read += 1,
            None => left += 1,
            Some(false) => panic!(
                "the reader read {:?}, serde {:?}: {header}",
                TypedHeader::read_plain(header.as_bytes()),
                TypedHeader::parse(header.as_bytes())
            ),
        }
    }
    // Not vacuous: the reader reads many of them itself and leaves many to serde.
    assert!(read >= 60 && left >= 100, "{read} read, {left} left");
    let usual = br#"{"alg":"RS256","typ":"logout+jwt","kid":"k"}"#;
    assert!(TypedHeader::read_plain(usual).is_some());
}
