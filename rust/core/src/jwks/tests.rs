use oidc_sso_testkit::TestKey;
use serde_json::{json, Map, Value};

use super::*;

fn set_of(keys: Vec<Value>) -> KeySet {
    let doc: Map<String, Value> = serde_json::from_value(json!({ "keys": keys })).unwrap();
    parse_jwks(&doc).unwrap()
}

#[test]
fn parse_jwks_when_rsa_and_ec_keys_then_both_usable() {
    let set = set_of(vec![
        TestKey::rsa("r").public_jwk(),
        TestKey::ec("e").public_jwk(),
    ]);
    assert_eq!(set.keys.len(), 2);
    assert_eq!(set.skipped, 0);
}

#[test]
fn parse_jwks_when_unusable_keys_then_skipped() {
    let rsa = TestKey::rsa("r").public_jwk();
    let mut enc = rsa.clone();
    enc["use"] = json!("enc");
    let mut hs = rsa.clone();
    hs["alg"] = json!("HS256");
    let mut wrong_family = rsa.clone();
    wrong_family["alg"] = json!("ES256");
    let mut weak = rsa.clone();
    weak["n"] = json!("AQAB");
    let mut p384 = TestKey::ec("e").public_jwk();
    p384["crv"] = json!("P-384");
    let oct = json!({"kty": "oct", "k": "c2VjcmV0"});
    let set = set_of(vec![
        enc,
        hs,
        wrong_family,
        weak,
        p384,
        oct,
        json!("junk"),
        rsa,
    ]);
    assert_eq!(set.keys.len(), 1);
    assert_eq!(set.skipped, 7);
}

#[test]
fn parse_jwks_when_no_keys_array_then_error() {
    let doc: Map<String, Value> = serde_json::from_value(json!({"keys": {}})).unwrap();
    assert!(parse_jwks(&doc).is_err());
}

#[test]
fn select_when_kid_matches_key_of_other_family_then_not_found() {
    let set = set_of(vec![TestKey::rsa("k1").public_jwk()]);
    assert!(matches!(
        set.select(Some("k1"), SigningAlg::Es256),
        Selection::NotFound
    ));
    assert!(matches!(
        set.select(Some("k1"), SigningAlg::Rs256),
        Selection::Found(_)
    ));
}

#[test]
fn select_when_no_kid_then_only_a_single_suitable_key() {
    let one = set_of(vec![
        TestKey::rsa("a").public_jwk(),
        TestKey::ec("e").public_jwk(),
    ]);
    assert!(matches!(
        one.select(None, SigningAlg::Rs256),
        Selection::Found(_)
    ));
    let two = set_of(vec![
        TestKey::rsa("a").public_jwk(),
        TestKey::rsa_from_pool("b", 1).public_jwk(),
    ]);
    assert!(matches!(
        two.select(None, SigningAlg::Rs256),
        Selection::Ambiguous(2)
    ));
    assert!(matches!(
        two.select(None, SigningAlg::Es256),
        Selection::NotFound
    ));
}

#[test]
fn parse_jwks_when_ec_point_off_the_curve_or_rsa_modulus_unusable_then_skipped() {
    let mut off_curve = TestKey::ec("e").public_jwk();
    // y = 1 puts the point off P-256 (y^2 = x^3 - 3x + b does not hold for this x).
    off_curve["y"] = json!(URL_SAFE_NO_PAD.encode([&[0u8; 31][..], &[1u8]].concat()));
    let mut even_modulus = TestKey::rsa("r").public_jwk();
    let mut n = URL_SAFE_NO_PAD
        .decode(even_modulus["n"].as_str().unwrap())
        .unwrap();
    *n.last_mut().unwrap() &= 0xfe;
    even_modulus["n"] = json!(URL_SAFE_NO_PAD.encode(n));
    let set = set_of(vec![
        off_curve,
        even_modulus,
        TestKey::ec("ok").public_jwk(),
    ]);
    assert_eq!(set.keys.len(), 1, "only the valid key is kept");
    assert_eq!(set.keys[0].kid.as_deref(), Some("ok"));
    assert_eq!(set.skipped, 2);
}
