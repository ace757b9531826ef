//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz). Not an API: each function
//! feeds untrusted bytes to one parser/validator of the core and discards the verdict;
//! the fuzzer looks for panics, hangs and runaway memory. Errors are rendered (`hint`)
//! too, since escaping hostile values is part of what must not crash.

use crate::Code;
use std::sync::LazyLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::config::{Config, IdpConfig};
use crate::id_token::{self, Expectations};
use crate::jwks::{self, KeySet, Selection, VerificationKey};
use crate::types::{ClientId, ClientSecret, Issuer, Nonce, SigningAlg};
use crate::{discovery, fetch, Error};

const NOW: i64 = 1_764_345_600;
const ISSUER: &str = "https://idp.example.com";
const CLIENT_ID: &str = "fuzz-client";
const NONCE: &str = "fuzz-nonce";
static ISSUER_ID: LazyLock<Issuer> = LazyLock::new(|| Issuer::new(ISSUER));
static CLIENT: LazyLock<ClientId> = LazyLock::new(|| ClientId::new(CLIENT_ID));
static FLOW_NONCE: LazyLock<Nonce> = LazyLock::new(|| Nonce::new(NONCE));
const SECRET: &str = "fuzz-client-secret-0123456789abcdef-0123456789abcdef-0123456789ab";
const ACCESS_TOKEN: &str = "fuzz-access-token";

/// Public keys of the fuzzing IdP: RSA-2048, P-256 and Ed25519 (no private parts).
const JWKS: &str = r#"{"keys": [
 {"kty": "RSA", "kid": "rsa", "e": "AQAB",
  "n": "wfTaiiGk43b9U5a25gwGUtimZit6eAWKX6rsJeJXXMrxmclt5ud0HfUwaBf-teMiRC5lgn_GG0PCnAnGi7HfPJIYOosjsJu-02rUWP_2MuX4zYCxlNW44wnhevcJFYIA-3OLsI05Uu802ipHFlYo_vTmkbi3hKF4GMs3VIRmIN7rPz6inPwkgivnQRJlGnTjlXHVt0Wj_2WLb6M_jOdIpu3Bo-AoOQQ7TBkKB95FKnGPf0ehpobQF8_xFUs-Lt9Osbweh83c1dU-BiC9F3frBxFWgashl8g3_iMYBzlgbYYCQNJfKW_uTs8AKI_hBw6tgebFSU7eqV56lEW8NJrVNw"},
 {"kty": "EC", "kid": "ec", "crv": "P-256",
  "x": "hao7bou0VKgQMsjz4XjLrYcji6mHvkuI0HdgZb6_fVk", "y": "MJ9frXfx3kEKDbRqzakmAp90nKrHqXslQFPuV77V3H8"},
 {"kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": "akzd5aKBQIxbWJ8f9-NxqHmceH1gAofTmpe9Gg19rWY"}
]}"#;

fn key_set() -> KeySet {
    let doc: Map<String, Value> = serde_json::from_str(JWKS).unwrap_or_default();
    jwks::parse_jwks(&doc).unwrap_or_default()
}

fn expectations() -> Expectations<'static> {
    Expectations {
        issuer: &ISSUER_ID,
        client_id: &CLIENT,
        trusted_audiences: &[],
        nonce: &FLOW_NONCE,
        allowed_algorithms: &SigningAlg::ALL,
        leeway: 60,
        now: NOW,
        flow_started_at: NOW - 30,
        max_token_age: 600,
        max_age: Some(300),
        reauthenticated_since: None,
        access_token: Some(ACCESS_TOKEN),
    }
}

/// Renders the outcome like the engine would for the admin.
fn render<T>(result: Result<T, Error>) -> bool {
    match result {
        Ok(_) => true,
        Err(e) => {
            let _ = (e.code(), e.hint(), e.kind());
            false
        }
    }
}

fn validate(token: &str, keys: &KeySet) -> bool {
    let secret = ClientSecret::new(SECRET);
    let lookup = |kid: Option<&str>, alg: SigningAlg| -> Result<VerificationKey, Error> {
        if alg.is_hmac() {
            return Ok(VerificationKey::client_secret(&secret));
        }
        match keys.select(kid, alg) {
            Selection::Found(key) => Ok(key.clone()),
            _ => Err(Error::auth(Code::UnknownSigningKey, "no key")),
        }
    };
    render(id_token::validate(token, &expectations(), &lookup))
}

/// For the `logout_token` bench (`b-json`): a token's header and payload read into the typed
/// structs by the strict reader of the plain path (`strict`) or by serde, as
/// `jose::parse_plain` and `UnverifiedLogoutToken::claims` read them; whether both were read.
pub fn read_typed_json(header: &[u8], payload: &[u8], strict: bool) -> bool {
    if strict {
        crate::jose::read_plain_header(header) && crate::logout_token::read_plain_claims(payload)
    } else {
        crate::jose::read_serde_header(header) && crate::logout_token::read_serde_claims(payload)
    }
}

/// The plain path's base64url decoder (`jose/base64url.rs`, b-core3) against the `base64`
/// crate's `URL_SAFE_NO_PAD` engine on any input: both take it with the same octets, or both
/// refuse it. Panics when they differ (the `jws` fuzz target and the tests call it).
pub fn assert_base64url_agrees(input: &[u8]) {
    let mut ours = vec![0; input.len() / 4 * 3 + 3];
    let ours = crate::jose::decode_base64url(input, &mut ours).map(|len| ours[..len].to_vec());
    let theirs = URL_SAFE_NO_PAD.decode(input).ok();
    assert_eq!(
        ours,
        theirs,
        "the plain path's base64url decoder and the base64 crate differ on {:?}",
        String::from_utf8_lossy(input)
    );
}

/// For the `logout_token` bench (b-core3): a token's three parts decoded by the plain path's
/// decoder (`ours`) or by the `base64` crate's engine, into `out`; the decoded octets in all.
pub fn decode_parts(parts: &[&[u8]], out: &mut [u8], ours: bool) -> usize {
    parts
        .iter()
        .map(|part| {
            let len = if ours {
                crate::jose::decode_base64url(part, out)
            } else {
                URL_SAFE_NO_PAD.decode_slice(part, &mut *out).ok()
            };
            std::hint::black_box(len).unwrap_or(0)
        })
        .sum()
}

/// Any string as an ID token, against the fuzzing IdP's keys and the client secret.
pub fn validate_id_token(token: &str) -> bool {
    validate(token, &key_set())
}

/// `header` and `payload` (raw bytes, usually JSON) encoded and HS256-signed with the
/// client secret, then validated: the claim checks behind the signature are reached.
/// An empty header becomes `{"alg":"HS256"}`.
pub fn validate_signed_id_token(header: &[u8], payload: &[u8]) -> bool {
    let header = if header.is_empty() {
        br#"{"alg":"HS256"}"#.as_slice()
    } else {
        header
    };
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let key = jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes());
    let Ok(signature) =
        jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::HS256)
    else {
        return false;
    };
    validate(&format!("{input}.{signature}"), &KeySet::default())
}

/// `header` and `payload` HS256-signed with the client secret (like
/// [`validate_signed_id_token`]), then validated as a back-channel logout token; a header
/// that is not `{"alg":"HS256"...}` reaches the JOSE checks instead. Every claim check of
/// Back-Channel Logout 1.0 §2.6 is reached. An empty header becomes
/// `{"alg":"HS256","typ":"logout+jwt"}`.
pub fn validate_signed_logout_token(header: &[u8], payload: &[u8]) -> bool {
    let header = if header.is_empty() {
        br#"{"alg":"HS256","typ":"logout+jwt"}"#.as_slice()
    } else {
        header
    };
    // The strict reader of the plain path never reads anything other than serde does.
    assert_ne!(
        crate::jose::plain_header_agrees(header),
        Some(false),
        "the strict reader and serde differ on the header {:?}",
        String::from_utf8_lossy(header)
    );
    assert_ne!(
        crate::logout_token::plain_claims_agree(payload),
        Some(false),
        "the strict reader and serde differ on the payload {:?}",
        String::from_utf8_lossy(payload)
    );
    let Some(token) = hs256(header, payload) else {
        return false;
    };
    let secret = ClientSecret::new(SECRET);
    let expect = crate::logout_token::LogoutExpectations {
        audience: crate::jwt_claims::Audience {
            issuer: &ISSUER_ID,
            client_id: &CLIENT,
            trusted: &[],
        },
        allowed_algorithms: &SigningAlg::ALL,
        leeway: 60,
        now: NOW,
        max_token_age: 600,
    };
    let keys = key_set();
    let lookup = |kid: Option<&str>, alg: SigningAlg| -> Result<VerificationKey, Error> {
        if alg.is_hmac() {
            return Ok(VerificationKey::client_secret(&secret));
        }
        match keys.select(kid, alg) {
            Selection::Found(key) => Ok(key.clone()),
            _ => Err(Error::auth(Code::UnknownSigningKey, "no key")),
        }
    };
    let issuer_found = render(crate::logout_token::unverified_issuer(&token));
    render(crate::logout_token::validate(&token, &expect, &lookup)) && issuer_found
}

fn hs256(header: &[u8], payload: &[u8]) -> Option<String> {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let key = jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes());
    let signature =
        jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::HS256).ok()?;
    Some(format!("{input}.{signature}"))
}

fn fuzz_idp() -> Option<IdpConfig> {
    let doc = json!({"schemaVersion": 1, "idps": [{
        "id": "fuzz", "issuer": ISSUER, "clientId": CLIENT_ID, "clientSecret": SECRET,
    }]});
    Config::parse(doc.to_string().as_bytes())
        .ok()
        .and_then(|mut c| c.idps.pop())
}

/// Any bytes as the discovery document of the fuzzing IdP.
pub fn discovery_document(body: &[u8]) -> bool {
    let (Some(idp), Ok(doc)) = (fuzz_idp(), fetch::json_object(body)) else {
        return false;
    };
    let url = crate::url_policy::discovery_url(ISSUER);
    render(discovery::parse_metadata(
        &idp,
        "/idps/0/issuer",
        &url,
        &doc,
    ))
}

/// Any bytes as a JWKS document; every algorithm's key selection is exercised.
pub fn jwks_document(body: &[u8]) -> bool {
    let Ok(doc) = fetch::json_object(body) else {
        return false;
    };
    let Ok(set) = jwks::parse_jwks(&doc) else {
        return false;
    };
    let kids: Vec<Option<String>> = set
        .keys
        .iter()
        .map(|k| k.kid.as_deref().map(str::to_owned))
        .chain([None])
        .collect();
    for alg in SigningAlg::ALL {
        for kid in &kids {
            let _ = matches!(set.select(kid.as_deref(), alg), Selection::Found(_));
        }
    }
    !set.keys.is_empty()
}

/// Any bytes as a configuration document (import).
pub fn config_document(body: &[u8]) -> bool {
    match Config::parse(body) {
        Ok(config) => {
            let _ = format!("{config:?}");
            true
        }
        Err(problems) => {
            let _ = problems.iter().map(|p| p.message.len()).sum::<usize>();
            false
        }
    }
}

/// Any text as an admin's login-page template (the first byte picks the page): checked
/// as the configuration is, and when accepted rendered like a request would render it.
/// Output, memory and work are bounded by construction (crate::page_templates); the
/// fuzzer looks for panics, hangs and runaway memory.
pub fn page_template(data: &[u8]) {
    use crate::api::{PageKind, RenderRequest, RouteDecision};
    use crate::routing::{Pages, Router};
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let page = ["chooser", "error", "logout"][usize::from(selector % 3)];
    let source = String::from_utf8_lossy(rest);
    let idp = |id: &str, name: &str| {
        json!({"id": id, "displayName": name, "issuer": format!("{ISSUER}/{id}"),
               "clientId": CLIENT_ID, "clientSecret": SECRET,
               "iconUrl": format!("https://cdn.example.com/{id}.svg")})
    };
    let doc = json!({
        "schemaVersion": 1,
        "idps": [idp("a", "Alpha <&> \"IdP\""), idp("b", "Bêta")],
        "templates": {page: source},
    });
    let Ok(config) = Config::parse(doc.to_string().as_bytes()) else {
        return;
    };
    let (router, Ok(pages)) = (Router::new(&config), Pages::new(&config)) else {
        return;
    };
    let decision = (selector & 4 != 0).then(|| RouteDecision::Redirect {
        idp_id: "a".into(),
        delayed: true,
        delay_seconds: 3,
        rule: None,
    });
    let request = RenderRequest {
        page: serde_json::from_value(json!(page)).unwrap_or(PageKind::Error),
        context_path: "/jira".into(),
        login_path: "/login".into(),
        return_to: Some("/browse/X-1?a=b&c=<d>".into()),
        decision,
        code: Some("idp_unavailable".into()),
        reference: Some("ref-1234".into()),
        login_hint: Some("Jane.Doe+x@<Example>.test".into()),
        site_name: Some("Jira & <Friends>".into()),
    };
    let _ = pages
        .render(&request, &router)
        .map(|page| (page.html.len(), page.warning));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_set_when_parsed_then_all_three_keys_usable() {
        let set = key_set();
        assert_eq!(set.keys.len(), 3, "{set:?}");
    }

    #[test]
    fn validate_signed_id_token_when_valid_claims_then_accepted() {
        let claims = json!({
            "iss": ISSUER, "aud": CLIENT_ID, "sub": "s", "nonce": NONCE,
            "iat": NOW, "exp": NOW + 60, "auth_time": NOW,
        });
        assert!(validate_signed_id_token(b"", claims.to_string().as_bytes()));
        assert!(!validate_signed_id_token(b"", b"{}"));
    }

    #[test]
    fn validate_signed_logout_token_when_valid_claims_then_accepted() {
        let claims = json!({
            "iss": ISSUER, "aud": CLIENT_ID, "sub": "s", "sid": "x", "jti": "j",
            "iat": NOW, "exp": NOW + 60,
            "events": {crate::logout_token::BACKCHANNEL_LOGOUT_EVENT: {}},
        });
        assert!(validate_signed_logout_token(
            b"",
            claims.to_string().as_bytes()
        ));
        assert!(!validate_signed_logout_token(b"", b"{}"));
        let with_nonce = json!({"nonce": "n"});
        let mut bad = claims.clone();
        bad.as_object_mut()
            .unwrap()
            .extend(with_nonce.as_object().unwrap().clone());
        assert!(!validate_signed_logout_token(
            b"",
            bad.to_string().as_bytes()
        ));
    }

    #[test]
    fn entry_points_when_garbage_then_false_without_panic() {
        assert!(!validate_id_token("a.b.c"));
        assert!(!discovery_document(b"[]"));
        assert!(!jwks_document(b"{\"keys\": [1]}"));
        assert!(!config_document(b"{"));
    }
}
