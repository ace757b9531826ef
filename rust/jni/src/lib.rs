//! `oidc-sso-jni`: the cdylib the Java shim loads (`liboidc_sso_jni.so`).
//!
//! The only crate that depends on `jni`. Each entry point below (most written by the
//! `engine_call!` and `stateless_call!` macros, one line each) is one call into
//! [`bridge`] through [`ffi::run_ffi_safe`], which turns errors (through the table in
//! [`errors`]) and panics into Java exceptions. The contract is the table in
//! docs/architecture.md; the Java side is `io.oidcsso.plugin.nativebridge.Native`.

#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod bridge;
pub mod errors;
pub mod ffi;
mod raw;
pub mod registry;
pub mod token_text;

// `#[no_mangle]` is what makes the JVM find these symbols, and the workspace's
// `unsafe_code = "deny"` counts it as unsafe (a symbol clash would be unsound). Allowed for
// this module only: it holds nothing but the exported one-liners.
#[allow(unsafe_code)]
mod exports {
    use jni::objects::{JByteArray, JClass, JString};
    use jni::sys::{jint, jlong};
    use jni::EnvUnowned;

    use crate::bridge;
    use crate::ffi::run_ffi_safe;

    /// `(handle, request bytes) -> answer bytes`: the shape of most calls on an engine.
    macro_rules! engine_call {
        ($($symbol:ident => $bridge:path;)+) => {$(
            // Keep in sync with Native.java
            #[no_mangle]
            pub extern "system" fn $symbol<'l>(
                mut env: EnvUnowned<'l>,
                _class: JClass<'l>,
                handle: jlong,
                request: JByteArray<'l>,
            ) -> JByteArray<'l> {
                run_ffi_safe(&mut env, |env| $bridge(env, handle, &request))
            }
        )+};
    }

    /// `(request bytes) -> answer bytes`: the stateless calls (no engine).
    macro_rules! stateless_call {
        ($($symbol:ident => $bridge:path;)+) => {$(
            // Keep in sync with Native.java
            #[no_mangle]
            pub extern "system" fn $symbol<'l>(
                mut env: EnvUnowned<'l>,
                _class: JClass<'l>,
                request: JByteArray<'l>,
            ) -> JByteArray<'l> {
                run_ffi_safe(&mut env, |env| $bridge(env, &request))
            }
        )+};
    }

    engine_call! {
        Java_io_oidcsso_plugin_nativebridge_Native_beginLogin => bridge::begin_login;
        Java_io_oidcsso_plugin_nativebridge_Native_completeLogin => bridge::complete_login;
        Java_io_oidcsso_plugin_nativebridge_Native_planProvisioning => bridge::plan_provisioning;
        Java_io_oidcsso_plugin_nativebridge_Native_validateBearer => bridge::validate_bearer;
        Java_io_oidcsso_plugin_nativebridge_Native_endSessionUrl => bridge::end_session_url;
        Java_io_oidcsso_plugin_nativebridge_Native_loginUi => bridge::login_ui;
    }

    stateless_call! {
        Java_io_oidcsso_plugin_nativebridge_Native_validateConfig => bridge::validate_config;
        Java_io_oidcsso_plugin_nativebridge_Native_discover => bridge::discover;
        Java_io_oidcsso_plugin_nativebridge_Native_groupsDryRun => bridge::groups_dry_run;
        Java_io_oidcsso_plugin_nativebridge_Native_templatePreview => bridge::template_preview;
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_validateLogoutToken<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        token: JString<'l>,
        answer: JByteArray<'l>,
    ) -> jint {
        run_ffi_safe(&mut env, |env| {
            bridge::validate_logout_token(env, handle, &token, &answer)
        })
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_engineCreate<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        config: JByteArray<'l>,
        host: JByteArray<'l>,
    ) -> jlong {
        run_ffi_safe(&mut env, |env| bridge::engine_create(env, &config, &host))
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_engineReload<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        config: JByteArray<'l>,
        host: JByteArray<'l>,
    ) {
        run_ffi_safe(&mut env, |env| {
            bridge::engine_reload(env, handle, &config, &host)
        })
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_engineClose<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
    ) {
        run_ffi_safe(&mut env, |_| bridge::engine_close(handle))
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_engineInfo<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| bridge::engine_info(env, handle))
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_libraryInfo<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, bridge::library_info)
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_shutdown<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
    ) {
        run_ffi_safe(&mut env, |_| bridge::shutdown())
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_debugPanic<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
    ) {
        run_ffi_safe(&mut env, |_| bridge::debug_panic())
    }
}
