//! Opaque bearer tokens through RFC 7662 introspection: the engine against the test OP's
//! introspection endpoint answering as a real one, as a hostile one (500s, stalls, huge or
//! malformed bodies, `active` missing, wrong types) and slowly under 100 concurrent
//! requests. Time bounds are hang guards, not benchmarks.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use oidc_sso_core::{BearerDecision, Clock, Code, Error, IntrospectionCounts, PassReason};
use oidc_sso_testkit::op::client_auth::{presented, Presented};
use oidc_sso_testkit::op::{Canned, CLIENT_ID, CLIENT_SECRET, DISCOVERY_PATH};
use serde_json::{json, Value};

use crate::support::*;

const API: &str = "https://jira.example.com/rest";
const PATH: &str = "/introspect";
const TOKEN: &str = "Z5O3upPC88QrAjx00dis-opaque_token~1";
const HANG_GUARD: Duration = Duration::from_secs(5);

fn harness_with(introspection: Value, http: Value) -> Harness {
    let h = Harness::with_config(json!({
        "bearer": {"audiences": [API], "requiredScopes": ["jira:read"],
                   "introspection": introspection},
        "http": http,
    }));
    let endpoint = h.op.url(PATH);
    h.op.script(|s| s.discovery["introspection_endpoint"] = json!(endpoint));
    h
}

fn harness() -> Harness {
    harness_with(json!({}), json!({}))
}

/// An RFC 7662 answer for alice's token of `API`.
fn active(h: &Harness) -> Value {
    let now = h.clock.now_unix();
    json!({
        "active": true, "iss": ISSUER, "aud": API, "sub": "alice-sub", "client_id": "cli",
        "scope": "jira:read jira:write", "exp": now + 300, "iat": now, "token_type": "Bearer",
        "username": "alice",
    })
}

fn answer(h: &Harness, body: Value) {
    h.op.set_canned(PATH, Canned::json(200, body));
}

fn validate(h: &Harness, token: &str) -> Result<BearerDecision, Error> {
    h.engine.validate_bearer(token.as_bytes())
}

fn code(result: Result<BearerDecision, Error>) -> Code {
    result.expect_err("refused").code()
}

#[test]
fn opaque_when_active_then_authenticated_by_one_authenticated_request() {
    let h = harness();
    answer(&h, active(&h));
    let now = h.clock.now_unix();

    let decision = validate(&h, TOKEN).expect("accepted");

    assert_eq!(
        decision,
        BearerDecision::Authenticated {
            idp_id: "test".into(),
            issuer: ISSUER.into(),
            subject: "alice-sub".into(),
            username: "alice".into(),
            scopes: vec!["jira:read".into(), "jira:write".into()],
            expires_at: now + 300,
        }
    );
    let requests = h.op.requests_to(PATH);
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    let form = request.form();
    assert_eq!(form.get("token").map(String::as_str), Some(TOKEN));
    assert_eq!(
        form.get("token_type_hint").map(String::as_str),
        Some("access_token")
    );
    assert_eq!(
        presented(request),
        vec![Presented::Basic(CLIENT_ID.into(), CLIENT_SECRET.into())],
        "the IdP's own client credentials, one way only"
    );
}

#[test]
fn opaque_when_asked_again_within_cache_then_no_second_request_and_after_it_one_more() {
    let h = harness_with(json!({"cacheSeconds": 30}), json!({}));
    answer(&h, active(&h));
    for _ in 0..5 {
        validate(&h, TOKEN).expect("accepted");
    }
    assert_eq!(h.op.count(PATH), 1);
    h.clock.advance(29);
    validate(&h, TOKEN).expect("accepted");
    assert_eq!(h.op.count(PATH), 1);
    h.clock.advance(1);
    validate(&h, TOKEN).expect("accepted");
    assert_eq!(h.op.count(PATH), 2, "reused for cacheSeconds, not longer");
    validate(&h, "another-token").expect("accepted");
    assert_eq!(h.op.count(PATH), 3, "keyed by the token");
}

#[test]
fn opaque_when_exp_before_cache_end_then_asked_again_at_exp_and_expired() {
    let h = harness_with(json!({"cacheSeconds": 300}), json!({}));
    let mut body = active(&h);
    body["exp"] = json!(h.clock.now_unix() + 5);
    answer(&h, body);
    validate(&h, TOKEN).expect("accepted");
    h.clock.advance(4);
    validate(&h, TOKEN).expect("accepted");
    assert_eq!(h.op.count(PATH), 1);
    h.clock.advance(1);
    validate(&h, TOKEN).expect("still within clockSkewSeconds");
    assert_eq!(
        h.op.count(PATH),
        2,
        "the cached answer ended at the token's exp"
    );
    h.clock.advance(600);
    assert_eq!(code(validate(&h, TOKEN)), Code::AccessTokenExpired);
}

#[test]
fn opaque_when_inactive_then_passed_to_the_product_and_remembered_briefly() {
    let h = harness_with(json!({"inactiveCacheSeconds": 3}), json!({}));
    answer(&h, json!({"active": false}));
    for _ in 0..3 {
        assert_eq!(
            validate(&h, TOKEN).unwrap(),
            BearerDecision::Pass {
                reason: PassReason::Inactive
            }
        );
    }
    assert_eq!(h.op.count(PATH), 1);
    // Revoked at the IdP, then asked again after the negative answer ended.
    h.clock.advance(3);
    answer(&h, active(&h));
    validate(&h, TOKEN).expect("accepted once the IdP says active");
    assert_eq!(h.op.count(PATH), 2);
}

#[test]
fn opaque_when_active_but_checks_fail_then_same_codes_as_jwt() {
    let h = harness();
    let now = h.clock.now_unix();
    let with = |name: &str, value: Value| {
        let mut body = active(&h);
        body[name] = value;
        body
    };
    let mut no_sub = active(&h);
    no_sub.as_object_mut().unwrap().remove("sub");
    let cases = [
        (
            "other audience",
            with("aud", json!("https://other/api")),
            Code::InvalidAudience,
        ),
        (
            "no audience",
            with("aud", Value::Null),
            Code::InvalidAudience,
        ),
        (
            "missing scope",
            with("scope", json!("jira:write")),
            Code::InsufficientScope,
        ),
        (
            "expired",
            with("exp", json!(now - 120)),
            Code::AccessTokenExpired,
        ),
        (
            "not yet valid",
            with("nbf", json!(now + 120)),
            Code::AccessTokenExpired,
        ),
        (
            "other issuer",
            with("iss", json!("https://evil.example")),
            Code::InvalidIssuer,
        ),
        (
            "scope of a wrong type",
            with("scope", json!(5)),
            Code::InvalidClaim,
        ),
        (
            "exp of a wrong type",
            with("exp", json!("tomorrow")),
            Code::AccessTokenExpired,
        ),
        ("no sub", no_sub, Code::MissingSubject),
    ];
    for (i, (name, body, expected)) in cases.into_iter().enumerate() {
        answer(&h, body);
        // A token per case: each answer is cached by its token.
        let token = format!("{TOKEN}{i}");
        assert_eq!(code(validate(&h, &token)), expected, "{name}");
    }
}

#[test]
fn opaque_when_client_ids_set_and_token_of_another_client_then_invalid_audience() {
    let h = harness_with(json!({"clientIds": ["cli"]}), json!({}));
    let mut other = active(&h);
    other["client_id"] = json!("someone-else");
    answer(&h, other);
    assert_eq!(code(validate(&h, TOKEN)), Code::InvalidAudience);
    answer(&h, active(&h));
    validate(&h, "second-token").expect("the allowed client");
}

#[test]
fn opaque_when_endpoint_misbehaves_then_unavailable_naming_it_and_never_the_token() {
    let cases = [
        ("500", Canned::json(500, json!({"error": "boom"}))),
        ("401", Canned::json(401, json!({"error": "invalid_client"}))),
        ("html", Canned::body(200, "text/html", "<html>login</html>")),
        ("array", Canned::json(200, json!([true]))),
        (
            "active missing",
            Canned::json(200, json!({"sub": "alice-sub"})),
        ),
        (
            "active a string",
            Canned::json(200, json!({"active": "true"})),
        ),
        (
            "huge",
            Canned::body(200, "application/json", vec![b' '; 2 * 1024 * 1024]),
        ),
        ("redirect", Canned::redirect("https://evil.example/")),
    ];
    for (i, (name, canned)) in cases.into_iter().enumerate() {
        let h = harness();
        h.op.set_canned(PATH, canned);
        let token = format!("{TOKEN}{i}");
        let err = validate(&h, &token).expect_err(name);
        assert_eq!(
            err.kind(),
            oidc_sso_core::ErrorKind::ProviderUnavailable,
            "{name}"
        );
        assert!(err.hint().contains(PATH), "{name}: {}", err.hint());
        assert!(!err.hint().contains(&token), "{name}: the token leaked");
        assert!(
            !err.hint().contains(CLIENT_SECRET),
            "{name}: the secret leaked"
        );
    }
}

#[test]
fn opaque_when_endpoint_stalls_then_bounded_wait_then_circuit_answers_at_once() {
    let h = harness_with(
        json!({}),
        json!({"readTimeoutMs": 300, "loginDeadlineMs": 1000,
               "circuitFailureThreshold": 2, "circuitProbeIntervalMs": 300_000}),
    );
    h.op.script(|s| s.stall(PATH));
    for i in 0..2 {
        let started = Instant::now();
        let err = validate(&h, &format!("stalled-{i}")).expect_err("timed out");
        assert!(
            started.elapsed() < HANG_GUARD,
            "hung {:?}",
            started.elapsed()
        );
        assert_eq!(err.code(), Code::IdpUnavailable, "{}", err.hint());
    }
    let before = h.op.count(PATH);
    let err = validate(&h, "stalled-3").expect_err("circuit open");
    assert_eq!(err.code(), Code::IdpCircuitOpen);
    assert_eq!(
        h.op.count(PATH),
        before,
        "nothing sent while the circuit is open"
    );
}

#[test]
fn opaque_when_100_concurrent_requests_with_one_new_token_then_one_introspection() {
    let h = Arc::new(harness_with(json!({}), json!({"maxConcurrentCalls": 1000})));
    answer(&h, active(&h));
    h.op.script(|s| s.delay(PATH, Duration::from_millis(300)));
    let barrier = Arc::new(Barrier::new(100));
    let threads: Vec<_> = (0..100)
        .map(|_| {
            let (h, barrier) = (h.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                validate(&h, TOKEN)
            })
        })
        .collect();
    for t in threads {
        assert!(matches!(
            t.join().unwrap(),
            Ok(BearerDecision::Authenticated { .. })
        ));
    }
    assert_eq!(h.op.count(PATH), 1);
}

#[test]
fn opaque_when_endpoint_configured_then_used_instead_of_discovery() {
    let h = Harness::with_config(json!({
        "bearer": {"audiences": [API], "introspection": {"endpoint": "https://idp.example.com/realms/main/other-introspect"}},
    }));
    h.op.set_canned("/other-introspect", Canned::json(200, active(&h)));
    validate(&h, TOKEN).expect("accepted");
    assert_eq!(h.op.count("/other-introspect"), 1);
    assert_eq!(h.op.count(DISCOVERY_PATH), 0, "no discovery needed");
}

#[test]
fn opaque_when_idp_publishes_no_endpoint_then_config_error_naming_the_setting() {
    let h = Harness::with_config(json!({"bearer": {"audiences": [API], "introspection": {}}}));
    let err = validate(&h, TOKEN).expect_err("no endpoint");
    assert_eq!(err.code(), Code::DiscoveryFailed);
    assert!(
        err.hint().contains("bearer.introspection.endpoint"),
        "{}",
        err.hint()
    );
}

#[test]
fn opaque_when_no_idp_introspects_or_not_b64token_then_passed_without_a_request() {
    let h = Harness::with_config(json!({"bearer": {"audiences": [API]}}));
    let not_jwt = BearerDecision::Pass {
        reason: PassReason::NotJwt,
    };
    assert_eq!(validate(&h, TOKEN).unwrap(), not_jwt);
    let h = harness();
    answer(&h, active(&h));
    for token in ["a.b.c", "with space", "quote\"", &"x".repeat(5000)] {
        assert_eq!(validate(&h, token).unwrap(), not_jwt, "{token:.20}");
    }
    assert_eq!(h.op.count(PATH), 0);
}

#[test]
fn info_when_tokens_introspected_then_counts_by_result_and_cache_hits() {
    let h = harness_with(
        json!({"cacheSeconds": 30, "inactiveCacheSeconds": 30}),
        json!({}),
    );
    let counts = |h: &Harness| h.engine.info().idps[0].introspections.expect("introspects");
    assert_eq!(counts(&h), IntrospectionCounts::default());
    answer(&h, active(&h));
    for _ in 0..3 {
        validate(&h, TOKEN).expect("accepted");
    }
    answer(&h, json!({"active": false}));
    validate(&h, "inactive-token").expect("passed");
    validate(&h, "inactive-token").expect("passed");
    h.op.set_canned(PATH, Canned::json(500, json!({"error": "boom"})));
    validate(&h, "failing-token").expect_err("IdP failed");

    assert_eq!(
        counts(&h),
        IntrospectionCounts {
            active: 1,
            inactive: 1,
            failed: 1,
            cache_hits: 3,
        }
    );
    assert_eq!(
        h.op.count(PATH),
        3,
        "the counts are the requests the IdP saw"
    );
    let info = h.engine.info();
    assert!(info.idps[0].bearer);
}

#[test]
fn info_when_no_introspection_then_none_and_bearer_flag_follows_config() {
    let h = Harness::with_config(json!({"bearer": {"audiences": [API]}}));
    let info = h.engine.info();
    assert!(info.idps[0].bearer);
    assert_eq!(info.idps[0].introspections, None);
    let plain = Harness::new();
    let info = plain.engine.info();
    assert!(!info.idps[0].bearer);
    assert_eq!(info.idps[0].introspections, None);
}

// `introspection.jwts`: JWT access tokens of the IdP asked about too (Keycloak ends a token
// at logout or revocation long before its `exp`, and issues no opaque tokens).

/// A valid JWT access token of the test OP for alice, `typ` `JWT` as Keycloak sends it.
fn jwt(h: &Harness, aud: &str) -> String {
    let now = h.clock.now_unix();
    oidc_sso_testkit::TokenBuilder::new(&h.op.signing_key())
        .header("typ", json!("JWT"))
        .claims(json!({
            "iss": ISSUER, "aud": aud, "sub": "alice-sub", "azp": "cli",
            "iat": now, "exp": now + 300, "scope": "openid jira:read",
            "preferred_username": "alice", "typ": "Bearer",
        }))
        .build()
}

fn jwt_harness(introspection: Value) -> Harness {
    let h = Harness::with_config(json!({
        "bearer": {"audiences": [API], "requiredScopes": ["jira:read"], "acceptJwtTyp": true,
                   "introspection": introspection},
    }));
    let endpoint = h.op.url(PATH);
    h.op.script(|s| s.discovery["introspection_endpoint"] = json!(endpoint));
    h
}

#[test]
fn jwt_when_jwts_on_and_active_then_authenticated_and_asked_once_per_cache_window() {
    let h = jwt_harness(json!({"jwts": true, "cacheSeconds": 5}));
    answer(&h, active(&h));
    let token = jwt(&h, API);

    for _ in 0..3 {
        let decision = validate(&h, &token).expect("accepted");
        assert!(
            matches!(&decision, BearerDecision::Authenticated { subject, username, .. }
                if subject == "alice-sub" && username == "alice"),
            "{decision:?}"
        );
    }
    let requests = h.op.requests_to(PATH);
    assert_eq!(requests.len(), 1, "one introspection for three requests");
    assert_eq!(
        requests[0].form().get("token").map(String::as_str),
        Some(token.as_str()),
        "the JWT itself is introspected"
    );
    h.clock.advance(5);
    validate(&h, &token).expect("still active");
    assert_eq!(h.op.count(PATH), 2, "asked again once cacheSeconds passed");
}

#[test]
fn jwt_when_jwts_on_and_idp_says_inactive_then_refused_access_token_inactive_within_cache_bound() {
    let h = jwt_harness(json!({"jwts": true, "cacheSeconds": 2, "inactiveCacheSeconds": 1}));
    answer(&h, active(&h));
    let token = jwt(&h, API);
    validate(&h, &token).expect("active at first");

    // Revoked (or its session ended) at the IdP: the cached answer holds for cacheSeconds.
    answer(&h, json!({"active": false}));
    h.clock.advance(1);
    validate(&h, &token).expect("the cached answer, within cacheSeconds");
    h.clock.advance(1);
    let err = validate(&h, &token).expect_err("inactive at the IdP");

    assert_eq!(err.code(), Code::AccessTokenInactive);
    assert_eq!(err.kind(), oidc_sso_core::ErrorKind::Authentication);
    assert!(!err.hint().contains(&token), "the token never in a hint");
    assert_eq!(h.op.count(PATH), 2);
}

#[test]
fn jwt_when_local_check_fails_then_refused_without_introspection() {
    let h = jwt_harness(json!({"jwts": true}));
    answer(&h, active(&h));

    let err = validate(&h, &jwt(&h, "urn:other-api")).expect_err("another API's token");

    assert_eq!(err.code(), Code::InvalidAudience);
    assert_eq!(
        h.op.count(PATH),
        0,
        "the IdP is asked only about tokens valid here"
    );
}

#[test]
fn jwt_when_jwts_off_then_validated_locally_without_introspection() {
    let h = jwt_harness(json!({}));
    answer(&h, json!({"active": false}));

    validate(&h, &jwt(&h, API)).expect("valid by its signature and claims alone");

    assert_eq!(h.op.count(PATH), 0, "jwts defaults to false");
}

#[test]
fn jwt_when_jwts_on_and_endpoint_fails_then_unavailable_never_accepted() {
    let h = jwt_harness(json!({"jwts": true}));
    h.op.set_canned(PATH, Canned::json(500, json!({"error": "down"})));

    let err = validate(&h, &jwt(&h, API)).expect_err("fails closed");

    assert_eq!(err.code(), Code::IdpUnavailable);
}
