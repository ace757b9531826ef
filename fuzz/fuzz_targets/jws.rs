//! Any string as a compact JWS ID token: parsing, header rules, key selection and
//! signature verification must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_sso_core::fuzzing;

fuzz_target!(|data: &[u8]| {
    if let Ok(token) = std::str::from_utf8(data) {
        fuzzing::validate_id_token(token);
    }
});
