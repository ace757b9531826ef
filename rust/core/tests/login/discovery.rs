//! Discovery: exact issuer, required and secure endpoints, caching, failures.

use oidc_sso_core::{BeginLoginRequest, ErrorKind, FetchCounts, HttpErrorKind};
use oidc_sso_testkit::op::{Canned, DISCOVERY_PATH};
use serde_json::{json, Value};

use crate::support::*;

fn begin_verdict(h: &Harness) -> Result<(), oidc_sso_core::Error> {
    h.engine
        .begin_login(&BeginLoginRequest {
            idp_id: None,
            return_to: None,
            browser_binding: BINDING.into(),
            test_login: false,
            reauthenticate: false,
        })
        .map(|_| ())
}

#[test]
fn begin_when_discovery_document_wrong_then_config_error_with_code_at_issuer() {
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "issuer trailing slash",
            "issuer",
            json!(format!("{ISSUER}/")),
            "discovery_issuer_mismatch",
        ),
        (
            "issuer other case",
            "issuer",
            json!(ISSUER.to_uppercase()),
            "discovery_issuer_mismatch",
        ),
        (
            "issuer missing",
            "issuer",
            Value::Null,
            "discovery_issuer_mismatch",
        ),
        (
            "no authorization_endpoint",
            "authorization_endpoint",
            Value::Null,
            "discovery_failed",
        ),
        (
            "no token_endpoint",
            "token_endpoint",
            Value::Null,
            "discovery_failed",
        ),
        ("no jwks_uri", "jwks_uri", Value::Null, "discovery_failed"),
        (
            "http token endpoint",
            "token_endpoint",
            json!("http://idp.example.com/token"),
            "discovery_failed",
        ),
        (
            "http loopback jwks not allowed",
            "jwks_uri",
            json!("http://127.0.0.1/jwks"),
            "discovery_failed",
        ),
        (
            "javascript endpoint",
            "authorization_endpoint",
            json!("javascript:alert(1)"),
            "discovery_failed",
        ),
        (
            "http userinfo",
            "userinfo_endpoint",
            json!("http://idp.example.com/ui"),
            "discovery_failed",
        ),
        ("jwks_uri number", "jwks_uri", json!(5), "discovery_failed"),
    ];
    for (name, field, value, expected) in cases {
        let h = Harness::new();
        h.op.script(|s| match value {
            Value::Null => {
                s.discovery.as_object_mut().unwrap().remove(field);
            }
            v => s.discovery[field] = v,
        });
        let result = begin_verdict(&h);
        assert_eq!(verdict(&result), expected, "{name}");
        // RP-CHECKLIST: a document that contradicts the configuration is a configuration
        // error (admin-fixable), tied to the IdP's issuer setting, with its specific code.
        let error = result.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{name}");
        let problems = error.problems();
        assert_eq!(problems.len(), 1, "{name}");
        assert_eq!(problems[0].pointer, "/idps/0/issuer", "{name}");
        assert_eq!(problems[0].message, error.hint(), "{name}");
    }
}

#[test]
fn begin_when_issuer_mismatch_then_hint_shows_expected_and_found() {
    let h = Harness::new();
    h.op.script(|s| s.discovery["issuer"] = json!(format!("{ISSUER}/")));
    let hint = begin_verdict(&h).unwrap_err().hint();
    assert!(hint.contains(&format!("expected `{ISSUER}`")), "{hint}");
    assert!(hint.contains(&format!("`{ISSUER}/`")), "{hint}");
}

#[test]
fn begin_when_discovery_answers_badly_then_codes() {
    let huge = json!({"issuer": ISSUER, "pad": "x".repeat(2 << 20)});
    let cases = [
        (
            "redirect",
            Canned::redirect("https://elsewhere.example/"),
            "idp_unavailable",
        ),
        (
            "server error",
            Canned::json(503, json!({})),
            "idp_unavailable",
        ),
        (
            "not found",
            Canned::json(404, json!({})),
            "discovery_failed",
        ),
        (
            "html",
            Canned::body(200, "text/html", "<html>login</html>"),
            "discovery_failed",
        ),
        (
            "json array",
            Canned::json(200, json!([])),
            "discovery_failed",
        ),
        ("huge body", Canned::json(200, huge), "idp_unavailable"),
        (
            "timeout",
            Canned::Fail(HttpErrorKind::Timeout),
            "idp_unavailable",
        ),
        (
            "connect",
            Canned::Fail(HttpErrorKind::Connect),
            "idp_unavailable",
        ),
    ];
    for (name, canned, expected) in cases {
        let h = Harness::new();
        h.op.set_canned(DISCOVERY_PATH, canned);
        let result = begin_verdict(&h);
        assert_eq!(verdict(&result), expected, "{name}");
        let error = result.unwrap_err();
        // An IdP that cannot answer properly is unavailable (retryable), not misconfigured.
        assert_eq!(error.kind(), ErrorKind::ProviderUnavailable, "{name}");
        let hint = error.hint();
        assert!(hint.contains(&h.op.url(DISCOVERY_PATH)), "{name}: {hint}");
    }
}

#[test]
fn begin_when_redirected_then_redirect_never_followed() {
    let h = Harness::new();
    h.op.set_canned(DISCOVERY_PATH, Canned::redirect(&h.op.url("/elsewhere")));
    assert!(begin_verdict(&h).is_err());
    assert_eq!(h.op.requests().len(), 1);
}

#[test]
fn begin_when_metadata_cached_then_fetched_once_until_ttl() {
    let h = Harness::new();
    begin_verdict(&h).unwrap();
    h.clock.advance(3599);
    begin_verdict(&h).unwrap();
    assert_eq!(h.op.count(DISCOVERY_PATH), 1);
    h.clock.advance(1);
    begin_verdict(&h).unwrap();
    assert_eq!(h.op.count(DISCOVERY_PATH), 2);
}

#[test]
fn begin_when_refresh_fails_then_stale_metadata_used() {
    let h = Harness::new();
    begin_verdict(&h).unwrap();
    h.clock.advance(3600);
    h.op.set_canned(DISCOVERY_PATH, Canned::Fail(HttpErrorKind::Connect));
    begin_verdict(&h).unwrap();
    begin_verdict(&h).unwrap();
    // One failed refresh, then the stale copy is used for a while without retrying.
    assert_eq!(h.op.count(DISCOVERY_PATH), 2);
}

#[test]
fn begin_when_first_fetch_fails_then_remembered_for_a_backoff_then_retried() {
    let h = Harness::new();
    h.op.set_canned(DISCOVERY_PATH, Canned::Fail(HttpErrorKind::Connect));
    assert!(begin_verdict(&h).is_err());
    h.op.clear_canned(DISCOVERY_PATH);
    // Within the backoff (2 s after one failure) the failure is answered from memory.
    for _ in 0..50 {
        assert_eq!(verdict(&begin_verdict(&h)), "idp_unavailable");
    }
    assert_eq!(
        h.op.count(DISCOVERY_PATH),
        1,
        "no login pays the IdP's timeout again"
    );
    h.clock.advance(2);
    begin_verdict(&h).unwrap();
    assert_eq!(h.op.count(DISCOVERY_PATH), 2);
}

#[test]
fn begin_when_idp_down_and_concurrent_logins_then_one_discovery_attempt_shared() {
    use std::sync::Arc;
    use std::time::Duration;
    let h = Arc::new(Harness::with_config(wide_bulkhead()));
    h.op.set_canned(DISCOVERY_PATH, Canned::Fail(HttpErrorKind::Timeout));
    // A slow failure: every caller arrives while the first attempt is still running.
    h.op.script(|s| s.delay(DISCOVERY_PATH, Duration::from_millis(300)));
    let threads: Vec<_> = (0..20)
        .map(|_| {
            let h = h.clone();
            std::thread::spawn(move || verdict(&begin_verdict(&h)))
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), "idp_unavailable");
    }
    assert_eq!(
        h.op.count(DISCOVERY_PATH),
        1,
        "waiting callers share the failed attempt"
    );
}

#[test]
fn info_when_discovery_fetched_failed_and_answered_from_memory_then_each_fetch_counted_once() {
    let h = Harness::new();
    let counts = |h: &Harness| h.fetches().0;
    assert_eq!(counts(&h), FetchCounts::default(), "nothing fetched yet");
    h.op.set_canned(DISCOVERY_PATH, Canned::Fail(HttpErrorKind::Connect));
    assert!(begin_verdict(&h).is_err());
    assert!(begin_verdict(&h).is_err(), "remembered: no second fetch");
    assert_eq!(counts(&h), FetchCounts { ok: 0, failed: 1 });
    h.op.clear_canned(DISCOVERY_PATH);
    h.clock.advance(2);
    begin_verdict(&h).unwrap();
    begin_verdict(&h).unwrap();
    assert_eq!(counts(&h), FetchCounts { ok: 1, failed: 1 });
    h.clock.advance(3600);
    begin_verdict(&h).unwrap();
    assert_eq!(counts(&h), FetchCounts { ok: 2, failed: 1 });
}
