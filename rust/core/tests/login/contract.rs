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

use std::collections::BTreeMap;
use std::path::PathBuf;

use oidc_sso_core::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

mod error_codes;

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

fn host_context() -> HostContext {
    HostContext {
        base_url: "https://jira.example.com/jira".into(),
        node_id: Some("node-1".into()),
        callback_path: "/plugins/servlet/oidc-sso/callback".into(),
        trust_anchors_pem: Some(
            "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n".into(),
        ),
        proxy: Some(HostProxy {
            url: "http://proxy.corp:3128".into(),
            no_proxy: vec!["localhost".into(), "*.corp".into()],
        }),
    }
}

fn begin_login_request() -> BeginLoginRequest {
    BeginLoginRequest {
        idp_id: Some("dev".into()),
        return_to: Some("/browse/X-1?focus=1".into()),
        browser_binding: "f3Kx9-browser-binding".into(),
        test_login: false,
        reauthenticate: false,
    }
}

fn pending() -> Value {
    // Opaque to the shim: sealed into the login cookie and handed back as it is.
    json!({"version": 1, "idpId": "dev", "issuer": "http://127.0.0.2:9400", "state": "st-1",
           "nonce": "n-1", "pkceVerifier": "v-1",
           "redirectUri": "https://jira.example.com/jira/plugins/servlet/oidc-sso/callback",
           "returnTo": "/browse/X-1", "browserBindingHash": "h-1", "createdAt": 1764345000,
           "expiresAt": 1764345600})
}

fn begin_login_response() -> BeginLoginResponse {
    BeginLoginResponse {
        authorization_url:
            "http://127.0.0.2:9400/auth?response_type=code&client_id=jira&state=st-1".into(),
        state: "st-1".into(),
        pending: pending(),
        expires_at: 1_764_345_600,
    }
}

fn complete_login_request() -> CompleteLoginRequest {
    CompleteLoginRequest {
        pending: Some(pending()),
        browser_binding: Some("f3Kx9-browser-binding".into()),
        params: BTreeMap::from([
            ("state".into(), "st-1".into()),
            ("code".into(), "c-1".into()),
            ("iss".into(), "http://127.0.0.2:9400".into()),
        ]),
        callback_path: Some("/plugins/servlet/oidc-sso/callback".into()),
    }
}

fn login_decision() -> LoginDecision {
    LoginDecision {
        idp_id: "dev".into(),
        issuer: "http://127.0.0.2:9400".into(),
        subject: "alice-sub".into(),
        username: "alice".into(),
        email: Some("alice@example.com".into()),
        email_verified: true,
        display_name: Some("Alice Anderson".into()),
        groups: vec!["jira-users".into(), "engineering".into()],
        groups_claim_present: true,
        return_to: "/secure/Dashboard.jspa".into(),
        link_existing_accounts: false,
        create_users: true,
        audit: vec![AuditEvent {
            event: "login.verified".into(),
            idp: Some("dev".into()),
            subject: Some("alice-sub".into()),
            detail: "username=`alice` groups=2 groupsClaimPresent=true userinfo=yes".into(),
        }],
        sid: Some("sid-1".into()),
        id_token_hint: IdTokenHint("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZS1zdWIifQ.c2ln".into()),
        test_login: None,
        reauthentication: false,
        token_summary: TokenSummary {
            iat: Some(1_764_345_000),
            exp: Some(1_764_345_300),
            auth_time: Some(1_764_344_990),
            amr: vec!["pwd".into(), "otp".into()],
            acr: Some("urn:example:loa:2".into()),
            azp: Some("jira".into()),
            aud_count: 1,
        },
    }
}

fn existing_user() -> ExistingUser {
    ExistingUser {
        username: "alice".into(),
        display_name: Some("Alice A.".into()),
        email: Some("alice@example.com".into()),
        active: true,
        link_count: 1,
    }
}

fn plan_request() -> PlanRequest {
    PlanRequest {
        login: LoginFacts::from(&login_decision()),
        account: AccountState {
            linked: Some(existing_user()),
            same_username: Some(existing_user()),
            member_of: BTreeMap::from([("engineering".into(), true), ("ops".into(), false)]),
            managed_groups: vec!["ops".into()],
        },
        directory: DirectoryState {
            writable: true,
            admin_count: Some(3),
        },
    }
}

fn provisioning_plan() -> ProvisioningPlan {
    ProvisioningPlan {
        outcome: PlanOutcome::Apply,
        refusal: None,
        needs_membership: vec![],
        user: Some(UserPlan {
            action: UserAction::Update,
            username: "alice".into(),
            link: false,
            display_name: Some("Alice Anderson".into()),
            email: None,
            changes: vec![FieldChange {
                field: "displayName".into(),
                from: Some("Alice A.".into()),
                to: Some("Alice Anderson".into()),
            }],
            rule: "provisioning.updateProfile".into(),
        }),
        groups: vec![
            GroupChange {
                action: GroupAction::Add,
                group: "jira-users".into(),
                rule: "rules/0".into(),
                create_if_missing: true,
                reason: None,
            },
            GroupChange {
                action: GroupAction::Remove,
                group: "ops".into(),
                rule: "groupsClaim".into(),
                create_if_missing: false,
                reason: None,
            },
            GroupChange {
                action: GroupAction::Kept,
                group: "jira-administrators".into(),
                rule: "neverTouch".into(),
                create_if_missing: false,
                reason: Some("never touched".into()),
            },
            GroupChange {
                action: GroupAction::Ignored,
                group: "Sales".into(),
                rule: "allowlist".into(),
                create_if_missing: false,
                reason: Some("not on the allowlist".into()),
            },
        ],
        managed_groups: Some(vec!["jira-users".into()]),
        notes: vec!["profile of alice not updated: the user directory is read-only".into()],
    }
}

fn refused_plan() -> ProvisioningPlan {
    ProvisioningPlan {
        outcome: PlanOutcome::Refuse,
        refusal: Some(Refusal {
            code: Code::AccountExistsNotLinked,
            message: "a local account alice exists and is not linked to IdP dev".into(),
        }),
        needs_membership: vec![],
        user: None,
        groups: vec![],
        managed_groups: None,
        notes: vec![],
    }
}

fn needs_membership_plan() -> ProvisioningPlan {
    ProvisioningPlan {
        outcome: PlanOutcome::NeedsMembership,
        needs_membership: vec!["eng".into(), "ops".into()],
        ..refused_plan()
    }
}

fn route_request() -> RouteRequest {
    RouteRequest {
        page: RoutePage::Login,
        path: Some("/secure/x".into()),
        idp: Some("kc".into()),
        login_hint: Some("x@kc.test".into()),
        chooser: false,
        issuer: Some("https://kc.example.com/realms/corp".into()),
        user: Some(RouteUser {
            member_of: BTreeMap::from([("contractors".into(), true)]),
            directory: Some("10001".into()),
        }),
    }
}

fn chooser() -> RouteDecision {
    RouteDecision::Chooser {
        idps: vec![ChooserIdp {
            id: "kc".into(),
            display_name: "Keycloak".into(),
            button_label: "Sign in with Keycloak".into(),
            icon_url: Some("https://kc.example.com/icon.png".into()),
        }],
        preselected: Some("kc".into()),
        email_form: true,
        local_login: true,
        notice: Some("domain_not_allowed".into()),
    }
}

fn render_request() -> RenderRequest {
    RenderRequest {
        page: PageKind::Error,
        context_path: "/jira".into(),
        login_path: "/login.jsp".into(),
        return_to: Some("/browse/X-1".into()),
        decision: Some(chooser()),
        code: Some("idp_unavailable".into()),
        reference: Some("ref-1234".into()),
        login_hint: Some("jane@example.com".into()),
        site_name: Some("Jira".into()),
    }
}

fn availability() -> IdpAvailability {
    IdpAvailability {
        state: CircuitState::Open,
        since: 1_764_345_000,
        consecutive_failures: 5,
        last_failure: Some("GET http://127.0.0.2:9400/token: connection refused".into()),
        last_failure_at: Some(1_764_345_000),
        next_probe_at: Some(1_764_345_002),
        failed_probes: 1,
        logins_in_flight: 2,
        max_concurrent_calls: 50,
    }
}

fn engine_info() -> EngineInfo {
    EngineInfo {
        schema_version: SCHEMA_VERSION,
        pending_login_ttl_seconds: 600,
        redirect_uri: "https://jira.example.com/jira/plugins/servlet/oidc-sso/callback".into(),
        idps: vec![IdpInfo {
            id: "kc".into(),
            display_name: "Keycloak".into(),
            issuer: "https://kc.example.com/realms/corp".into(),
            preset: Some("keycloak".into()),
            create_users: true,
            link_existing_accounts: false,
            insecure_allow_http_loopback: false,
            token_endpoint_auth_method: "client_secret_basic".into(),
            allowed_algorithms: vec!["RS256".into(), "ES256".into()],
            quirks: IdpQuirksInfo {
                token_endpoint_as_audience: false,
            },
            availability: availability(),
            discovery_fetches: FetchCounts { ok: 3, failed: 1 },
            jwks_fetches: FetchCounts { ok: 4, failed: 2 },
            bearer: true,
            introspections: Some(IntrospectionCounts {
                active: 7,
                inactive: 3,
                failed: 1,
                cache_hits: 40,
            }),
        }],
        websudo_via_idp: "sso-sessions".into(),
    }
}

fn library_info() -> LibraryInfo {
    LibraryInfo {
        version: "0.1.0".into(),
        schema_version: SCHEMA_VERSION,
        presets: vec![PresetInfo {
            name: "keycloak".into(),
            display_name: "Keycloak".into(),
            parameters: vec![PresetParameter {
                name: "realm".into(),
                description: "the realm's name".into(),
                example: "corp".into(),
                required: true,
                default: Some("master".into()),
            }],
            defaults: json!({"issuer": "{baseUrl}/realms/{realm}"}),
            notes: vec!["Keycloak signs with RS256 by default.".into()],
            guide: "docs/idp/keycloak.md".into(),
        }],
    }
}

fn config_problems() -> Vec<ConfigProblem> {
    vec![
        ConfigProblem {
            pointer: String::new(),
            message: "the document is empty: send a JSON object".into(),
        },
        ConfigProblem {
            pointer: "/idps/0/issuer".into(),
            message: "must use https".into(),
        },
    ]
}

/// Reads a request as its Rust type.
type Parse = fn(Value) -> Result<(), String>;

/// Every request type's fixture, with its Rust type: these must refuse unknown fields.
fn requests() -> Vec<(&'static str, Value, Parse)> {
    fn parses<T: DeserializeOwned>(value: Value) -> Result<(), String> {
        serde_json::from_value::<T>(value)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    vec![
        ("HostContext", json!(host_context()), parses::<HostContext>),
        (
            "BeginLoginRequest",
            json!(begin_login_request()),
            parses::<BeginLoginRequest>,
        ),
        (
            "CompleteLoginRequest",
            json!(complete_login_request()),
            parses::<CompleteLoginRequest>,
        ),
        ("PlanRequest", json!(plan_request()), parses::<PlanRequest>),
        (
            "LogoutTokenRequest",
            json!(LogoutTokenRequest {
                logout_token: "eyJ.eyJ.sig".into()
            }),
            parses::<LogoutTokenRequest>,
        ),
        (
            "EndSessionRequest",
            json!(end_session_request()),
            parses::<EndSessionRequest>,
        ),
        (
            "DiscoverRequest",
            json!(discover_request()),
            parses::<DiscoverRequest>,
        ),
        (
            "GroupsDryRunRequest",
            json!(groups_dry_run_request()),
            parses::<GroupsDryRunRequest>,
        ),
        (
            "TemplatePreviewRequest",
            json!(template_preview_request()),
            parses::<TemplatePreviewRequest>,
        ),
        (
            "LoginUiRequest.route",
            json!(LoginUiRequest::Route(route_request())),
            parses::<LoginUiRequest>,
        ),
        (
            "LoginUiRequest.render",
            json!(LoginUiRequest::Render(render_request())),
            parses::<LoginUiRequest>,
        ),
    ]
}

/// A small document: the admin's draft travels as an opaque JSON value.
fn draft_document() -> Value {
    json!({"schemaVersion": 1, "idps": [{"id": "dev", "issuer": "http://127.0.0.2:9400",
        "clientId": "oidc-sso-dev", "clientSecret": "dev-secret-change-me",
        "insecureAllowHttpLoopback": true}]})
}

fn groups_dry_run_request() -> GroupsDryRunRequest {
    GroupsDryRunRequest {
        config: draft_document(),
        idp: "dev".into(),
        claims: json!({"sub": "alice-sub", "preferred_username": "alice", "groups": ["eng"]})
            .as_object()
            .unwrap()
            .clone(),
        userinfo: Some(
            json!({"sub": "alice-sub", "email": "alice@example.com"})
                .as_object()
                .unwrap()
                .clone(),
        ),
        existing_groups: Some(vec!["jira-software-users".into()]),
        managed_groups: vec!["engineering".into()],
    }
}

fn groups_dry_run_result() -> GroupsDryRunResult {
    GroupsDryRunResult {
        problems: vec![],
        failure: None,
        identity: Some(DryRunIdentity {
            username: "alice".into(),
            email: Some("alice@example.com".into()),
            email_verified: true,
            display_name: Some("Alice Example".into()),
            groups: vec!["eng".into()],
            groups_claim_present: true,
        }),
        plan: Some(provisioning_plan()),
    }
}

fn template_preview_request() -> TemplatePreviewRequest {
    TemplatePreviewRequest {
        config: draft_document(),
        render: render_request(),
    }
}

fn end_session_request() -> EndSessionRequest {
    EndSessionRequest {
        idp_id: "dev".into(),
        issuer: "http://127.0.0.2:9400".into(),
        id_token_hint: Some("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZS1zdWIifQ.c2ln".into()),
    }
}

fn discover_request() -> DiscoverRequest {
    DiscoverRequest {
        url: "https://login.example.com/realms/company/.well-known/openid-configuration".into(),
        insecure_allow_http_loopback: false,
        trust_anchors_pem: None,
        proxy: Some(HostProxy {
            url: "http://proxy.corp:3128".into(),
            no_proxy: vec!["*.corp".into()],
        }),
    }
}

fn discover_result() -> DiscoverResult {
    let base = "https://login.example.com/realms/company";
    DiscoverResult {
        issuer: base.into(),
        authorization_endpoint: format!("{base}/protocol/openid-connect/auth"),
        token_endpoint: format!("{base}/protocol/openid-connect/token"),
        userinfo_endpoint: Some(format!("{base}/protocol/openid-connect/userinfo")),
        jwks_uri: format!("{base}/protocol/openid-connect/certs"),
        end_session_endpoint: None,
        id_token_signing_alg_values_supported: vec!["RS256".into(), "ES256".into()],
        scopes_supported: vec!["openid".into(), "email".into()],
        warnings: vec!["no end_session_endpoint: logging out ends the product session only".into()],
    }
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
    golden(
        "LogoutTokenDecision",
        &LogoutTokenDecision {
            idp_id: "dev".into(),
            issuer: "http://127.0.0.2:9400".into(),
            sub: Some("alice-sub".into()),
            sid: Some("sid-1".into()),
            jti: "jti-1".into(),
            exp: 1_764_345_780,
        },
    );
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
