//! `run_ffi_safe`: the one wrapper every entry point goes through.
//!
//! jni 0.22's `EnvUnowned::with_env` catches panics; the [`ThrowMapped`] policy turns the
//! outcome into a Java exception through the table in [`crate::errors`]. An exception that
//! is already pending (thrown by a JNI call we made) is never overwritten. Nothing is
//! written to stderr: the panic hook records where the panic happened for the exception
//! message instead of printing it.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use jni::errors::ErrorPolicy;
use jni::objects::{JObject, JThrowable, JValue};
use jni::strings::JNIString;
use jni::{jni_sig, Env, EnvUnowned};

use crate::errors::{java_exception, panic_exception, BridgeError, ExceptionArgs, JavaException};

/// Runs `body` with the JNI env; errors and panics become Java exceptions, the return
/// value is then `T::default()` (0 / null), which Java never sees.
pub fn run_ffi_safe<'local, T, F>(env: &mut EnvUnowned<'local>, body: F) -> T
where
    T: Default,
    F: FnOnce(&mut Env<'local>) -> Result<T, BridgeError>,
{
    install_quiet_panic_hook();
    env.with_env(body).resolve::<ThrowMapped>()
}

/// Error policy: map through the table, throw, return the default value.
#[derive(Debug)]
pub struct ThrowMapped;

impl<T: Default> ErrorPolicy<T, BridgeError> for ThrowMapped {
    type Captures<'unowned_env_local: 'native_method, 'native_method> = ();

    fn on_error<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _captures: &mut (),
        error: BridgeError,
    ) -> jni::errors::Result<T> {
        throw(env, &java_exception(&error))?;
        Ok(T::default())
    }

    fn on_panic<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _captures: &mut (),
        payload: Box<dyn Any + Send + 'static>,
    ) -> jni::errors::Result<T> {
        let detail = panic_detail(payload);
        throw(env, &panic_exception(&detail))?;
        Ok(T::default())
    }
}

/// Throws `exception` unless one is already pending. If its class cannot be raised (the
/// Java side is out of sync), falls back to `java.lang.RuntimeException` so Java never
/// sees a silent default value.
fn throw(env: &mut Env<'_>, exception: &JavaException) -> jni::errors::Result<()> {
    if env.exception_check() {
        return Ok(());
    }
    let result = throw_exactly(env, exception);
    if thrown(result).is_ok() || env.exception_check() {
        return Ok(());
    }
    let fallback = format!(
        "oidc-sso: could not raise {} ({})",
        exception.class,
        exception.args.message()
    );
    thrown(env.throw_new(
        JNIString::from("java/lang/RuntimeException"),
        JNIString::from(fallback),
    ))
}

/// `Throw`/`ThrowNew` report success as `Err(JavaException)`: the exception is pending.
fn thrown(result: jni::errors::Result<()>) -> jni::errors::Result<()> {
    match result {
        Ok(()) | Err(jni::errors::Error::JavaException) => Ok(()),
        Err(other) => Err(other),
    }
}

fn throw_exactly(env: &mut Env<'_>, exception: &JavaException) -> jni::errors::Result<()> {
    // FindClass from a native method resolves through the class loader of `Native`: the
    // exception classes of THIS plugin instance, not whatever the thread context sees.
    let class = env.find_class(JNIString::from(exception.class))?;
    match &exception.args {
        ExceptionArgs::Message(message) => env.throw_new(&class, JNIString::from(message)),
        ExceptionArgs::Config {
            message,
            problems_json,
            code,
        } => {
            let message = JObject::from(env.new_string(message)?);
            let problems = JObject::from(env.new_string(problems_json)?);
            let code = JObject::from(env.new_string(code)?);
            let object = env.new_object(
                &class,
                jni_sig!("(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V"),
                &[
                    JValue::from(&message),
                    JValue::from(&problems),
                    JValue::from(&code),
                ],
            )?;
            let throwable = env.cast_local::<JThrowable>(object)?;
            env.throw(&throwable)
        }
        ExceptionArgs::Coded {
            message,
            code,
            admin_hint,
        } => {
            let message = JObject::from(env.new_string(message)?);
            let code = JObject::from(env.new_string(code)?);
            let hint = JObject::from(env.new_string(admin_hint)?);
            let object = env.new_object(
                &class,
                jni_sig!("(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V"),
                &[
                    JValue::from(&message),
                    JValue::from(&code),
                    JValue::from(&hint),
                ],
            )?;
            let throwable = env.cast_local::<JThrowable>(object)?;
            env.throw(&throwable)
        }
    }
}

thread_local! {
    /// Where the last panic on this thread happened, recorded by the quiet hook.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default hook (which prints to stderr, i.e. into the product's catalina.out)
/// with one that only records the location for the exception message.
fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Unit tests keep the default output, so their own failures still show.
        #[cfg(test)]
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            #[cfg(test)]
            previous(info);
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            // try_with: the thread may be tearing down its locals.
            let _ = PANIC_LOCATION.try_with(|cell| {
                if let Ok(mut slot) = cell.try_borrow_mut() {
                    *slot = location;
                }
            });
        }));
    });
}

/// The panic message and location; never panics itself (dropping a payload can).
fn panic_detail(payload: Box<dyn Any + Send + 'static>) -> String {
    let message = match payload.downcast::<&'static str>() {
        Ok(text) => (*text).to_owned(),
        Err(payload) => match payload.downcast::<String>() {
            Ok(text) => *text,
            Err(payload) => {
                if let Err(nested) = catch_unwind(AssertUnwindSafe(|| drop(payload))) {
                    std::mem::forget(nested);
                }
                "(no message)".to_owned()
            }
        },
    };
    let location = PANIC_LOCATION
        .try_with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()))
        .ok()
        .flatten();
    match location {
        Some(location) => format!("{message} at {location}"),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_detail_when_str_payload_then_message() {
        assert_eq!(panic_detail(Box::new("boom")), "boom");
    }

    #[test]
    fn panic_detail_when_string_payload_then_message() {
        assert_eq!(panic_detail(Box::new(String::from("boom 2"))), "boom 2");
    }

    #[test]
    fn panic_detail_when_other_payload_then_placeholder() {
        assert_eq!(panic_detail(Box::new(42_u8)), "(no message)");
    }

    #[test]
    fn quiet_hook_when_panic_caught_then_location_recorded() {
        install_quiet_panic_hook();

        let payload = catch_unwind(|| panic!("on purpose")).err();

        let detail = payload.map(panic_detail).unwrap_or_default();
        assert!(detail.starts_with("on purpose at "), "{detail}");
        assert!(detail.contains("ffi.rs"), "{detail}");
    }
}
