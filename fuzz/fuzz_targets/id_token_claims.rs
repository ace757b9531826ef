//! Header and claims chosen by the fuzzer, correctly HMAC-signed by the harness with
//! the client secret, so every claim check after the signature is reached.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_sso_core::fuzzing;

fuzz_target!(|data: &[u8]| {
    // Header and payload are separated by the first NUL byte (no NUL: empty header).
    let (header, payload) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b""[..], data),
    };
    fuzzing::validate_signed_id_token(header, payload);
});
