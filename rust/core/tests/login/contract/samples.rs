//! Sample values of every type that crosses JNI, one per fixture in `tests/data/contract/`
//! (the tests are in `contract.rs`). A sample should show every field with a realistic value,
//! so that a field added, renamed or dropped changes its fixture.

use std::collections::BTreeMap;

use oidc_sso_core::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub(super) fn host_context() -> HostContext {
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

pub(super) fn begin_login_request() -> BeginLoginRequest {
    BeginLoginRequest {
        idp_id: Some("dev".into()),
        return_to: Some("/browse/X-1?focus=1".into()),
        browser_binding: "f3Kx9-browser-binding".into(),
        test_login: false,
        reauthenticate: false,
    }
}

pub(super) fn pending() -> Value {
    // Opaque to the shim: sealed into the login cookie and handed back as it is.
    json!({"version": 1, "idpId": "dev", "issuer": "http://127.0.0.2:9400", "state": "st-1",
           "nonce": "n-1", "pkceVerifier": "v-1",
           "redirectUri": "https://jira.example.com/jira/plugins/servlet/oidc-sso/callback",
           "returnTo": "/browse/X-1", "browserBindingHash": "h-1", "createdAt": 1764345000,
           "expiresAt": 1764345600})
}

pub(super) fn begin_login_response() -> BeginLoginResponse {
    BeginLoginResponse {
        authorization_url:
            "http://127.0.0.2:9400/auth?response_type=code&client_id=jira&state=st-1".into(),
        state: "st-1".into(),
        pending: pending(),
        expires_at: 1_764_345_600,
    }
}

pub(super) fn complete_login_request() -> CompleteLoginRequest {
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

pub(super) fn login_decision() -> LoginDecision {
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

pub(super) fn existing_user() -> ExistingUser {
    ExistingUser {
        username: "alice".into(),
        display_name: Some("Alice A.".into()),
        email: Some("alice@example.com".into()),
        active: true,
        link_count: 1,
    }
}

pub(super) fn plan_request() -> PlanRequest {
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

pub(super) fn provisioning_plan() -> ProvisioningPlan {
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

pub(super) fn refused_plan() -> ProvisioningPlan {
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

pub(super) fn needs_membership_plan() -> ProvisioningPlan {
    ProvisioningPlan {
        outcome: PlanOutcome::NeedsMembership,
        needs_membership: vec!["eng".into(), "ops".into()],
        ..refused_plan()
    }
}

pub(super) fn route_request() -> RouteRequest {
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

pub(super) fn chooser() -> RouteDecision {
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

pub(super) fn render_request() -> RenderRequest {
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

pub(super) fn availability() -> IdpAvailability {
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

pub(super) fn engine_info() -> EngineInfo {
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

pub(super) fn library_info() -> LibraryInfo {
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

pub(super) fn config_problems() -> Vec<ConfigProblem> {
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
pub(super) type Parse = fn(Value) -> Result<(), String>;

/// Every request type's fixture, with its Rust type: these must refuse unknown fields.
pub(super) fn requests() -> Vec<(&'static str, Value, Parse)> {
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
pub(super) fn draft_document() -> Value {
    json!({"schemaVersion": 1, "idps": [{"id": "dev", "issuer": "http://127.0.0.2:9400",
        "clientId": "oidc-sso-dev", "clientSecret": "dev-secret-change-me",
        "insecureAllowHttpLoopback": true}]})
}

pub(super) fn groups_dry_run_request() -> GroupsDryRunRequest {
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

pub(super) fn groups_dry_run_result() -> GroupsDryRunResult {
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

pub(super) fn template_preview_request() -> TemplatePreviewRequest {
    TemplatePreviewRequest {
        config: draft_document(),
        render: render_request(),
    }
}

pub(super) fn end_session_request() -> EndSessionRequest {
    EndSessionRequest {
        idp_id: "dev".into(),
        issuer: "http://127.0.0.2:9400".into(),
        id_token_hint: Some("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZS1zdWIifQ.c2ln".into()),
    }
}

pub(super) fn discover_request() -> DiscoverRequest {
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

pub(super) fn discover_result() -> DiscoverResult {
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
