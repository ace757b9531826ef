//! The allocation-light answer (`Engine::validate_logout_token_compact`) against the owned one
//! (`validate_logout_token_bytes` then `to_compact`) on hostile tokens: the same bytes when
//! both accept, the same code and message when both refuse. Raw payloads and headers are
//! HS256-signed with the client secret, so members twice, escapes and huge numbers reach the
//! claim rules behind the signature.

use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use oidc_sso_testkit::op::{CLIENT_ID, CLIENT_SECRET};
use oidc_sso_testkit::{FakeClock, TestKey, TestOp, TokenBuilder};
use serde_json::json;

use oidc_sso_core::{Clock, Engine, HostContext, LogoutTokenRequest};

const ISSUER: &str = "https://idp.example.com/realms/main";
const EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

fn engine(key: &TestKey) -> (Engine, i64) {
    let clock = Arc::new(FakeClock::default());
    let op = TestOp::new(ISSUER, clock.clone());
    op.script(|s| s.serve_keys(&[key]));
    let config = json!({"schemaVersion": 1, "idps": [{
        "id": "compact", "issuer": ISSUER, "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
        "allowedAlgorithms": ["RS256", "HS256"], "trustedAudiences": ["trusted-aud"],
    }]});
    let host = HostContext {
        base_url: "https://jira.example.com".into(),
        callback_path: "/plugins/servlet/oidc/callback".into(),
        ..HostContext::default()
    };
    let now = clock.now_unix();
    let engine = Engine::new(config.to_string().as_bytes(), host, Arc::new(op), clock)
        .expect("valid configuration");
    (engine, now)
}

fn hs256(header: &[u8], payload: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let key = jsonwebtoken::EncodingKey::from_secret(CLIENT_SECRET.as_bytes());
    let signature =
        jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::HS256)
            .expect("HS256");
    format!("{input}.{signature}")
}

const HEADER: &[u8] = br#"{"alg":"HS256","typ":"logout+jwt"}"#;

/// A valid payload with `members` (raw JSON, `,`-separated) after the usual ones.
fn payload(now: i64, members: &str) -> String {
    let usual = format!(
        r#""iss":"{ISSUER}","aud":"{CLIENT_ID}","iat":{now},"exp":{},"jti":"j-1","sub":"alice","sid":"s-1","events":{{"{EVENT}":{{}}}}"#,
        now + 120
    );
    if members.is_empty() {
        format!("{{{usual}}}")
    } else {
        format!("{{{usual},{members}}}")
    }
}

/// Both answers for `token`: (the owned path's, the compact path's), each as the answer's
/// bytes or (code, message).
type Answer = Result<Vec<u8>, (String, String)>;

fn both(engine: &Engine, token: &[u8]) -> (Answer, Answer) {
    let error = |e: oidc_sso_core::Error| (e.code().as_str().to_string(), e.to_string());
    let owned = engine
        .validate_logout_token_bytes(token)
        .and_then(|d| d.to_compact())
        .map_err(error);
    let mut out = b"left over".to_vec();
    let compact = engine
        .validate_logout_token_compact(token, &mut out)
        .map(|()| out.clone())
        .map_err(error);
    if compact.is_err() {
        assert!(out.is_empty(), "nothing left in `out` after a refusal");
    }
    // The token's bytes go through `jose::parse_plain` when plain; the request's text never
    // does (checked as text, split by `jose::parse_compact`): the same answer either way.
    if let Ok(text) = std::str::from_utf8(token) {
        let full = engine
            .validate_logout_token(&LogoutTokenRequest {
                logout_token: text.to_string(),
            })
            .and_then(|d| d.to_compact())
            .map_err(error);
        assert_eq!(owned, full, "the bytes' path and the text's path");
    }
    (owned, compact)
}

#[test]
fn validate_logout_token_compact_when_hostile_tokens_then_same_answer_as_owned_path() {
    let key = TestKey::rsa("compact-rsa");
    let (engine, now) = engine(&key);
    let mut tokens: Vec<(String, Vec<u8>)> = Vec::new();
    let raw = |tokens: &mut Vec<(String, Vec<u8>)>, name: &str, header: &[u8], members: &str| {
        let token = hs256(header, payload(now, members).as_bytes());
        tokens.push((name.to_string(), token.into_bytes()));
    };
    // The payload: escapes, duplicates, huge numbers, odd strings, other types.
    for (name, members) in [
        ("valid", ""),
        (
            "escaped sub and jti",
            r#""sub":"\u0061lice\n","jti":"j\u00e9""#,
        ),
        ("escaped printable sub", r#""x":1,"sub2":"\u0062ob""#),
        ("sub twice", r#""sub":"bob""#),
        ("iat twice", &format!(r#""iat":{now}"#)),
        ("huge number member", r#""n":1e400"#),
        ("huge iat", r#""iat2":1e308,"x":-0.0"#),
        ("lone surrogate in extra member", r#""x":"\ud800""#),
        ("nonce", r#""nonce":"n""#),
        ("null member", r#""azp":null"#),
        ("azp other", r#""azp":"other""#),
        ("aud array twice", r#""aud":["oidc-sso-test"]"#),
        (
            "deep extra",
            &format!(r#""x":{}1{}"#, "[".repeat(130), "]".repeat(130)),
        ),
    ] {
        raw(&mut tokens, name, HEADER, members);
    }
    let long_sub = format!(r#""x":"{}""#, "é".repeat(200));
    raw(&mut tokens, "non-ASCII extra", HEADER, &long_sub);
    // Identifiers at and past their bound, ASCII and not.
    for (name, value) in [
        ("sub of 255", "s".repeat(255)),
        ("sub of 256", "s".repeat(256)),
        ("sub of 254 bytes, 2-byte chars", "é".repeat(127)),
        ("sub of 256 bytes, 2-byte chars", "é".repeat(128)),
        ("sub with DEL", "a\u{7f}b".to_string()),
        ("sub with a C1 control", "a\u{85}b".to_string()),
        ("sub with U+00A0", "a\u{a0}b".to_string()),
    ] {
        let claims = json!({
            "iss": ISSUER, "aud": [CLIENT_ID, "trusted-aud"], "azp": CLIENT_ID, "iat": now,
            "jti": "j", "sid": "s", "events": {EVENT: {}}, "sub": value,
        });
        let token = hs256(HEADER, claims.to_string().as_bytes());
        tokens.push((name.to_string(), token.into_bytes()));
    }
    // Payloads at the stack buffer's bound (1024 decoded bytes) and around it.
    let bare = payload(now, r#""pad":"""#).len();
    for size in [1021, 1022, 1023, 1024, 1025, 1026, 1027, 4000] {
        let pad = "p".repeat(size - bare);
        let members = format!(r#""pad":"{pad}""#);
        assert_eq!(payload(now, &members).len(), size);
        raw(
            &mut tokens,
            &format!("payload of {size} bytes"),
            HEADER,
            &members,
        );
    }
    // Headers: odd `kid`s (HS256 ignores the kid; RS256 looks it up).
    for kid in [
        "k".repeat(255),
        "k".repeat(256),
        "k".repeat(257),
        "é".repeat(128),
        format!("{}k", "é".repeat(128)),
        r"\u006bid".to_string(),
        r"a\u0007b".to_string(),
        "a\u{85}b".to_string(),
        String::new(),
    ] {
        let header = format!(r#"{{"alg":"HS256","typ":"logout+jwt","kid":"{kid}"}}"#);
        raw(&mut tokens, &format!("kid {kid:?}"), header.as_bytes(), "");
    }
    raw(
        &mut tokens,
        "kid twice",
        br#"{"alg":"HS256","kid":"a","kid":"b"}"#,
        "",
    );
    raw(
        &mut tokens,
        "kid null",
        br#"{"alg":"HS256","kid":null}"#,
        "",
    );
    for kid in ["compact-rsa", "unknown", &"k".repeat(256), &"k".repeat(257)] {
        let token = TokenBuilder::logout_token(&key, ISSUER, CLIENT_ID, "alice", "sid", now)
            .header("kid", json!(kid))
            .build();
        tokens.push((format!("RS256 kid {kid:?}"), token.into_bytes()));
    }
    tokens.push(("not UTF-8".into(), b"e30.\xff.e30".to_vec()));
    tokens.push(("blank".into(), b"  ".to_vec()));
    // What `jose::parse_plain` leaves to the text path: a valid token with spaces or a line
    // break around it (accepted, trimmed), a fourth part, padding, a non-ASCII byte at the
    // end, a header the typed struct does not take (accepted through the map rules).
    let valid = hs256(HEADER, payload(now, "").as_bytes());
    for (name, token) in [
        ("spaces around", format!("  {valid} ").into_bytes()),
        ("line break after", format!("{valid}\r\n").into_bytes()),
        ("a fourth part", format!("{valid}.e30").into_bytes()),
        ("a trailing dot", format!("{valid}.").into_bytes()),
        ("padded signature", format!("{valid}=").into_bytes()),
        ("five parts", format!("{valid}.e30.e30").into_bytes()),
        ("a leading brace", format!("{{{valid}").into_bytes()),
        (
            "non-ASCII after",
            [valid.as_bytes(), "é".as_bytes()].concat(),
        ),
        (
            "a byte not UTF-8 after",
            [valid.as_bytes(), b"\xff"].concat(),
        ),
    ] {
        tokens.push((name.to_string(), token));
    }
    // base64url the plain path's decoder must refuse as the `base64` crate does (`b-core3`): a
    // last character with unused bits set (the header's 46 characters leave 4 bits unused,
    // the signature's 43 leave 2), `+` and `/` of the other alphabet, a `=` inside a part.
    let (header_b64, rest) = valid.split_once('.').expect("three parts");
    let (payload_b64, signature_b64) = rest.split_once('.').expect("three parts");
    let bump_last = |part: &str| {
        let mut bytes = part.as_bytes().to_vec();
        let last = bytes.last_mut().expect("not empty");
        *last = if *last == b'_' { b'-' } else { *last + 1 };
        String::from_utf8(bytes).expect("ASCII")
    };
    for (name, token) in [
        (
            "header's unused bits set",
            format!("{}.{payload_b64}.{signature_b64}", bump_last(header_b64)),
        ),
        (
            "signature's unused bits set",
            format!("{header_b64}.{payload_b64}.{}", bump_last(signature_b64)),
        ),
        (
            "a `+` in the payload",
            format!("{header_b64}.+{}.{signature_b64}", &payload_b64[1..]),
        ),
        (
            "a `/` in the signature",
            format!("{header_b64}.{payload_b64}.{}/", &signature_b64[1..]),
        ),
        (
            "a `=` inside the header",
            format!(
                "{}=.{payload_b64}.{signature_b64}",
                &header_b64[..header_b64.len() - 2]
            ),
        ),
        (
            "a space inside the payload",
            format!("{header_b64}.{} .{signature_b64}", payload_b64),
        ),
    ] {
        tokens.push((name.to_string(), token.into_bytes()));
    }
    let odd_header = br#"{"alg":"HS256","typ":"logout+jwt","typ2":null,"kid":"k\u0031"}"#;
    raw(&mut tokens, "escaped kid", odd_header, "");
    raw(
        &mut tokens,
        "null kid (map path)",
        br#"{"alg":"HS256","kid":null}"#,
        "",
    );
    // The strict JSON reader of the bytes' path (`b-json`) against serde on the text's path:
    // members twice, escapes, non-ASCII, white space, odd types and numbers, `null`s.
    for (name, members) in [
        ("aud empty array", r#""aud":[]"#),
        (
            "aud array with null",
            r#""aud2":1,"aud":["oidc-sso-test",null]"#,
        ),
        (
            "azp twice",
            r#""azp":"oidc-sso-test","azp":"oidc-sso-test""#,
        ),
        ("jti twice", r#""jti":"j-1""#),
        ("events twice", &format!(r#""events":{{"{EVENT}":{{}}}}"#)),
        (
            "event twice",
            &format!(r#""events2":0,"events":{{"{EVENT}":{{}},"{EVENT}":{{}}}}"#),
        ),
        (
            "event with extra members",
            &format!(r#""x":{{"{EVENT}":{{"a":[1,{{}}]}},"b":true}}"#),
        ),
        ("events null", r#""events":null"#),
        ("nonce null", r#""nonce":null"#),
        ("escaped null character", r#""x":"\u0000""#),
        ("surrogate pair", r#""x":"\ud83d\ude00""#),
        ("escaped member name", r#""s\u0069d":"s-2""#),
        ("exp as float", r#""exp2":1.5,"x":1e3"#),
        ("exp negative zero", r#""x":-0"#),
        ("leading zero", r#""x":01"#),
        ("past u64", r#""x":18446744073709551616"#),
        ("past i64", r#""x":-9223372036854775809"#),
        ("trailing comma", r#""x":1,"#),
        (
            "unknown of every type",
            r#""a":"s","b":1,"c":-2,"d":true,"e":false,"f":null,"g":[],"h":{}"#,
        ),
        ("unknown nested five deep", r#""x":[[[[[]]]]]"#),
    ] {
        raw(&mut tokens, name, HEADER, members);
    }
    let spaced = format!(
        " \t\r\n{{ \"iss\" : \"{ISSUER}\" ,\n\"aud\"\t:\t[ \"{CLIENT_ID}\" , \"trusted-aud\" ] , \"azp\":\"{CLIENT_ID}\", \
         \"iat\" : {now} , \"jti\":\"j\", \"sid\" : \"s\" , \"events\" : {{ \"{EVENT}\" : {{ }} }} }} \n"
    );
    for (name, header, payload) in [
        ("white space everywhere", HEADER.to_vec(), spaced.clone()),
        (
            "white space in the header",
            b" {\"alg\" : \"HS256\" ,\n\"typ\":\"logout+jwt\" } ".to_vec(),
            spaced.clone(),
        ),
        (
            "truncated payload",
            HEADER.to_vec(),
            spaced[..spaced.len() - 4].to_string(),
        ),
        (
            "typ twice",
            br#"{"alg":"HS256","typ":"logout+jwt","typ":"logout+jwt"}"#.to_vec(),
            spaced.clone(),
        ),
        (
            "escaped alg",
            br#"{"alg":"HS\u0032256","typ":"logout+jwt"}"#.to_vec(),
            spaced.clone(),
        ),
        (
            "crit null",
            br#"{"alg":"HS256","crit":null}"#.to_vec(),
            spaced.clone(),
        ),
        (
            "typ number",
            br#"{"alg":"HS256","typ":1}"#.to_vec(),
            spaced.clone(),
        ),
        (
            "event null",
            HEADER.to_vec(),
            spaced.replace("{ } }", "null }"),
        ),
        (
            "event an array",
            HEADER.to_vec(),
            spaced.replace("{ } }", "[ ] }"),
        ),
        (
            "event a string",
            HEADER.to_vec(),
            spaced.replace("{ } }", "\"x\" }"),
        ),
    ] {
        assert!(payload.len() > 100, "{name}");
        let token = hs256(&header, payload.as_bytes());
        tokens.push((name.to_string(), token.into_bytes()));
    }
    let big_header = format!(r#"{{"alg":"HS256","x":"{}"}}"#, "h".repeat(600));
    raw(
        &mut tokens,
        "header past its buffer",
        big_header.as_bytes(),
        "",
    );

    let (mut accepted, mut refused) = (0, 0);
    for (name, token) in &tokens {
        // The plain path's base64url decoder answers as the `base64` crate on every token and
        // each of its dot-separated parts (`b-core3`).
        oidc_sso_core::fuzzing::assert_base64url_agrees(token);
        for part in token.split(|b| *b == b'.') {
            oidc_sso_core::fuzzing::assert_base64url_agrees(part);
        }
        let (owned, compact) = both(&engine, token);
        assert_eq!(compact, owned, "{name}");
        if owned.is_ok() {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    // Not vacuous: both kinds of answer are compared.
    assert!(
        accepted >= 15 && refused >= 15,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn validate_logout_token_compact_when_payload_over_the_stack_buffer_then_still_accepted() {
    let (engine, now) = engine(&TestKey::rsa("compact-rsa"));
    let bare = payload(now, r#""pad":"""#).len();
    for size in [1024, 1025, 64 * 1024 / 4 * 3 - 200] {
        let members = format!(r#""pad":"{}""#, "p".repeat(size - bare));
        let token = hs256(HEADER, payload(now, &members).as_bytes());
        let mut out = Vec::new();
        engine
            .validate_logout_token_compact(token.as_bytes(), &mut out)
            .unwrap_or_else(|e| panic!("{size}: {e}"));
        let decision = engine
            .validate_logout_token_bytes(token.as_bytes())
            .unwrap();
        assert_eq!(out, decision.to_compact().unwrap(), "{size}");
        assert_eq!(decision.sub.as_deref(), Some("alice"));
    }
}
