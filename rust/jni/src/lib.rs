//! `oidc-sso-jni`: the cdylib the Java shim loads (`liboidc_sso_jni.so`).
//!
//! The only crate that depends on `jni`. Each entry point below is one line into
//! [`bridge`] through [`ffi::run_ffi_safe`], which turns errors (through the table in
//! [`errors`]) and panics into Java exceptions. The contract is the table in
//! docs/architecture.md; the Java side is `io.oidcsso.plugin.nativebridge.Native`.

#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod bridge;
pub mod errors;
pub mod ffi;
pub mod registry;

// `#[no_mangle]` is what makes the JVM find these symbols, and the workspace's
// `unsafe_code = "deny"` counts it as unsafe (a symbol clash would be unsound). Allowed for
// this module only: it holds nothing but the exported one-liners.
#[allow(unsafe_code)]
mod exports {
    use jni::objects::{JByteArray, JClass};
    use jni::sys::jlong;
    use jni::EnvUnowned;

    use crate::bridge;
    use crate::ffi::run_ffi_safe;

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
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_beginLogin<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| bridge::begin_login(env, handle, &request))
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_completeLogin<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| {
            bridge::complete_login(env, handle, &request)
        })
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_planProvisioning<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| {
            bridge::plan_provisioning(env, handle, &request)
        })
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_validateLogoutToken<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| {
            bridge::validate_logout_token(env, handle, &request)
        })
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_validateBearer<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        token: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| bridge::validate_bearer(env, handle, &token))
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_endSessionUrl<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| {
            bridge::end_session_url(env, handle, &request)
        })
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_loginUi<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| bridge::login_ui(env, handle, &request))
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_validateConfig<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        config: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| bridge::validate_config(env, &config))
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
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_discover<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| bridge::discover(env, &request))
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_groupsDryRun<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| bridge::groups_dry_run(env, &request))
    }

    // Keep in sync with Native.java
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_plugin_nativebridge_Native_templatePreview<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        request: JByteArray<'l>,
    ) -> JByteArray<'l> {
        run_ffi_safe(&mut env, |env| bridge::template_preview(env, &request))
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
