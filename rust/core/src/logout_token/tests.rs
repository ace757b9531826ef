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

/// The typed fast path (`typed.rs`) and the JSON-map rules on the same payload. The fast path
/// never accepts what the rules refuse, and gives the same token when both accept. Returns
/// (fast path accepted, rules accepted): a payload the fast path does not take falls back to
/// the rules in `validate_parsed`, so (false, true) is slower, never wrong.
fn fast_and_map(name: &str, payload: &[u8]) -> (bool, bool) {
    let trusted = ["trusted-aud".to_string()];
    let mut expect = expectations();
    expect.audience.trusted = &trusted;
    let fast = typed::TypedClaims::parse(payload)
        .and_then(|t| t.accept(&expect).map(LogoutTokenRef::into_owned));
    let map = claims_map(payload).and_then(|claims| check_claims(&claims, &expect));
    if let (Some(f), Ok(m)) = (&fast, &map) {
        assert_eq!(f, m, "{name}");
    }
    assert!(
        fast.is_none() || map.is_ok(),
        "{name}: the fast path accepts what the rules refuse ({:?})",
        map.map_err(|e| e.code())
    );
    (fast.is_some(), map.is_ok())
}

/// Both accept, or both refuse (the map rules then name the problem).
fn fast_and_map_agree(name: &str, payload: &[u8]) {
    let (fast, map) = fast_and_map(name, payload);
    assert_eq!(fast, map, "{name}: fast path {fast}, map rules {map}");
}

fn valid_claims() -> serde_json::Value {
    json!({
        "iss": ISSUER, "aud": CLIENT, "iat": NOW, "exp": NOW + 120, "jti": "j-1",
        "sub": "alice", "sid": "sid-1", "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
    })
}

#[test]
fn typed_claims_when_member_variants_then_same_verdict_as_map_rules() {
    let long = "x".repeat(MAX_ID_LEN + 1);
    let max = "x".repeat(MAX_ID_LEN);
    let other_event = json!({"http://example.com/other": {}});
    let variants: Vec<(&str, serde_json::Value)> = vec![
        ("iss", json!("https://other.example.com")),
        ("iss", json!(null)),
        ("iss", json!(7)),
        ("aud", json!([CLIENT])),
        ("aud", json!([CLIENT, "trusted-aud"])),
        ("aud", json!([CLIENT, "someone"])),
        ("aud", json!([])),
        ("aud", json!([CLIENT, 3])),
        ("aud", json!("someone")),
        ("aud", json!(null)),
        ("aud", json!({"a": CLIENT})),
        ("azp", json!(CLIENT)),
        ("azp", json!("someone")),
        ("azp", json!(null)),
        ("azp", json!(1)),
        ("iat", json!(NOW - 600 - 60)),
        ("iat", json!(NOW - 600 - 61)),
        ("iat", json!(NOW + 60)),
        ("iat", json!(NOW + 61)),
        ("iat", json!(NOW as f64 + 0.5)),
        ("iat", json!("1700000000")),
        ("iat", json!(null)),
        ("exp", json!(NOW - 60)),
        ("exp", json!(NOW - 59)),
        ("exp", json!(NOW as f64 + 10.7)),
        ("exp", json!(NOW + 86_400)),
        ("exp", json!(null)),
        ("exp", json!("soon")),
        ("events", json!(null)),
        ("events", json!([])),
        ("events", json!({})),
        ("events", other_event),
        ("events", json!({BACKCHANNEL_LOGOUT_EVENT: null})),
        ("events", json!({BACKCHANNEL_LOGOUT_EVENT: []})),
        ("events", json!({BACKCHANNEL_LOGOUT_EVENT: "x"})),
        (
            "events",
            json!({BACKCHANNEL_LOGOUT_EVENT: {"a": [1, {"b": 2}]}, "other": 1}),
        ),
        ("sub", json!("")),
        ("sub", json!(null)),
        ("sub", json!(5)),
        ("sub", json!(long)),
        ("sub", json!(max)),
        ("sub", json!("a\u{7}b")),
        ("sid", json!("")),
        ("sid", json!(null)),
        ("sid", json!(["sid"])),
        ("jti", json!("")),
        ("jti", json!(null)),
        ("jti", json!(long)),
        ("jti", json!("j\n")),
        ("nonce", json!("n")),
        ("nonce", json!(null)),
        ("other", json!({"deep": [[[1]]]})),
    ];
    fast_and_map_agree("valid", valid_claims().to_string().as_bytes());
    for (member, value) in variants {
        let mut claims = valid_claims();
        claims[member] = value.clone();
        let name = format!("{member} = {value}");
        fast_and_map_agree(&name, claims.to_string().as_bytes());
    }
    for member in ["iss", "aud", "iat", "exp", "events", "sub", "sid", "jti"] {
        let mut claims = valid_claims();
        claims.as_object_mut().unwrap().remove(member);
        fast_and_map_agree(&format!("no {member}"), claims.to_string().as_bytes());
    }
    let mut neither = valid_claims();
    neither.as_object_mut().unwrap().remove("sub");
    neither.as_object_mut().unwrap().remove("sid");
    fast_and_map_agree("neither sub nor sid", neither.to_string().as_bytes());
}

#[test]
fn typed_claims_when_raw_payload_quirks_then_same_verdict_as_map_rules() {
    let valid = valid_claims().to_string();
    let body = valid.trim_start_matches('{');
    let cases = [
        (
            "escaped key and value",
            valid.replacen(
                r#""iss":"https://idp.example.com""#,
                r#""i\u0073s":"https:\/\/idp.example.com""#,
                1,
            ),
        ),
        (
            "escaped sub",
            valid.replacen(r#""sub":"alice""#, r#""sub":"al\u0069ce""#, 1),
        ),
        ("trailing garbage", format!("{valid} x")),
        ("an array", format!("[{valid}]")),
        ("not JSON", "{".to_string()),
        ("huge number", valid.replacen(&NOW.to_string(), "1e400", 1)),
    ];
    for (name, payload) in cases {
        fast_and_map_agree(name, payload.as_bytes());
    }
    // A member twice: the map keeps the last one; the fast path leaves such a payload to it.
    let duplicates = [
        (
            "iss twice, the last one right",
            format!(r#"{{"iss":"https://other.example.com",{body}"#),
            true,
        ),
        (
            "sub twice, the last one too long",
            valid.replacen(
                r#""sub":"alice""#,
                &format!(r#""sub":"alice","sub":"{}""#, "x".repeat(MAX_ID_LEN + 1)),
                1,
            ),
            false,
        ),
    ];
    for (name, payload, accepted) in duplicates {
        assert_eq!(
            fast_and_map(name, payload.as_bytes()),
            (false, accepted),
            "{name}"
        );
    }
    // The valid escaped variants really take the fast path (and so are compared above).
    let escaped = valid.replacen(r#""sub":"alice""#, r#""sub":"al\u0069ce""#, 1);
    let typed = typed::TypedClaims::parse(escaped.as_bytes()).unwrap();
    assert_eq!(typed.sub.as_deref(), Some("alice"));
}

#[test]
fn typed_claims_when_invalid_json_in_skipped_members_then_refused_like_map_rules() {
    // Members the rules never read are skipped by the fast path, but still read as strictly as
    // the map reads them: a lone surrogate, bad UTF-8 or an out-of-range number anywhere makes
    // the payload not JSON for the map, so the fast path must not accept it either.
    let valid = valid_claims().to_string();
    let body = valid.trim_start_matches('{');
    let with = |member: &str| format!("{{{member},{body}");
    let events = valid.replacen("{}", r#"{},"other":{"x":"\udc00"}"#, 1);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("lone surrogate", with(r#""x":"\ud800""#).into_bytes()),
        (
            "nested lone surrogate",
            with(r#""x":[{"y":"\udc00"}]"#).into_bytes(),
        ),
        (
            "lone surrogate in nonce",
            with(r#""nonce":"\ud800""#).into_bytes(),
        ),
        ("lone surrogate in another event", events.into_bytes()),
        ("huge number", with(r#""x":1e400"#).into_bytes()),
        (
            "raw bad UTF-8",
            [&b"{\"x\":\"\xff\","[..], body.as_bytes()].concat(),
        ),
        (
            "raw bad UTF-8 key",
            [&b"{\"\xc3\x28\":1,"[..], body.as_bytes()].concat(),
        ),
    ];
    for (name, payload) in cases {
        assert_eq!(fast_and_map(name, &payload), (false, false), "{name}");
    }
    // The same members, valid, are skipped and the fast path accepts.
    let skipped = with(r#""x":[{"y":"\u00e9"}],"n":1e300,"z":null"#);
    assert_eq!(
        fast_and_map("valid skipped", skipped.as_bytes()),
        (true, true)
    );
}

#[test]
fn check_token_bytes_when_not_utf8_or_blank_then_malformed_or_invalid_request() {
    let code = |bytes: &[u8]| {
        check_token_bytes(bytes)
            .map(str::to_owned)
            .map_err(|e| e.code())
    };
    assert_eq!(code(&[0xff, b'.', b'a']), Err(Code::MalformedLogoutToken));
    assert_eq!(code(b" \n"), Err(Code::InvalidRequest));
    assert_eq!(code(b" a.b.c\n"), Ok("a.b.c".to_string()));
}

/// Payloads for the strict reader against serde (`b-json`): valid ones it must read itself,
/// and every kind of JSON it must leave to serde or read exactly as serde does.
fn json_cases() -> Vec<String> {
    let usual = format!(
        r#""iss":"{ISSUER}","aud":"{CLIENT}","iat":{NOW},"exp":{},"jti":"j-1","sub":"alice","sid":"s-1","events":{{"{BACKCHANNEL_LOGOUT_EVENT}":{{}}}}"#,
        NOW + 120
    );
    let with = |members: &str| format!("{{{usual},{members}}}");
    let mut cases = vec![format!("{{{usual}}}")];
    // Each known member replaced by every kind of value, and twice.
    let values = [
        r#""s""#,
        r#""""#,
        r#""\u0061""#,
        r#""\u0000""#,
        r#""\ud800""#,
        r#""\ud83d\ude00""#,
        r#""a\"b""#,
        "\"é\"",
        "\"a\u{7f}\"",
        "0",
        "-0",
        "-1",
        "01",
        "1.5",
        "1e3",
        "1E3",
        "-0.0",
        "1700000000",
        "-1700000000",
        "123456789012345",
        "1234567890123456",
        "9223372036854775808",
        "18446744073709551616",
        "1e400",
        "true",
        "false",
        "null",
        "[]",
        r#"["a"]"#,
        r#"["a","b"]"#,
        r#"["a",1]"#,
        r#"["a",null]"#,
        r#"["a",]"#,
        "{}",
        r#"{"a":1}"#,
        &format!(r#"{{"{BACKCHANNEL_LOGOUT_EVENT}":{{}}}}"#),
        &format!(r#"{{"{BACKCHANNEL_LOGOUT_EVENT}":{{}},"x":[1,{{}}]}}"#),
        &format!(r#"{{"{BACKCHANNEL_LOGOUT_EVENT}":null}}"#),
        &format!(r#"{{"{BACKCHANNEL_LOGOUT_EVENT}":[]}}"#),
        &format!(r#"{{"{BACKCHANNEL_LOGOUT_EVENT}":"x"}}"#),
        &format!(r#"{{"{BACKCHANNEL_LOGOUT_EVENT}":{{}},"{BACKCHANNEL_LOGOUT_EVENT}":{{}}}}"#),
        &format!(r#"{{"{BACKCHANNEL_LOGOUT_EVENT}":{{"a":{{"b":[]}}}}}}"#),
        &format!(r#"{{"{BACKCHANNEL_LOGOUT_EVENT}":{{"a":{{"b":[[]]}}}}}}"#),
        "[[[[[[]]]]]]",
    ];
    for name in [
        "iss", "aud", "azp", "iat", "exp", "events", "sub", "sid", "jti", "nonce", "other",
    ] {
        for value in values {
            let mut claims: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&format!("{{{usual}}}")).unwrap();
            claims.remove(name);
            let rest = serde_json::Value::Object(claims).to_string();
            let rest = rest.trim_start_matches('{').trim_end_matches('}');
            cases.push(format!(r#"{{{rest},"{name}":{value}}}"#));
            cases.push(with(&format!(r#""{name}":{value}"#)));
        }
    }
    // Member names, white space, structure, truncation.
    for members in [
        r#""x":1,"x":2"#,
        r#""nonce":1,"nonce":2"#,
        r#""i\u0073s":"x""#,
        r#""\u0000":1"#,
        "\"é\":1",
        r#""":1"#,
        r#""x":1,"#,
        r#""x":"#,
        r#""x""#,
        r#""x":1 "y":2"#,
        r#""x":tru"#,
        r#""x":nul"#,
        r#""x":True"#,
    ] {
        cases.push(with(members));
    }
    let spaced = format!(
        " \t\r\n{{ \"iss\" : \"{ISSUER}\" ,\n\"aud\"\t:\t[ \"{CLIENT}\" , \"x\" ] , \"iat\" : {NOW} ,\r\n \
         \"jti\":\"j\", \"sid\" : \"s\" , \"events\" : {{ \"{BACKCHANNEL_LOGOUT_EVENT}\" : {{ }} }} }} \n"
    );
    cases.push(spaced.clone());
    cases.push(format!("{spaced}x"));
    cases.push(format!("{spaced}{{}}"));
    cases.push(format!("\u{c}{spaced}"));
    cases.push(format!("\u{feff}{spaced}"));
    for base in [format!("{{{usual}}}"), spaced] {
        for end in 0..base.len() {
            cases.push(base[..end].to_string());
        }
    }
    for odd in ["", "null", "[]", "1", r#""x""#, "{}", "{,}", "{} {}", "{}}"] {
        cases.push(odd.to_string());
    }
    cases
}

#[test]
fn typed_claims_read_plain_when_any_json_then_serde_answers_the_same() {
    let (mut read, mut left) = (0, 0);
    for payload in json_cases() {
        match plain_claims_agree(payload.as_bytes()) {
            Some(true) => read += 1,
            None => left += 1,
            Some(false) => panic!(
                "the reader read {:?}, serde {:?}: {payload}",
                TypedClaims::read_plain(payload.as_bytes()),
                TypedClaims::parse(payload.as_bytes())
            ),
        }
    }
    // Not vacuous: the reader reads many of them itself and leaves many to serde.
    assert!(read >= 60 && left >= 200, "{read} read, {left} left");
}

#[test]
fn typed_claims_read_plain_when_valid_then_read_by_the_reader() {
    let payload = json_cases().remove(0);
    let claims = TypedClaims::read_plain(payload.as_bytes()).expect("read");
    assert_eq!(claims.iss.as_deref(), Some(ISSUER));
    assert_eq!(claims.iat, Some(NOW as f64));
    assert_eq!(claims.events, Some(true));
    assert_eq!(Some(claims), TypedClaims::parse(payload.as_bytes()));
}
