//! Issue 14 item 4e: the resident memory of bearer-token validation with 100 IdPs configured,
//! after 10,000 and after 1,000,000 validations (target: flat). Each IdP has its own issuer,
//! key and JWKS cache (the scriptable OP behind one router); the tokens rotate over the IdPs,
//! each a fresh token (own `jti`, subject and expiry), validated through
//! `Engine::validate_bearer`, everything the native call does but the JVM's side.
//!
//! Prints one JSON object (RSS in KiB from /proc/self/status at each checkpoint); asserts nothing.
//!
//! `cargo bench -p oidc-sso-core --bench memory` (`OIDCSSO_BENCH_VALIDATIONS=N` for fewer)

use std::sync::Arc;
use std::time::Instant;

use oidc_sso_core::{BearerDecision, Clock, Engine, HostContext};
use oidc_sso_testkit::op::{OpRouter, CLIENT_ID, CLIENT_SECRET};
use oidc_sso_testkit::{FakeClock, TestKey, TestOp, TokenBuilder};
use serde_json::json;

const IDPS: usize = 100;
const AUDIENCE: &str = "urn:oidc-sso:api";
/// Distinct tokens signed up front and reused in turn (signing is not what is measured).
const TOKENS_PER_IDP: usize = 20;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let total: usize = std::env::var("OIDCSSO_BENCH_VALIDATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let clock = Arc::new(FakeClock::default());
    let now = clock.now_unix();
    let mut ops = Vec::with_capacity(IDPS);
    let mut idps = Vec::with_capacity(IDPS);
    let mut tokens = Vec::with_capacity(IDPS * TOKENS_PER_IDP);
    for i in 0..IDPS {
        let issuer = format!("https://idp{i}.example.com/realms/main");
        let op = TestOp::new(&issuer, clock.clone());
        let key = TestKey::ec(&format!("ec-{i}"));
        op.script(|s| {
            s.serve_keys(&[&key]);
            s.signing_key = key.clone();
        });
        idps.push(json!({
            "id": format!("idp{i}"), "issuer": issuer, "clientId": CLIENT_ID,
            "clientSecret": CLIENT_SECRET, "allowedAlgorithms": ["ES256"],
            "bearer": {"audiences": [AUDIENCE], "requiredScopes": ["api:read"]},
        }));
        for t in 0..TOKENS_PER_IDP {
            tokens.push(
                TokenBuilder::new(&key)
                    .header("typ", json!("at+jwt"))
                    .claims(json!({
                        "iss": issuer, "aud": AUDIENCE, "sub": format!("user-{t}"),
                        "preferred_username": format!("user{t}"), "scope": "api:read",
                        "iat": now, "exp": now + 3600 + t as i64, "jti": format!("{i}-{t}"),
                    }))
                    .build(),
            );
        }
        ops.push(op);
    }
    let router = OpRouter::new(&ops.iter().collect::<Vec<_>>());
    let host = HostContext {
        base_url: "https://jira.example.com".into(),
        callback_path: "/plugins/servlet/oidc-sso/callback".into(),
        ..HostContext::default()
    };
    let config = json!({"schemaVersion": 1, "idps": idps});
    let engine = Engine::new(config.to_string().as_bytes(), host, Arc::new(router), clock)
        .expect("valid benchmark configuration");
    let before = rss_kib();
    let mut checkpoints = Vec::new();
    let started = Instant::now();
    for n in 1..=total {
        // Round-robin over the IdPs first, so every IdP's caches are filled early.
        let token = &tokens[(n % IDPS) * TOKENS_PER_IDP + (n / IDPS) % TOKENS_PER_IDP];
        match engine.validate_bearer(token.as_bytes()) {
            Ok(BearerDecision::Authenticated { .. }) => {}
            other => panic!("validation {n} did not authenticate: {other:?}"),
        }
        if n == 10_000 || n == 100_000 || n == total {
            checkpoints.push(json!({"validations": n, "rss_kib": rss_kib(),
                                    "seconds": started.elapsed().as_secs_f64()}));
        }
    }
    println!(
        "{}",
        json!({"idps": IDPS, "rss_kib_before": before, "checkpoints": checkpoints})
    );
}
