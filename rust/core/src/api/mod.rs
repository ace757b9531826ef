//! The contract with the Java shim: every type that crosses JNI, defined once.
//!
//! Requests (what the shim sends) refuse unknown fields, so a misspelt field fails loudly
//! instead of being read as absent. Each type has a golden JSON fixture in
//! `rust/core/tests/data/contract/`, checked both ways by the core's tests and by the
//! shim's `EngineContractTest`, which decodes every fixture into its Java record and
//! encodes it back unchanged (docs/architecture.md, "The contract").
//!
//! This module sits low in the core's layers: it depends on nothing but the error type
//! and the leaves, so every module that needs a contract type can import it.

mod admin_preview;
mod bearer;
mod discover;
mod host;
mod info;
mod login;
mod login_ui;
mod logout;
mod provisioning;

pub use admin_preview::{
    DryRunIdentity, GroupsDryRunRequest, GroupsDryRunResult, TemplatePreview,
    TemplatePreviewRequest,
};
pub use bearer::{BearerDecision, PassReason};
pub use discover::{DiscoverRequest, DiscoverResult};
pub use host::{HostContext, HostProxy};
pub use info::{
    CircuitState, EngineInfo, FetchCounts, IdpAvailability, IdpInfo, IdpQuirksInfo,
    IntrospectionCounts, LibraryInfo, PresetInfo, PresetParameter,
};
pub use login::{
    AuditEvent, BeginLoginRequest, BeginLoginResponse, ClockReading, CompleteLoginRequest,
    IdTokenHint, LoginDecision, TestLoginReport, TokenSummary,
};
pub use login_ui::{
    ChooserIdp, LoginUiAnswer, LoginUiRequest, PageKind, RenderRequest, Rendered, RouteDecision,
    RoutePage, RouteRequest, RouteUser,
};
pub use logout::{
    write_compact_logout, CompactLogout, EndSessionRequest, EndSessionResponse,
    LogoutTokenDecision, LogoutTokenRequest, COMPACT_LOGOUT_VERSION,
};
pub use provisioning::{
    AccountState, DirectoryState, ExistingUser, FieldChange, GroupAction, GroupChange, LoginFacts,
    PlanOutcome, PlanRequest, ProvisioningPlan, Refusal, UserAction, UserPlan,
};
