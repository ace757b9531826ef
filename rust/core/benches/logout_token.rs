//! Back-channel logout token validation against its floor (docs/benchmarks.md, "Signature
//! verification"), for RS256 (2048-bit key) and ES256 (P-256), in one run:
//!
//! - `aws_lc_verify`: aws-lc-rs verifying the signature alone, key parsed once: the floor;
//! - `aws_lc_verify_unparsed`: the same with the key parsed from its JWK parts on every call;
//! - `rustcrypto_verify`: the RustCrypto crates (`rsa`, `p256`) verifying alone, for reference:
//!   the backend the library used before;
//! - `core_validate`: `Engine::validate_logout_token`, everything the core does for one token
//!   (split, IdP by `iss`, header rules, key lookup in the cached JWKS, signature, every
//!   claim check);
//! - `core_validate_bytes`: what the JNI call does in Rust: the token's bytes in
//!   (`Engine::validate_logout_token_bytes`), the compact answer out
//!   (`LogoutTokenDecision::to_compact`), i.e. the JNI call minus the JVM's side (JMH measures
//!   that one, beside the floor in the same JVM: `scripts/bench.sh`);
//! - `core_validate_compact`: the same through `Engine::validate_logout_token_compact`, the
//!   compact answer written into a buffer the caller keeps (no allocation on the way).
//!
//! Before criterion's groups, a paired run alternates blocks of the floor and of the core's
//! validation (400 blocks of 20 calls each) and prints the medians and their ratio: on a shared
//! machine, where separate measurement windows see different loads, only calls made side by
//! side compare fairly. With `OIDCSSO_BENCH_PAIRED=<file>` it also writes them as JSON.
//!
//! `cargo bench -p oidc-sso-core --bench logout_token`

use std::hint::black_box;
use std::time::Instant;

use aws_lc_rs::signature::{
    ParsedPublicKey, RsaPublicKeyComponents, UnparsedPublicKey, VerificationAlgorithm,
    ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256,
};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use criterion::{criterion_group, Criterion};
use oidc_sso_core::fuzzing::{decode_parts, read_typed_json};
use oidc_sso_core::Engine;
use oidc_sso_core::{LogoutTokenDecision, LogoutTokenRequest};
use oidc_sso_testkit::{logout, TestKey};
use serde_json::json;

/// One algorithm's setup: an engine whose IdP publishes `key`, and a valid token it signed.
struct Case {
    name: &'static str,
    key: TestKey,
    engine: Engine,
    token: String,
}

impl Case {
    fn new(name: &'static str, key: TestKey) -> Case {
        let (engine, token) = logout::engine_with_valid_token(&key);
        let case = Case {
            name,
            key,
            engine,
            token,
        };
        // Discovery and the JWKS are fetched here, once: the benchmark measures the cached path.
        case.validate().expect("the benchmark token is valid");
        case
    }

    fn validate(&self) -> Result<LogoutTokenDecision, oidc_sso_core::Error> {
        self.engine.validate_logout_token(&LogoutTokenRequest {
            logout_token: self.token.clone(),
        })
    }

    /// The JNI call's Rust side: the token's bytes in, the compact answer out.
    fn validate_bytes(&self) -> Vec<u8> {
        let decision = self
            .engine
            .validate_logout_token_bytes(black_box(self.token.as_bytes()));
        decision
            .expect("valid")
            .to_compact()
            .expect("compact answer")
    }

    /// The same through `Engine::validate_logout_token_compact`, into a buffer kept between
    /// calls (as a caller that reuses it would).
    fn validate_compact(&self, out: &mut Vec<u8>) {
        self.engine
            .validate_logout_token_compact(black_box(self.token.as_bytes()), out)
            .expect("valid");
    }

    fn parts(&self) -> (&[u8], Vec<u8>) {
        let (signing_input, signature) = self.token.rsplit_once('.').expect("compact JWS");
        let signature = URL_SAFE_NO_PAD.decode(signature).expect("base64url");
        (signing_input.as_bytes(), signature)
    }

    fn jwk_bytes(&self, member: &str) -> Vec<u8> {
        let jwk = self.key.public_jwk();
        let text = jwk[member].as_str().expect("JWK member");
        URL_SAFE_NO_PAD.decode(text).expect("base64url")
    }

    /// The algorithm and the public key in the form aws-lc-rs parses (a PKCS#1 RSAPublicKey
    /// or an uncompressed EC point).
    fn aws_lc_key(&self) -> (&'static dyn VerificationAlgorithm, Vec<u8>) {
        match self.name {
            "RS256" => (
                &RSA_PKCS1_2048_8192_SHA256,
                rsa_public_key_der(&self.jwk_bytes("n"), &self.jwk_bytes("e")),
            ),
            _ => {
                let mut point = vec![4u8];
                point.extend(self.jwk_bytes("x"));
                point.extend(self.jwk_bytes("y"));
                (&ECDSA_P256_SHA256_FIXED, point)
            }
        }
    }
}

/// DER `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` (RFC 8017 A.1.1).
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match body.len() {
            len @ 0..=127 => out.push(len as u8),
            len @ 128..=255 => out.extend([0x81, len as u8]),
            len => out.extend([0x82, (len >> 8) as u8, len as u8]),
        }
        out.extend(body);
        out
    }
    fn integer(bytes: &[u8]) -> Vec<u8> {
        let mut body = if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            vec![0]
        } else {
            Vec::new()
        };
        body.extend(bytes);
        tlv(0x02, &body)
    }
    let mut body = integer(n);
    body.extend(integer(e));
    tlv(0x30, &body)
}

fn logout_token(c: &mut Criterion) {
    for case in [
        Case::new("RS256", TestKey::rsa("bench-rsa")),
        Case::new("ES256", TestKey::ec("bench-ec")),
    ] {
        let mut group = c.benchmark_group(format!("logout_token/{}", case.name));
        let (input, signature) = case.parts();
        let (algorithm, key_bytes) = case.aws_lc_key();
        let parsed = ParsedPublicKey::new(algorithm, &key_bytes).expect("aws-lc parses the key");
        assert!(parsed.verify_sig(input, &signature).is_ok());
        assert!(case.key.verify(input, &signature));

        group.bench_function("aws_lc_verify", |b| {
            b.iter(|| parsed.verify_sig(black_box(input), black_box(&signature)))
        });
        // What a verifier without a key cache does: the key from its JWK parts on each call.
        if case.name == "RS256" {
            let (n, e) = (case.jwk_bytes("n"), case.jwk_bytes("e"));
            group.bench_function("aws_lc_verify_unparsed", |b| {
                b.iter(|| {
                    RsaPublicKeyComponents { n: &n, e: &e }.verify(
                        &RSA_PKCS1_2048_8192_SHA256,
                        black_box(input),
                        black_box(&signature),
                    )
                })
            });
        } else {
            group.bench_function("aws_lc_verify_unparsed", |b| {
                b.iter(|| {
                    UnparsedPublicKey::new(algorithm, &key_bytes)
                        .verify(black_box(input), black_box(&signature))
                })
            });
        }
        group.bench_function("rustcrypto_verify", |b| {
            b.iter(|| case.key.verify(black_box(input), black_box(&signature)))
        });
        group.bench_function("core_validate", |b| b.iter(|| case.validate()));
        group.bench_function("core_validate_bytes", |b| b.iter(|| case.validate_bytes()));
        let mut out = Vec::new();
        group.bench_function("core_validate_compact", |b| {
            b.iter(|| case.validate_compact(&mut out))
        });
        group.finish();
    }
}

/// Median microseconds per call of each routine, measured in alternating blocks.
fn paired(routines: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    const BLOCKS: usize = 400;
    const CALLS: usize = 20;
    let mut samples = vec![Vec::with_capacity(BLOCKS); routines.len()];
    for _ in 0..BLOCKS {
        for (routine, times) in routines.iter_mut().zip(samples.iter_mut()) {
            let start = Instant::now();
            for _ in 0..CALLS {
                routine();
            }
            times.push(start.elapsed().as_secs_f64() * 1e6 / CALLS as f64);
        }
    }
    samples
        .into_iter()
        .map(|mut times| {
            times.sort_by(f64::total_cmp);
            times[BLOCKS / 2]
        })
        .collect()
}

fn paired_report() {
    let mut report = serde_json::Map::new();
    for case in [
        Case::new("RS256", TestKey::rsa("bench-rsa")),
        Case::new("ES256", TestKey::ec("bench-ec")),
    ] {
        let (input, signature) = case.parts();
        let (algorithm, key_bytes) = case.aws_lc_key();
        let parsed = ParsedPublicKey::new(algorithm, &key_bytes).expect("aws-lc parses the key");
        let mut out = Vec::new();
        let medians = paired(&mut [
            &mut || {
                black_box(parsed.verify_sig(black_box(input), black_box(&signature)))
                    .expect("valid");
            },
            &mut || {
                black_box(case.validate()).expect("valid");
            },
            &mut || {
                black_box(case.validate_bytes());
            },
            &mut || {
                case.validate_compact(&mut out);
                black_box(&out);
            },
        ]);
        let [floor, core, core_bytes, core_compact] = medians[..] else {
            unreachable!("four routines")
        };
        println!(
            "paired {}: floor {floor:.2} µs, core_validate {core:.2} µs ({:.3}x), \
             core_validate_bytes {core_bytes:.2} µs ({:.3}x), \
             core_validate_compact {core_compact:.2} µs ({:.3}x)",
            case.name,
            core / floor,
            core_bytes / floor,
            core_compact / floor
        );
        report.insert(
            case.name.into(),
            json!({"floor": floor, "core_validate": core, "core_validate_bytes": core_bytes,
                   "core_validate_compact": core_compact}),
        );
    }
    // The JSON alone (`b-json`): the bench token's header and payload read into the typed
    // structs by serde and by the strict reader of the plain path, alternately.
    let case = Case::new("RS256", TestKey::rsa("bench-rsa"));
    let mut parts = case
        .token
        .split('.')
        .map(|part| URL_SAFE_NO_PAD.decode(part).expect("b64"));
    let (header, payload) = (
        parts.next().expect("header"),
        parts.next().expect("payload"),
    );
    let medians = paired(&mut [
        &mut || {
            assert!(read_typed_json(
                black_box(&header),
                black_box(&payload),
                false
            ))
        },
        &mut || {
            assert!(read_typed_json(
                black_box(&header),
                black_box(&payload),
                true
            ))
        },
    ]);
    println!(
        "paired JSON: serde {:.3} µs, strict reader {:.3} µs",
        medians[0], medians[1]
    );
    report.insert(
        "json".into(),
        json!({"serde": medians[0], "strict_reader": medians[1]}),
    );
    // The base64url alone (`b-core3`): the bench token's three parts decoded by the `base64`
    // crate's engine and by the plain path's own decoder, alternately.
    let parts: Vec<&[u8]> = case.token.split('.').map(str::as_bytes).collect();
    let (mut theirs, mut ours) = ([0u8; 1024], [0u8; 1024]);
    let medians = paired(&mut [
        &mut || {
            black_box(decode_parts(black_box(&parts), &mut theirs, false));
        },
        &mut || {
            black_box(decode_parts(black_box(&parts), &mut ours, true));
        },
    ]);
    println!(
        "paired base64url ({} characters): base64 crate {:.3} µs, plain path's decoder {:.3} µs",
        case.token.len() - 2,
        medians[0],
        medians[1]
    );
    report.insert(
        "base64url".into(),
        json!({"crate": medians[0], "ours": medians[1]}),
    );
    if let Ok(path) = std::env::var("OIDCSSO_BENCH_PAIRED") {
        std::fs::write(&path, serde_json::Value::Object(report).to_string())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

criterion_group!(benches, logout_token);

fn main() {
    // `cargo test --benches` runs each bench once in test mode: no paired run there.
    if !std::env::args().any(|a| a == "--test" || a == "--list") {
        paired_report();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
