//! The JNI contract's golden fixtures (zitadel/oidc's regression data, in this project's
//! shape): one representative JSON file per type that crosses JNI, in
//! `tests/data/contract/`, and the shim's generated `ErrorCodes.java` (`contract/error_codes.rs`).
//!
//! Normally each fixture is asserted: serialising the value gives the file, and reading
//! the file back and serialising again gives the file. The shim's `EngineContractTest`
//! decodes every fixture into its Java record and encodes it back unchanged, so a field
//! added, renamed or dropped on one side only fails a test on the other.
//!
//! To rewrite the fixtures and `ErrorCodes.java` after a deliberate change:
//! `CONTRACT_UPDATE=1 cargo test -p oidc-sso-core --test login contract`

use std::path::PathBuf;

use oidc_sso_core::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

mod error_codes;
mod samples;

// Named: `oidc_sso_core` exports a `library_info` too.
use samples::{library_info, *};

const UPDATE: &str = "CONTRACT_UPDATE";
const REGENERATE: &str = "CONTRACT_UPDATE=1 cargo test -p oidc-sso-core --test login contract";

fn updating() -> bool {
    std::env::var_os(UPDATE).is_some_and(|v| v == "1")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/contract")
}

fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

/// Writes the fixture (update mode) or asserts it: serialise = file, round trip = file.
fn golden<T: Serialize + DeserializeOwned>(name: &str, value: &T) {
    let path = fixtures().join(format!("{name}.json"));
    let written = pretty(value);
    if updating() {
        std::fs::create_dir_all(fixtures()).unwrap();
        std::fs::write(&path, &written).unwrap();
        return;
    }
    let file = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; write it with {REGENERATE}", path.display()));
    assert_eq!(
        written, file,
        "{name}: the type no longer serialises as its fixture; if the change is deliberate, \
         run {REGENERATE} and update the shim's record (EngineContractTest)"
    );
    let back: T = serde_json::from_str(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        pretty(&back),
        file,
        "{name}: the round trip changes the fixture"
    );
}

fn logout_token_decision() -> LogoutTokenDecision {
    LogoutTokenDecision {
        idp_id: "dev".into(),
        issuer: "http://127.0.0.2:9400".into(),
        sub: Some("alice-sub".into()),
        sid: Some("sid-1".into()),
        jti: "jti-1".into(),
        exp: 1_764_345_780,
    }
}

/// `validateLogoutToken` answers in the compact form (`LogoutTokenDecision::to_compact`): its
/// golden bytes, as hex, are what the shim's `LogoutTokenCodecTest` decodes into the same
/// record as `LogoutTokenDecision.json`.
#[test]
fn contract_when_logout_decision_compact_then_equal_to_its_fixture() {
    let path = fixtures().join("LogoutTokenDecision.compact.hex");
    let bytes = logout_token_decision().to_compact().unwrap();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect::<String>() + "\n";
    if updating() {
        std::fs::write(&path, &hex).unwrap();
        return;
    }
    let file = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; write it with {REGENERATE}", path.display()));
    assert_eq!(
        hex, file,
        "the compact logout answer changed; update LogoutTokenCodec too"
    );
}

#[test]
fn contract_when_types_serialised_then_equal_to_their_fixtures() {
    golden("HostContext", &host_context());
    golden("BeginLoginRequest", &begin_login_request());
    golden("BeginLoginResponse", &begin_login_response());
    golden("CompleteLoginRequest", &complete_login_request());
    golden("LoginDecision", &login_decision());
    golden("PlanRequest", &plan_request());
    golden("ProvisioningPlan", &provisioning_plan());
    golden("ProvisioningPlan.refuse", &refused_plan());
    golden("ProvisioningPlan.needsMembership", &needs_membership_plan());
    golden(
        "LogoutTokenRequest",
        &LogoutTokenRequest {
            logout_token: "eyJ.eyJ.sig".into(),
        },
    );
    golden("LogoutTokenDecision", &logout_token_decision());
    golden(
        "BearerDecision.authenticated",
        &BearerDecision::Authenticated {
            idp_id: "dev".into(),
            issuer: "http://127.0.0.2:9400".into(),
            subject: "alice-sub".into(),
            username: "alice".into(),
            scopes: vec!["openid".into(), "api:read".into()],
            expires_at: 1_764_345_780,
        },
    );
    golden(
        "BearerDecision.pass",
        &BearerDecision::Pass {
            reason: PassReason::UnknownIssuer,
        },
    );
    golden(
        "BearerDecision.passInactive",
        &BearerDecision::Pass {
            reason: PassReason::Inactive,
        },
    );
    golden("EndSessionRequest", &end_session_request());
    golden(
        "EndSessionResponse",
        &EndSessionResponse {
            url: Some("http://127.0.0.2:9400/session/end?client_id=jira&state=s-2".into()),
            state: Some("s-2".into()),
            post_logout_redirect_uri: "https://jira.example.com/jira/".into(),
        },
    );
    golden(
        "LoginUiRequest.route",
        &LoginUiRequest::Route(route_request()),
    );
    golden(
        "LoginUiRequest.render",
        &LoginUiRequest::Render(render_request()),
    );
    golden(
        "RouteDecision.redirect",
        &RouteDecision::Redirect {
            idp_id: "kc".into(),
            delayed: true,
            delay_seconds: 3,
            rule: Some("/routing/rules/0".into()),
        },
    );
    golden("RouteDecision.chooser", &chooser());
    golden("RouteDecision.local", &RouteDecision::Local);
    golden("RouteDecision.pass", &RouteDecision::Pass);
    golden(
        "RouteDecision.needsUser",
        &RouteDecision::NeedsUser {
            groups: vec!["contractors".into()],
        },
    );
    golden(
        "Rendered",
        &Rendered {
            html: "<!DOCTYPE html><title>Sign in</title>".into(),
            warning: Some("the chooser template failed (undefined variable); the built-in page was shown instead".into()),
        },
    );
    golden("EngineInfo", &engine_info());
    golden("LibraryInfo", &library_info());
    golden("ConfigProblems", &config_problems());
    golden("DiscoverRequest", &discover_request());
    golden("DiscoverResult", &discover_result());
    golden("GroupsDryRunRequest", &groups_dry_run_request());
    golden("GroupsDryRunResult", &groups_dry_run_result());
    golden(
        "GroupsDryRunResult.refused",
        &GroupsDryRunResult {
            problems: vec![],
            failure: Some(Refusal {
                code: Code::MissingUsernameClaim,
                message:
                    "neither the ID token nor userinfo has the username claim `preferred_username`"
                        .into(),
            }),
            identity: None,
            plan: None,
        },
    );
    golden("TemplatePreviewRequest", &template_preview_request());
    golden(
        "TemplatePreview",
        &TemplatePreview {
            problems: vec![ConfigProblem {
                pointer: "/templates/chooser".into(),
                message: "line 1: unexpected end of input".into(),
            }],
            html: None,
            template_problem: None,
            custom: true,
        },
    );
}

#[test]
fn contract_when_fixture_dir_listed_then_every_file_written_by_this_test() {
    let source = include_str!("contract.rs");
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name.trim_end_matches(".json");
        assert!(
            source.contains(&format!("\"{stem}\"")),
            "tests/data/contract/{name} is no fixture of this test: remove it"
        );
    }
}

/// Adds an unknown field to every object of a request (not to maps and opaque values).
fn with_unknown_fields(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    let Value::Object(map) = value else { return };
    let mut extended = map.clone();
    extended.insert("unexpectedField".into(), json!(1));
    out.push((path.to_string(), Value::Object(extended)));
    for (key, child) in map {
        // `params`, `memberOf`, `claims` and `userinfo` are maps; `pending` is opaque to the
        // shim, `config` is the admin's document (read by Config::parse, which refuses unknown
        // fields with a pointer of its own).
        let opaque = [
            "params", "memberOf", "pending", "config", "claims", "userinfo",
        ];
        if opaque.contains(&key.as_str()) {
            continue;
        }
        let mut below = Vec::new();
        with_unknown_fields(child, &format!("{path}/{key}"), &mut below);
        for (at, changed) in below {
            let mut copy = map.clone();
            copy.insert(key.clone(), changed);
            out.push((at, Value::Object(copy)));
        }
    }
}

#[test]
fn contract_when_request_has_unknown_field_then_refused() {
    // The drift this catches: `callbackPath` misspelt by the shim was read as absent, and an
    // absent path skips the callback mix-up check.
    let misspelt = json!({"pending": null, "browserBinding": "b", "params": {},
                          "callbackpath": "/plugins/servlet/oidc-sso/callback"});
    assert!(serde_json::from_value::<CompleteLoginRequest>(misspelt)
        .unwrap_err()
        .to_string()
        .contains("unknown field `callbackpath`"));
    for (name, fixture, parse) in requests() {
        assert_eq!(parse(fixture.clone()), Ok(()), "{name}");
        let mut variants = Vec::new();
        with_unknown_fields(&fixture, "", &mut variants);
        for (at, variant) in variants {
            assert!(
                parse(variant).is_err(),
                "{name}: an unknown field at `{at}/unexpectedField` is accepted"
            );
        }
    }
}
