//! The key cache: one fetch for concurrent misses, rotation, rate limit, failures.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use oidc_sso_core::{BeginLoginResponse, FetchCounts, HttpErrorKind};
use oidc_sso_testkit::op::{Canned, JWKS_PATH};
use oidc_sso_testkit::TestKey;

use crate::support::*;

/// Starts `n` logins (through the OP's authorization endpoint), then completes them all
/// at once from `n` threads. Returns the verdicts.
fn complete_concurrently(h: &Arc<Harness>, n: usize) -> Vec<&'static str> {
    let started: Vec<(BeginLoginResponse, BTreeMap<String, String>)> = (0..n)
        .map(|_| {
            let begin = h.begin();
            let params = h.authorize(&begin);
            (begin, params)
        })
        .collect();
    let threads: Vec<_> = started
        .into_iter()
        .map(|(begin, params)| {
            let h = h.clone();
            thread::spawn(move || verdict(&h.complete(&begin, params)))
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[test]
fn validate_when_50_concurrent_cold_cache_misses_then_exactly_one_jwks_fetch() {
    let h = Arc::new(Harness::with_config(wide_bulkhead()));
    h.op.script(|s| s.delay(JWKS_PATH, Duration::from_millis(200)));
    let verdicts = complete_concurrently(&h, 50);
    assert!(verdicts.iter().all(|v| *v == "accepted"), "{verdicts:?}");
    assert_eq!(h.op.count(JWKS_PATH), 1);
}

#[test]
fn validate_when_100_concurrent_unknown_kid_after_rotation_then_exactly_one_refetch() {
    let h = Arc::new(Harness::with_config(wide_bulkhead()));
    h.login().unwrap();
    assert_eq!(h.op.count(JWKS_PATH), 1);
    h.clock.advance(60);
    let rotated = TestKey::rsa_from_pool("rsa-2", 1);
    h.op.script(|s| {
        s.serve_keys(&[&rotated]);
        s.signing_key = rotated.clone();
        s.delay(JWKS_PATH, Duration::from_millis(200));
    });
    let verdicts = complete_concurrently(&h, 100);
    assert!(verdicts.iter().all(|v| *v == "accepted"), "{verdicts:?}");
    assert_eq!(h.op.count(JWKS_PATH), 2, "one initial fetch, ONE refetch");
}

#[test]
fn validate_when_100_concurrent_tokens_name_a_kid_nobody_has_then_exactly_one_refetch() {
    let h = Arc::new(Harness::with_config(wide_bulkhead()));
    h.login().unwrap();
    h.clock.advance(60);
    h.op.script(|s| s.delay(JWKS_PATH, Duration::from_millis(200)));
    h.op.set_id_token(|b| b.header("kid", serde_json::json!("ghost")).build());
    let verdicts = complete_concurrently(&h, 100);
    assert!(
        verdicts.iter().all(|v| *v == "unknown_signing_key"),
        "{verdicts:?}"
    );
    assert_eq!(h.op.count(JWKS_PATH), 2, "one initial fetch, ONE refetch");
}

#[test]
fn validate_when_key_set_older_than_ttl_then_refreshed_on_use_once() {
    let h = Harness::new();
    h.login().unwrap();
    h.clock.advance(3599);
    h.login().unwrap();
    assert_eq!(h.op.count(JWKS_PATH), 1, "fresh: no refetch");
    h.clock.advance(1);
    h.login().unwrap();
    h.login().unwrap();
    assert_eq!(
        h.op.count(JWKS_PATH),
        2,
        "stale: one refresh, no background thread"
    );
}

#[test]
fn validate_when_unknown_kid_repeated_quickly_then_refetch_rate_limited() {
    let h = Harness::new();
    h.login().unwrap();
    h.op.set_id_token(|b| b.header("kid", serde_json::json!("nobody")).build());
    assert_eq!(verdict(&h.login()), "unknown_signing_key");
    assert_eq!(
        h.op.count(JWKS_PATH),
        1,
        "no refetch within 10 s of the last fetch"
    );
    h.clock.advance(10);
    assert_eq!(verdict(&h.login()), "unknown_signing_key");
    assert_eq!(verdict(&h.login()), "unknown_signing_key");
    assert_eq!(
        h.op.count(JWKS_PATH),
        2,
        "one refetch for two misses within 10 s"
    );
    h.clock.advance(10);
    assert_eq!(verdict(&h.login()), "unknown_signing_key");
    assert_eq!(h.op.count(JWKS_PATH), 3);
}

#[test]
fn validate_when_key_removed_then_it_stops_validating_after_refresh() {
    let h = Harness::new();
    h.login().unwrap();
    let replacement = TestKey::rsa_from_pool("rsa-2", 1);
    h.op.script(|s| s.serve_keys(&[&replacement]));
    assert_eq!(
        verdict(&h.login()),
        "accepted",
        "cached key still valid before the TTL"
    );
    h.clock.advance(3600);
    assert_eq!(verdict(&h.login()), "unknown_signing_key");
}

#[test]
fn validate_when_refresh_fails_then_old_keys_kept() {
    let h = Harness::new();
    h.login().unwrap();
    h.clock.advance(3600);
    h.op.set_canned(JWKS_PATH, Canned::Fail(HttpErrorKind::Timeout));
    assert_eq!(verdict(&h.login()), "accepted");
    assert_eq!(h.op.count(JWKS_PATH), 2);
}

#[test]
fn validate_when_jwks_unavailable_on_cold_cache_then_provider_unavailable() {
    let cases = [
        (
            "timeout",
            Canned::Fail(HttpErrorKind::Timeout),
            "idp_unavailable",
        ),
        (
            "html",
            Canned::body(200, "text/html", "<html/>"),
            "jwks_failed",
        ),
        (
            "no keys",
            Canned::json(200, serde_json::json!({"keys": "none"})),
            "jwks_failed",
        ),
        (
            "404",
            Canned::json(404, serde_json::json!({})),
            "jwks_failed",
        ),
    ];
    for (name, canned, expected) in cases {
        let h = Harness::new();
        h.op.set_canned(JWKS_PATH, canned);
        let result = h.login();
        assert_eq!(verdict(&result), expected, "{name}");
        assert_eq!(
            result.unwrap_err().kind(),
            oidc_sso_core::ErrorKind::ProviderUnavailable
        );
    }
}

#[test]
fn validate_when_slow_jwks_fetch_fails_then_waiting_callers_share_the_error() {
    let h = Arc::new(Harness::with_config(wide_bulkhead()));
    h.op.script(|s| s.delay(JWKS_PATH, Duration::from_millis(100)));
    h.op.set_canned(JWKS_PATH, Canned::Fail(HttpErrorKind::Connect));
    let verdicts = complete_concurrently(&h, 10);
    assert!(
        verdicts.iter().all(|v| *v == "idp_unavailable"),
        "{verdicts:?}"
    );
    assert_eq!(h.op.count(JWKS_PATH), 1);
}

#[test]
fn info_when_concurrent_validations_with_a_new_kid_then_one_jwks_fetch_counted() {
    let h = Arc::new(Harness::with_config(wide_bulkhead()));
    h.login().unwrap();
    let ok = |n| FetchCounts { ok: n, failed: 0 };
    assert_eq!(h.fetches(), (ok(1), ok(1)), "cold caches: one of each");
    h.clock.advance(60);
    let rotated = TestKey::rsa_from_pool("rsa-2", 1);
    h.op.script(|s| {
        s.serve_keys(&[&rotated]);
        s.signing_key = rotated.clone();
        s.delay(JWKS_PATH, Duration::from_millis(200));
    });
    let verdicts = complete_concurrently(&h, 40);
    assert!(verdicts.iter().all(|v| *v == "accepted"), "{verdicts:?}");
    assert_eq!(h.op.count(JWKS_PATH), 2);
    assert_eq!(
        h.fetches(),
        (ok(1), ok(2)),
        "40 waiters on one refetch count it once; discovery stays cached"
    );
}

#[test]
fn info_when_jwks_fetch_fails_then_counted_as_failed() {
    let h = Arc::new(Harness::with_config(wide_bulkhead()));
    h.op.script(|s| s.delay(JWKS_PATH, Duration::from_millis(100)));
    h.op.set_canned(JWKS_PATH, Canned::Fail(HttpErrorKind::Connect));
    let verdicts = complete_concurrently(&h, 10);
    assert!(verdicts.iter().all(|v| *v == "idp_unavailable"));
    assert_eq!(h.fetches().1, FetchCounts { ok: 0, failed: 1 });
    // After the backoff the IdP answers again: the next fetch counts as ok, the failure stays.
    h.op.clear_canned(JWKS_PATH);
    h.clock.advance(60);
    assert_eq!(verdict(&h.login()), "accepted");
    assert_eq!(h.fetches().1, FetchCounts { ok: 1, failed: 1 });
}
