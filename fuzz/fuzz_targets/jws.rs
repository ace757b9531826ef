//! Any string as a compact JWS ID token: parsing, header rules, key selection and
//! signature verification must never panic, whatever the bytes. It also asserts that the
//! plain path's base64url decoder (`jose/base64url.rs`) answers exactly as the `base64`
//! crate's strict engine on the whole input and on each of its dot-separated parts (`b-core3`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_sso_core::fuzzing;

fuzz_target!(|data: &[u8]| {
    fuzzing::assert_base64url_agrees(data);
    for part in data.split(|b| *b == b'.') {
        fuzzing::assert_base64url_agrees(part);
    }
    if let Ok(token) = std::str::from_utf8(data) {
        fuzzing::validate_id_token(token);
    }
});
