//! Heap allocations on the JNI call's Rust side for a valid back-channel logout token
//! (issue 14, target b; docs/benchmarks.md, "The core without allocations (b-core)"): from
//! `Engine::validate_logout_token_bytes` to the compact answer, counted by a global allocator
//! (dhat's).
//!
//! A count, not a time: it moves only when the code does.

use oidc_sso_core::Engine;
use oidc_sso_testkit::{logout, TestKey};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// An engine whose IdP publishes `key` (discovery and JWKS already fetched), and a valid
/// logout token it signed: the kit's `logout` setup, which `benches/logout_token.rs` measures too.
fn setup(key: &TestKey) -> (Engine, String) {
    let (engine, token) = logout::engine_with_valid_token(key);
    // Discovery and the JWKS fetched once: what is counted is the cached path.
    engine
        .validate_logout_token_bytes(token.as_bytes())
        .expect("valid");
    (engine, token)
}

/// Heap blocks and bytes allocated by one call (the only test in this binary: dhat counts
/// every thread).
fn count_call(engine: &Engine, token: &str) -> (u64, u64) {
    let before = dhat::HeapStats::get();
    let answer = engine
        .validate_logout_token_bytes(token.as_bytes())
        .expect("valid")
        .to_compact()
        .expect("compact");
    let after = dhat::HeapStats::get();
    assert_eq!(answer[0], 1, "a compact answer");
    (
        after.total_blocks - before.total_blocks,
        after.total_bytes - before.total_bytes,
    )
}

/// The same through `validate_logout_token_compact` into `out`.
fn count_compact_call(engine: &Engine, token: &str, out: &mut Vec<u8>) -> (u64, u64) {
    let before = dhat::HeapStats::get();
    engine
        .validate_logout_token_compact(token.as_bytes(), out)
        .expect("valid");
    let after = dhat::HeapStats::get();
    (
        after.total_blocks - before.total_blocks,
        after.total_bytes - before.total_bytes,
    )
}

#[test]
fn validate_logout_token_when_token_valid_then_6_allocations_owned_and_none_compact() {
    // `OIDCSSO_ALLOC_TRACE=1`: a full dhat profile (dhat-heap.json, every allocation site);
    // otherwise dhat's testing mode, counts only.
    let _profiler = if std::env::var_os("OIDCSSO_ALLOC_TRACE").is_some() {
        dhat::Profiler::builder().trim_backtraces(Some(12)).build()
    } else {
        dhat::Profiler::builder().testing().build()
    };
    for (name, key) in [
        ("RS256", TestKey::rsa("alloc-rsa")),
        ("ES256", TestKey::ec("alloc-ec")),
    ] {
        let (engine, token) = setup(&key);
        let (count, bytes) = count_call(&engine, &token);
        println!("{name}: {count} allocations, {bytes} bytes (owned decision, to_compact)");
        // 12 before b-core; left: `sub`, `sid`, `jti`, the IdP's id and issuer copied into
        // the owned decision, and the answer's `Vec`.
        assert_eq!(count, 6, "{name}");
        let mut out = Vec::new();
        let (first, _) = count_compact_call(&engine, &token, &mut out);
        let (again, bytes) = count_compact_call(&engine, &token, &mut out);
        println!("{name}: {first} allocation(s) into a new buffer, {again} ({bytes} bytes) into a kept one");
        assert_eq!(first, 1, "{name}: the buffer, grown once");
        assert_eq!(again, 0, "{name}: nothing with a buffer kept between calls");
        let owned = engine
            .validate_logout_token_bytes(token.as_bytes())
            .unwrap();
        assert_eq!(out, owned.to_compact().unwrap());
    }
}
