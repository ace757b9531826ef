//! The crate's only `unsafe` besides the exported symbols: the logout call's token read from its
//! Java `String` and its answer written into the caller's array (issue 14, target (b); the JVM
//! side measured in docs/benchmarks.md, "The token from the String (b-string)").
//!
//! Why raw JNI here. The jni crate's safe API reads a `String` only through modified UTF-8
//! (`GetStringUTFChars`: a `malloc`'d copy, then a re-encoding) and wraps every array call in two
//! `ExceptionCheck`s. What HotSpot does for a Latin-1 (compact) string, which every JWS is:
//! `GetStringRegion` widens its bytes into the caller's `jchar` buffer in one loop;
//! `GetStringCritical` `malloc`s a `jchar` copy, widens into it, frees it on release and holds the
//! GC locker meanwhile; `GetStringUTFRegion` and `GetStringUTFChars` go through the modified-UTF-8
//! encoder one character at a time (and the caller must learn the output's size first). So the
//! token is read with `GetStringLength` and `GetStringRegion` into a buffer on this frame's stack,
//! then narrowed to bytes here with an ASCII check ([`narrow_ascii`]).
//!
//! The invariants every call below relies on, upheld by the callers in this crate:
//! - `env` is the `Env` of the running native method (its `JNIEnv` is valid on this thread for
//!   the whole call), and **no Java exception is pending** when a function here is called: each
//!   is called only at the start of the bridge's logout call, before any other JNI call, or
//!   after calls that cannot throw (the ones here, whose bounds are checked before the call);
//! - the object arguments are local references of the native method's frame, of the type their
//!   Rust type names (`JString` a `java.lang.String`, `JByteArray` a `byte[]`), checked non-null
//!   here before use.
//!
//! Strings and arrays have a fixed length, so a region computed from the object's own length is
//! in bounds: the JVM then writes or reads exactly that many elements and throws nothing.

#![allow(unsafe_code)]

use std::mem::MaybeUninit;

use jni::objects::{JByteArray, JString};
use jni::sys::{jchar, jsize};
use jni::Env;

/// Why [`string_units`] read nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The reference is `null` (a shim bug: the Java side checks first).
    Null,
    /// The string has more UTF-16 units than the bound the caller gave.
    TooLong,
    /// The JVM reported a negative length (never happens; kept as an error, not a panic).
    BadLength,
}

/// The UTF-16 units of `string`: its length with `GetStringLength`, then the units with one
/// `GetStringRegion` into `stack` when they fit, else into `heap` (resized to the length). More
/// than `max` units: [`ReadError::TooLong`], nothing read and nothing allocated.
pub fn string_units<'b>(
    env: &Env<'_>,
    string: &JString<'_>,
    stack: &'b mut [MaybeUninit<u16>],
    heap: &'b mut Vec<u16>,
    max: usize,
) -> Result<&'b [u16], ReadError> {
    let raw = string.as_raw();
    if raw.is_null() {
        return Err(ReadError::Null);
    }
    let env = env.get_raw();
    // SAFETY: the module's invariants (a valid `JNIEnv`, no exception pending, `raw` a live,
    // non-null `java.lang.String` reference); `GetStringLength` throws nothing.
    let len = unsafe { ((**env).v1_1.GetStringLength)(env, raw) };
    let len = usize::try_from(len).map_err(|_| ReadError::BadLength)?;
    if len > max {
        return Err(ReadError::TooLong);
    }
    // `len` fits a `jsize`: it came from one.
    let region = len as jsize;
    if len <= stack.len() {
        let out = &mut stack[..len];
        // SAFETY: `out` holds exactly `len` units; `[0, len)` is the whole string, so in bounds
        // (a `String` never changes length): the JVM writes all `len` units and throws nothing.
        // `MaybeUninit<u16>` has the layout of `u16` (= `jchar`).
        unsafe {
            ((**env).v1_2.GetStringRegion)(env, raw, 0, region, out.as_mut_ptr().cast::<jchar>());
        }
        // SAFETY: every one of the `len` units was written by the call above.
        Ok(unsafe { std::slice::from_raw_parts(out.as_ptr().cast::<u16>(), len) })
    } else {
        heap.clear();
        heap.resize(len, 0);
        // SAFETY: as above, into `heap`'s `len` initialised units.
        unsafe { ((**env).v1_2.GetStringRegion)(env, raw, 0, region, heap.as_mut_ptr()) };
        Ok(heap.as_slice())
    }
}

/// Why [`write_bytes`] wrote nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The array is `null` (a shim bug: the Java side checks first).
    Null,
    /// The JVM reported a negative length (never happens; kept as an error, not a panic).
    BadLength,
}

/// Writes `bytes` to the start of `array` when they fit (`true`); when they do not, writes nothing
/// and answers `false` (the caller says how many are needed: never a truncated answer). Two JNI
/// calls, `GetArrayLength` and `SetByteArrayRegion`, neither with an `ExceptionCheck` around it (the
/// jni crate's safe `len` makes one before `GetArrayLength`; b-jni2 measured it at ~25 ns).
pub fn write_bytes(
    env: &Env<'_>,
    array: &JByteArray<'_>,
    bytes: &[u8],
) -> Result<bool, WriteError> {
    let raw = array.as_raw();
    if raw.is_null() {
        return Err(WriteError::Null);
    }
    let env = env.get_raw();
    // SAFETY: the module's invariants (a valid `JNIEnv`, no exception pending, `raw` a live,
    // non-null `byte[]` reference); `GetArrayLength` throws nothing.
    let capacity = unsafe { ((**env).v1_1.GetArrayLength)(env, raw) };
    let capacity = usize::try_from(capacity).map_err(|_| WriteError::BadLength)?;
    if bytes.len() > capacity {
        return Ok(false);
    }
    // SAFETY: the module's invariants; `[0, bytes.len())` is within the array's length (an array
    // never changes length), so the JVM reads `bytes.len()` bytes from `bytes` and throws
    // nothing; `u8` and `jbyte` (`i8`) have the same layout. `bytes.len()` fits a `jsize`: it is
    // at most the array's length, which is one.
    unsafe {
        ((**env).v1_1.SetByteArrayRegion)(
            env,
            raw,
            0,
            bytes.len() as jsize,
            bytes.as_ptr().cast::<i8>(),
        );
    }
    Ok(true)
}

/// `units` as bytes when every one is ASCII (below 0x80; a compact JWS is base64url and dots),
/// written into `out` (which must hold at least `units.len()`); `None` when one is not.
pub fn narrow_ascii<'b>(units: &[u16], out: &'b mut [MaybeUninit<u8>]) -> Option<&'b [u8]> {
    let out = out.get_mut(..units.len())?;
    // One branch-free pass (the compiler vectorises it): narrow, and OR every unit together.
    let mut seen = 0u16;
    for (slot, &unit) in out.iter_mut().zip(units) {
        slot.write(unit as u8);
        seen |= unit;
    }
    if seen >= 0x80 {
        return None;
    }
    // SAFETY: the loop wrote every one of the `units.len()` slots of `out`.
    Some(unsafe { std::slice::from_raw_parts(out.as_ptr().cast::<u8>(), out.len()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrow(text: &[u16]) -> Option<Vec<u8>> {
        let mut out = [MaybeUninit::uninit(); 16];
        narrow_ascii(text, &mut out).map(<[u8]>::to_vec)
    }

    #[test]
    fn narrow_ascii_when_every_unit_ascii_then_the_same_bytes() {
        let text: Vec<u16> = "eyJ.a-b_c.\0~\x7f".encode_utf16().collect();
        assert_eq!(narrow(&text), Some(b"eyJ.a-b_c.\0~\x7f".to_vec()));
        assert_eq!(narrow(&[]), Some(Vec::new()));
    }

    #[test]
    fn narrow_ascii_when_a_unit_is_not_ascii_then_none_wherever_it_is() {
        for unit in [0x80, 0xe9, 0xa0, 0x100, 0x2028, 0xd800, 0xdc00, 0xffff] {
            for at in 0..3 {
                let mut text = vec![u16::from(b'a'); 3];
                text[at] = unit;
                assert_eq!(narrow(&text), None, "{unit:#x} at {at}");
            }
        }
    }

    #[test]
    fn narrow_ascii_when_out_shorter_than_units_then_none() {
        let mut out = [MaybeUninit::uninit(); 2];
        assert_eq!(narrow_ascii(&[97, 98, 99], &mut out), None);
    }
}
