//! Bench only (docs/benchmarks.md, "Back-channel logout token validation"): the floor of
//! issue 14, aws-lc-rs verifying one signature with its key parsed once, behind a JNI
//! function, so that JMH measures it in the same JVM and the same run as the plugin's JNI call
//! (`benchmarks/jmh`, `io.oidcsso.bench.Floor`). A separate cdylib: the release library
//! (`oidc-sso-jni`) gains no symbol from it, and it does not link that library (its `Native`
//! symbols would then exist twice in one class loader).
//!
//! `prepare` parses the key and keeps the signing input and the signature; `verify` does
//! nothing but the verification, so the JNI call's cost over it is everything around the
//! signature (the transition itself is a few nanoseconds). `verifyArrays` adds the plumbing of
//! the plugin's bridge as it is today (the token read from its `String` onto the stack and
//! narrowed, the answer written into an array the caller keeps), to price it (`PairedFloor
//! --split`, docs/benchmarks.md, "The call in the JVM, profiled (b-jni2)").

use std::sync::{Arc, RwLock};

use aws_lc_rs::signature::{ParsedPublicKey, ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256};

/// One prepared verification: the key parsed once, the token's signing input and signature.
struct Prepared {
    key: ParsedPublicKey,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
}

/// Handle `n` is index `n - 1`; prepared once per benchmark trial, never freed (bench process).
static PREPARED: RwLock<Vec<Arc<Prepared>>> = RwLock::new(Vec::new());

fn prepare(
    rsa: bool,
    a: &[u8],
    b: &[u8],
    signing_input: Vec<u8>,
    signature: Vec<u8>,
) -> Option<i64> {
    let key = if rsa {
        ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, rsa_public_key_der(a, b)).ok()?
    } else {
        let mut point = Vec::with_capacity(1 + a.len() + b.len());
        point.push(4);
        point.extend_from_slice(a);
        point.extend_from_slice(b);
        ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point).ok()?
    };
    let mut all = PREPARED.write().ok()?;
    all.push(Arc::new(Prepared {
        key,
        signing_input,
        signature,
    }));
    i64::try_from(all.len()).ok()
}

fn verify(handle: i64) -> bool {
    let prepared = usize::try_from(handle)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| PREPARED.read().ok()?.get(i).cloned());
    prepared.is_some_and(|p| p.key.verify_sig(&p.signing_input, &p.signature).is_ok())
}

/// DER `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` (RFC 8017 A.1.1),
/// as the core builds it from a JWK (rust/core/src/jose/key.rs).
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = body.len();
        if len < 128 {
            out.push(len as u8);
        } else if len < 256 {
            out.extend([0x81, len as u8]);
        } else {
            out.extend([0x82, (len >> 8) as u8, len as u8]);
        }
        out.extend_from_slice(body);
        out
    }
    fn integer(bytes: &[u8]) -> Vec<u8> {
        let mut body = Vec::with_capacity(bytes.len() + 1);
        if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            body.push(0);
        }
        body.extend_from_slice(bytes);
        tlv(0x02, &body)
    }
    let mut body = integer(n);
    body.extend(integer(e));
    tlv(0x30, &body)
}

// `#[no_mangle]` is what makes the JVM find these symbols; the workspace denies unsafe code
// and counts it as unsafe. Allowed for this module only: it holds the three exports (and
// `verifyArrays`' raw JNI calls, each with its invariant, as in `rust/jni/src/raw.rs`).
#[allow(unsafe_code)]
mod exports {
    use jni::errors::ThrowRuntimeExAndDefault;
    use std::mem::MaybeUninit;

    use jni::objects::{JByteArray, JClass, JString};
    use jni::sys::{jboolean, jchar, jint, jlong, jsize};
    use jni::EnvUnowned;

    /// The bridge's stack buffers (`rust/jni/src/bridge.rs`, `STACK_TOKEN_CHARS`).
    const STACK_TOKEN_CHARS: usize = 4096;

    /// `Floor.prepare(rsa, n or x, e or y, signing input, signature)`: a handle, or 0 when the
    /// key does not parse. Errors and panics become a `RuntimeException` (jni's policy).
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_bench_Floor_prepare<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        rsa: jboolean,
        a: JByteArray<'l>,
        b: JByteArray<'l>,
        signing_input: JByteArray<'l>,
        signature: JByteArray<'l>,
    ) -> jlong {
        env.with_env(|env| -> jni::errors::Result<jlong> {
            let a = env.convert_byte_array(&a)?;
            let b = env.convert_byte_array(&b)?;
            let input = env.convert_byte_array(&signing_input)?;
            let signature = env.convert_byte_array(&signature)?;
            Ok(super::prepare(rsa, &a, &b, input, signature).unwrap_or(0))
        })
        .resolve::<ThrowRuntimeExAndDefault>()
    }

    /// `Floor.verifyArrays(handle, token, answer, answerLength)`: the floor with the plumbing of
    /// the plugin's bridge (`rust/jni`, `bridge::validate_logout_token` and `raw.rs`), the same JNI
    /// calls on the same buffers: `GetStringLength`, one `GetStringRegion` into a 4,096-unit stack
    /// buffer, the units narrowed into a 4,096-byte stack buffer with the ASCII check, the prepared
    /// signature verified, then `GetArrayLength` and one `SetByteArrayRegion` of `answerLength`
    /// bytes (the compact answer's size) into the caller's kept `answer`, every byte 1 when it
    /// verifies. Returns `answerLength`, or -1 when the token is longer than the stack buffer, not
    /// ASCII, or the answer does not fit (bench only: the benchmark's token never is). Compared
    /// with `verify`, it prices the plumbing (bench only).
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_bench_Floor_verifyArrays<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        token: JString<'l>,
        answer: JByteArray<'l>,
        answer_length: jint,
    ) -> jint {
        env.with_env(|env| -> jni::errors::Result<jint> {
            let raw_env = env.get_raw();
            let (token, answer) = (token.as_raw(), answer.as_raw());
            if token.is_null() || answer.is_null() {
                return Ok(-1);
            }
            let mut units = [MaybeUninit::<u16>::uninit(); STACK_TOKEN_CHARS];
            // SAFETY: a valid `JNIEnv` of this native method, no exception pending, `token` a
            // live, non-null `String`; `GetStringLength` throws nothing.
            let len = unsafe { ((**raw_env).v1_1.GetStringLength)(raw_env, token) };
            let Some(len) = usize::try_from(len).ok().filter(|&n| n <= units.len()) else {
                return Ok(-1);
            };
            // SAFETY: `[0, len)` is the whole string and `units` holds at least `len` units: the
            // JVM writes exactly those and throws nothing; `MaybeUninit<u16>` is laid out as `jchar`.
            unsafe {
                ((**raw_env).v1_2.GetStringRegion)(
                    raw_env,
                    token,
                    0,
                    len as jsize,
                    units.as_mut_ptr().cast::<jchar>(),
                );
            }
            // SAFETY: the call above wrote the first `len` units.
            let units = unsafe { std::slice::from_raw_parts(units.as_ptr().cast::<u16>(), len) };
            let mut bytes = [MaybeUninit::<u8>::uninit(); STACK_TOKEN_CHARS];
            let mut seen = 0u16;
            for (slot, &unit) in bytes.iter_mut().zip(units) {
                slot.write(unit as u8);
                seen |= unit;
            }
            std::hint::black_box(&bytes);
            let verified = seen < 0x80 && super::verify(handle);
            let out = [u8::from(verified); 256];
            // SAFETY: as above, `answer` a live, non-null `byte[]`; `GetArrayLength` throws nothing.
            let capacity = unsafe { ((**raw_env).v1_1.GetArrayLength)(raw_env, answer) };
            let length = usize::try_from(answer_length).unwrap_or(usize::MAX);
            if !verified
                || length > out.len()
                || !usize::try_from(capacity).is_ok_and(|c| length <= c)
            {
                return Ok(-1);
            }
            // SAFETY: `[0, length)` is within the array's length (checked above), so the JVM
            // reads `length` bytes from `out` and throws nothing; `u8` is laid out as `jbyte`.
            unsafe {
                ((**raw_env).v1_1.SetByteArrayRegion)(
                    raw_env,
                    answer,
                    0,
                    length as jsize,
                    out.as_ptr().cast::<i8>(),
                );
            }
            Ok(answer_length)
        })
        .resolve::<ThrowRuntimeExAndDefault>()
    }

    /// `Floor.verify(handle)`: aws-lc-rs verifying the prepared signature, nothing else.
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_bench_Floor_verify<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
    ) -> jboolean {
        env.with_env(|_| -> jni::errors::Result<jboolean> { Ok(super::verify(handle)) })
            .resolve::<ThrowRuntimeExAndDefault>()
    }
}
