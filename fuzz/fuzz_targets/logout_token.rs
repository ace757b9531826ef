//! Header and claims chosen by the fuzzer, HMAC-signed by the harness with the client
//! secret, validated as a back-channel logout token: every check of Back-Channel Logout
//! 1.0 §2.6 behind the signature is reached (`typ`, `iss`, `aud`, `iat`, `exp`,
//! `events`, `sub`/`sid`, `nonce`, `jti`). It also asserts that the strict JSON reader of the
//! plain path (`jose/plain_json.rs`) reads header and payload exactly as serde does whenever it
//! reads them at all (`b-json`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_sso_core::fuzzing;

fuzz_target!(|data: &[u8]| {
    // Header and payload are separated by the first NUL byte (no NUL: default header).
    let (header, payload) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b""[..], data),
    };
    fuzzing::validate_signed_logout_token(header, payload);
});
