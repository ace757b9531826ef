//! Bench only (docs/benchmarks.md, "Back-channel logout token validation"): the floor of
//! issue 14, aws-lc-rs verifying one signature with its key parsed once, behind a JNI
//! function, so that JMH measures it in the same JVM and the same run as the plugin's JNI call
//! (`benchmarks/jmh`, `io.oidcsso.bench.Floor`). A separate cdylib: the release library
//! (`oidc-sso-jni`) gains no symbol from it, and it does not link that library (its `Native`
//! symbols would then exist twice in one class loader).
//!
//! `prepare` parses the key and keeps the signing input and the signature; `verify` does
//! nothing but the verification, so the JNI call's cost over it is everything around the
//! signature (the transition itself is a few nanoseconds). `verifyArrays` adds the array
//! plumbing of the plugin's bridge (token bytes in, an answer array out), to price it
//! (`PairedFloor --split`, docs/benchmarks.md, "The JVM side of the call (b-jni)").

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
// and counts it as unsafe. Allowed for this module only: it holds the three exports.
#[allow(unsafe_code)]
mod exports {
    use jni::errors::ThrowRuntimeExAndDefault;
    use jni::objects::{JByteArray, JClass};
    use jni::sys::{jboolean, jint, jlong};
    use jni::EnvUnowned;

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

    /// `Floor.verifyArrays(handle, token)`: the floor with the array plumbing of the plugin's
    /// bridge (`rust/jni`, `validate_logout_token`): the token's bytes
    /// copied into a `Vec` (`convert_byte_array`), the prepared signature verified, and a new
    /// Java array of `answer_length` bytes (the compact answer's size, at most 256) filled
    /// (`byte_array_from_slice`). Compared with `verify`, it prices the two copies (bench only).
    #[no_mangle]
    pub extern "system" fn Java_io_oidcsso_bench_Floor_verifyArrays<'l>(
        mut env: EnvUnowned<'l>,
        _class: JClass<'l>,
        handle: jlong,
        token: JByteArray<'l>,
        answer_length: jint,
    ) -> JByteArray<'l> {
        env.with_env(|env| -> jni::errors::Result<JByteArray<'l>> {
            let token = env.convert_byte_array(&token)?;
            let answer = [u8::from(super::verify(handle)); 256];
            std::hint::black_box(&token);
            let length = usize::try_from(answer_length)
                .unwrap_or(0)
                .min(answer.len());
            env.byte_array_from_slice(&answer[..length])
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
