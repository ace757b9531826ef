//! What each entry point does, with plain Rust types: bytes in, bytes out.
//!
//! Engines live in [`ENGINES`]; every call clones the engine's `Arc` and releases the lock
//! before working, so a reload never waits for a login and a login never waits for a reload.

use std::cell::RefCell;
use std::mem::MaybeUninit;
use std::sync::Arc;

use jni::objects::{JByteArray, JString};
use jni::sys::jint;
use jni::Env;
use oidc_sso_core::{
    BeginLoginRequest, CompleteLoginRequest, DiscoverRequest, EndSessionRequest, Engine,
    GroupsDryRunRequest, HostContext, LoginUiRequest, PlanRequest, SystemClock,
    TemplatePreviewRequest,
};
use oidc_sso_http::ReqwestHttpClientFactory;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::errors::BridgeError;
use crate::registry::Registry;
use crate::{raw, token_text};

/// Every engine of this library instance (one per plugin class loader).
pub static ENGINES: Registry<Engine> = Registry::new();

pub fn engine_create(
    env: &mut Env<'_>,
    config: &JByteArray<'_>,
    host: &JByteArray<'_>,
) -> Result<i64, BridgeError> {
    let engine = build_engine(env, config, host)?;
    Ok(ENGINES.insert(Arc::new(engine)))
}

pub fn engine_reload(
    env: &mut Env<'_>,
    handle: i64,
    config: &JByteArray<'_>,
    host: &JByteArray<'_>,
) -> Result<(), BridgeError> {
    // Fail fast on a stale handle, before building anything.
    ENGINES.get(handle)?;
    let engine = build_engine(env, config, host)?;
    let previous = ENGINES.replace(handle, Arc::new(engine))?;
    // Calls still running on the old engine hold their own Arc; this may not be the last.
    drop(previous);
    Ok(())
}

pub fn engine_close(handle: i64) -> Result<(), BridgeError> {
    let engine = ENGINES.remove(handle)?;
    drop(engine);
    Ok(())
}

pub fn engine_info<'local>(
    env: &mut Env<'local>,
    handle: i64,
) -> Result<JByteArray<'local>, BridgeError> {
    let engine = ENGINES.get(handle)?;
    json_out(env, &engine.info())
}

pub fn begin_login<'local>(
    env: &mut Env<'local>,
    handle: i64,
    request: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let engine = ENGINES.get(handle)?;
    let request: BeginLoginRequest = json_in(env, request, "the beginLogin request")?;
    let response = engine.begin_login(&request)?;
    json_out(env, &response)
}

pub fn complete_login<'local>(
    env: &mut Env<'local>,
    handle: i64,
    request: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let engine = ENGINES.get(handle)?;
    let request: CompleteLoginRequest = json_in(env, request, "the completeLogin request")?;
    let decision = engine.complete_login(&request)?;
    json_out(env, &decision)
}

/// The provisioning plan of one login; pure, so it is also the admin's dry run.
pub fn plan_provisioning<'local>(
    env: &mut Env<'local>,
    handle: i64,
    request: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let engine = ENGINES.get(handle)?;
    let request: PlanRequest = json_in(env, request, "the planProvisioning request")?;
    json_out(env, &engine.plan_provisioning(&request)?)
}

/// A compact logout answer is a few hundred bytes; a thread keeps a buffer up to this size
/// between calls and lets a larger one go.
const KEPT_ANSWER_CAPACITY: usize = 4096;

/// Tokens up to this many characters are read onto the stack (8 KiB of UTF-16 and 4 KiB of
/// bytes; a logout token is about 1 KiB), longer ones onto the heap.
const STACK_TOKEN_CHARS: usize = 4096;

/// The core's bound on a token (`jose::MAX_TOKEN_BYTES`, 64 KiB) as characters, the handler's
/// bound on the form parameter too: a longer string is refused before it is read.
pub const MAX_TOKEN_CHARS: usize = 64 * 1024;

thread_local! {
    /// Each calling thread's answer buffer (`Engine::validate_logout_token_compact` writes the
    /// answer's strings into it without building a decision first), kept between its calls.
    static LOGOUT_ANSWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Back-channel logout: the token read from its Java `String` (no `byte[]` made for it), the
/// compact answer (`LogoutTokenDecision::to_compact`'s bytes, docs/architecture.md) written into
/// the caller's `answer` array; returns the answer's length. An answer longer than the array is
/// not written (the caller calls again with an array of that length: the call is pure). A refusal
/// is an exception with its code.
pub fn validate_logout_token(
    env: &mut Env<'_>,
    handle: i64,
    token: &JString<'_>,
    answer: &JByteArray<'_>,
) -> Result<jint, BridgeError> {
    let engine = ENGINES.get(handle)?;
    let mut stack_units = [MaybeUninit::<u16>::uninit(); STACK_TOKEN_CHARS];
    let mut heap_units = Vec::new();
    let units = raw::string_units(
        env,
        token,
        &mut stack_units,
        &mut heap_units,
        MAX_TOKEN_CHARS,
    )
    .map_err(token_read_error)?;
    let mut stack_bytes = [MaybeUninit::<u8>::uninit(); STACK_TOKEN_CHARS];
    let mut heap_bytes = Vec::new();
    let token = token_text::token_bytes(units, &mut stack_bytes, &mut heap_bytes);
    LOGOUT_ANSWER.with_borrow_mut(|out| {
        let written = engine
            .validate_logout_token_compact(token, out)
            .map_err(BridgeError::from)
            .and_then(|()| {
                raw::write_bytes(env, answer, out).map_err(answer_write_error)?;
                // An answer is at most the token's strings and the configuration's: far below 2 GiB.
                jint::try_from(out.len()).map_err(|_| {
                    BridgeError::Core(oidc_sso_core::Error::Internal(format!(
                        "a compact logout answer of {} bytes",
                        out.len()
                    )))
                })
            });
        out.clear();
        if out.capacity() > KEPT_ANSWER_CAPACITY {
            out.shrink_to(KEPT_ANSWER_CAPACITY);
        }
        written
    })
}

/// What the core answers for a token over its bound (`jose::parse_compact`, renamed to the
/// logout token's code), given here without reading the string.
fn token_read_error(error: raw::ReadError) -> BridgeError {
    match error {
        raw::ReadError::TooLong => BridgeError::Core(oidc_sso_core::Error::auth(
            oidc_sso_core::Code::MalformedLogoutToken,
            format!("the logout token is malformed: longer than {MAX_TOKEN_CHARS} bytes"),
        )),
        raw::ReadError::Null => BridgeError::InvalidInput("the logout token is null".to_owned()),
        raw::ReadError::BadLength => {
            BridgeError::InvalidInput("the logout token has a negative length".to_owned())
        }
    }
}

/// The answer array the shim passed cannot be written (never happens: `OidcEngine` checks it).
fn answer_write_error(error: raw::WriteError) -> BridgeError {
    match error {
        raw::WriteError::Null => BridgeError::InvalidInput("the answer array is null".to_owned()),
        raw::WriteError::BadLength => {
            BridgeError::InvalidInput("the answer array has a negative length".to_owned())
        }
    }
}

/// `Authorization: Bearer`: the token's bytes in (no JSON around them), a `BearerDecision`
/// out; a refusal is an exception with its code (docs/architecture.md).
pub fn validate_bearer<'local>(
    env: &mut Env<'local>,
    handle: i64,
    token: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let engine = ENGINES.get(handle)?;
    let token = env.convert_byte_array(token)?;
    json_out(env, &engine.validate_bearer(&token)?)
}

/// RP-initiated logout: the IdP's end-session URL for the session being ended.
pub fn end_session_url<'local>(
    env: &mut Env<'local>,
    handle: i64,
    request: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let engine = ENGINES.get(handle)?;
    let request: EndSessionRequest = json_in(env, request, "the endSessionUrl request")?;
    json_out(env, &engine.end_session_url(&request)?)
}

/// Routing and the login pages: `{"op": "route" | "render", ...}` (docs/architecture.md).
pub fn login_ui<'local>(
    env: &mut Env<'local>,
    handle: i64,
    request: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let engine = ENGINES.get(handle)?;
    let request: LoginUiRequest = json_in(env, request, "the loginUi request")?;
    json_out(env, &engine.login_ui_call(&request)?)
}

pub fn validate_config<'local>(
    env: &mut Env<'local>,
    config: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let config = env.convert_byte_array(config)?;
    json_out(env, &oidc_sso_core::validate_config(&config))
}

/// What the library offers before any engine exists: its version, the schema version it
/// reads and the IdP presets (for the admin UI).
pub fn library_info<'local>(env: &mut Env<'local>) -> Result<JByteArray<'local>, BridgeError> {
    json_out(env, &oidc_sso_core::library_info())
}

/// The admin's discovery lookup: no engine; the core fetches with its URL policy, timeouts
/// and size cap, over the JVM's trust anchors and proxy the request carries.
pub fn discover<'local>(
    env: &mut Env<'local>,
    request: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let request: DiscoverRequest = json_in(env, request, "the discover request")?;
    let http = ReqwestHttpClientFactory::new(request.trust_anchors_pem.clone());
    json_out(env, &oidc_sso_core::discover(&request, &http)?)
}

/// The admin's group-rule dry run (`POST groups/dry-run`): no engine, no network; the
/// draft's problems, the mapping's failure or the plan are all answers, not exceptions.
pub fn groups_dry_run<'local>(
    env: &mut Env<'local>,
    request: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let request: GroupsDryRunRequest = json_in(env, request, "the groupsDryRun request")?;
    json_out(env, &oidc_sso_core::groups_dry_run(&request))
}

/// The admin's template preview (`POST templates/preview`): no engine, no network.
pub fn template_preview<'local>(
    env: &mut Env<'local>,
    request: &JByteArray<'_>,
) -> Result<JByteArray<'local>, BridgeError> {
    let request: TemplatePreviewRequest = json_in(env, request, "the templatePreview request")?;
    json_out(env, &oidc_sso_core::template_preview(&request))
}

/// Closes every engine and stops the HTTP runtime threads (the plugin is being disabled).
pub fn shutdown() -> Result<(), BridgeError> {
    drop(ENGINES.clear());
    oidc_sso_http::shutdown();
    Ok(())
}

/// Proves the panic guard: the JNI tests and the admin "self test" call it.
pub fn debug_panic() -> Result<(), BridgeError> {
    panic!("debugPanic: a deliberate panic to prove that Rust panics reach Java as exceptions")
}

fn build_engine(
    env: &mut Env<'_>,
    config: &JByteArray<'_>,
    host: &JByteArray<'_>,
) -> Result<Engine, BridgeError> {
    let config = env.convert_byte_array(config)?;
    let host: HostContext = json_in(env, host, "the host context")?;
    let http = Arc::new(ReqwestHttpClientFactory::new(
        host.trust_anchors_pem.clone(),
    ));
    Ok(Engine::new(&config, host, http, Arc::new(SystemClock))?)
}

/// Parses JSON sent by the shim. The message names the position only: the input may
/// carry an authorization code or a state that must not reach a log.
fn json_in<T: DeserializeOwned>(
    env: &mut Env<'_>,
    bytes: &JByteArray<'_>,
    what: &str,
) -> Result<T, BridgeError> {
    let bytes = env.convert_byte_array(bytes)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        BridgeError::InvalidInput(format!(
            "{what} is not the JSON the contract describes ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

fn json_out<'local, T: Serialize>(
    env: &mut Env<'local>,
    value: &T,
) -> Result<JByteArray<'local>, BridgeError> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| oidc_sso_core::Error::Internal(format!("could not encode the result: {e}")))?;
    Ok(env.byte_array_from_slice(&bytes)?)
}
