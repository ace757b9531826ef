use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use super::cache::{IntrospectionCache, MAX_ENTRIES};
use super::*;

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

#[test]
fn parse_answer_when_active_missing_or_not_boolean_then_idp_unavailable() {
    for body in [
        json!({}),
        json!({"active": "true"}),
        json!({"active": 1}),
        json!({"active": null}),
    ] {
        let err = parse_answer(object(body.clone()), "https://idp/introspect").unwrap_err();
        assert_eq!(err.code(), Code::IdpUnavailable, "{body}");
        assert!(err.hint().contains("RFC 7662"), "{}", err.hint());
    }
    assert_eq!(
        parse_answer(object(json!({"active": false})), "x").unwrap(),
        Answer::Inactive
    );
}

#[test]
fn is_opaque_candidate_when_jws_shaped_or_not_b64token_then_false() {
    assert!(is_opaque_candidate("Z5O3upPC88QrAjx00dis"));
    assert!(is_opaque_candidate("abc-_~+/.x=="));
    assert!(!is_opaque_candidate("a.b.c"), "JWS-shaped");
    assert!(!is_opaque_candidate("has space"));
    assert!(!is_opaque_candidate("quote\"d"));
    assert!(!is_opaque_candidate(""));
    assert!(!is_opaque_candidate(
        &"a".repeat(MAX_OPAQUE_TOKEN_BYTES + 1)
    ));
}

#[test]
fn reuse_until_when_exp_before_cache_end_then_exp() {
    let active = |exp: i64| Answer::Active(Arc::new(object(json!({"active": true, "exp": exp}))));
    assert_eq!(
        reuse_until(&active(1_000_030), 1_000_000, 60, 10),
        1_000_030
    );
    assert_eq!(
        reuse_until(&active(1_000_900), 1_000_000, 60, 10),
        1_000_060
    );
    let no_exp = Answer::Active(Arc::new(object(json!({"active": true}))));
    assert_eq!(reuse_until(&no_exp, 1_000_000, 60, 10), 1_000_060);
    assert_eq!(reuse_until(&Answer::Inactive, 1_000_000, 60, 10), 1_000_010);
}

fn later() -> Instant {
    Instant::now() + Duration::from_secs(10)
}

fn timeout() -> Error {
    Error::Internal("waited too long".into())
}

#[test]
fn cache_when_same_token_again_before_end_then_one_fetch_and_after_end_another() {
    let cache = IntrospectionCache::default();
    let key = token_key("t");
    let fetch = || Ok(Answer::Inactive);
    for now in [100, 105, 109] {
        cache
            .get(key, now, later(), |_| 110, timeout, fetch)
            .unwrap();
    }
    assert_eq!(cache.calls(), 1);
    cache
        .get(key, 110, later(), |_| 120, timeout, fetch)
        .unwrap();
    assert_eq!(cache.calls(), 2, "reused until its end, not after");
}

#[test]
fn cache_when_100_concurrent_requests_with_one_new_token_then_one_fetch() {
    let cache = Arc::new(IntrospectionCache::default());
    let threads: Vec<_> = (0..100)
        .map(|_| {
            let cache = cache.clone();
            std::thread::spawn(move || {
                cache.get(
                    token_key("new"),
                    100,
                    later(),
                    |_| 160,
                    timeout,
                    || {
                        std::thread::sleep(Duration::from_millis(200));
                        Ok(Answer::Inactive)
                    },
                )
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap().unwrap(), Answer::Inactive);
    }
    assert_eq!(cache.calls(), 1);
    let counts = cache.counts();
    assert_eq!(
        (counts.inactive, counts.cache_hits),
        (1, 99),
        "the waiters' shared answer counts as a hit: {counts:?}"
    );
}

#[test]
fn cache_when_fetch_fails_then_waiters_get_the_failure_without_fetching() {
    let cache = IntrospectionCache::default();
    let key = token_key("t");
    let fail = || Err(Error::unavailable(Code::IdpUnavailable, "down".to_string()));
    assert!(cache
        .get(key, 100, later(), |_| 200, timeout, fail)
        .is_err());
    let again = cache.get(key, 100, later(), |_| 200, timeout, || Ok(Answer::Inactive));
    assert_eq!(again.unwrap_err().code(), Code::IdpUnavailable);
    assert_eq!(cache.calls(), 1);
    cache
        .get(key, 102, later(), |_| 200, timeout, || Ok(Answer::Inactive))
        .unwrap();
    assert_eq!(cache.calls(), 2, "a failure is remembered one second only");
}

#[test]
fn cache_when_waiting_past_deadline_then_timeout_error() {
    let cache = Arc::new(IntrospectionCache::default());
    let slow = {
        let cache = cache.clone();
        std::thread::spawn(move || {
            cache.get(
                token_key("t"),
                100,
                later(),
                |_| 200,
                timeout,
                || {
                    std::thread::sleep(Duration::from_millis(500));
                    Ok(Answer::Inactive)
                },
            )
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let deadline = Instant::now() + Duration::from_millis(50);
    let waited = cache.get(
        token_key("t"),
        100,
        deadline,
        |_| 200,
        timeout,
        || Ok(Answer::Inactive),
    );
    assert_eq!(waited.unwrap_err(), timeout());
    slow.join().unwrap().unwrap();
    assert_eq!(cache.calls(), 1);
}

#[test]
fn cache_when_more_tokens_than_max_then_bounded_expired_first() {
    let cache = IntrospectionCache::default();
    for i in 0..MAX_ENTRIES + 500 {
        let token = format!("token-{i}");
        // The first half expires at 150, the rest later.
        let end = if i < MAX_ENTRIES / 2 { 150 } else { 1_000 };
        cache
            .get(
                token_key(&token),
                100,
                later(),
                |_| end,
                timeout,
                || Ok(Answer::Inactive),
            )
            .unwrap();
    }
    assert!(cache.len() <= MAX_ENTRIES, "{}", cache.len());
    for i in 0..MAX_ENTRIES + 500 {
        let token = format!("token-{i}");
        cache
            .get(
                token_key(&token),
                200,
                later(),
                |_| 1_000,
                timeout,
                || Ok(Answer::Inactive),
            )
            .unwrap();
    }
    assert!(cache.len() <= MAX_ENTRIES, "{}", cache.len());
}

#[test]
fn cache_when_fetch_panics_then_slot_freed_for_the_next_request() {
    let cache = IntrospectionCache::default();
    let key = token_key("t");
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        cache.get(key, 100, later(), |_| 200, timeout, || panic!("boom"))
    }));
    assert!(panicked.is_err());
    let deadline = Instant::now() + Duration::from_millis(200);
    let next = cache.get(
        key,
        100,
        deadline,
        |_| 200,
        timeout,
        || Ok(Answer::Inactive),
    );
    assert_eq!(next.unwrap(), Answer::Inactive);
}
