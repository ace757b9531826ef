//! Hostile configuration documents (issue 8): each one of `tests/data/hostile-configs.json`
//! (shared with the plugin's JNI test) is refused with a bounded problem list that names
//! the expected pointer, without a panic, a hang or any secret in any message.
//!
//! The runaway guard is the work the validator does, not the time it takes: each document is
//! validated on a thread of its own while a counting allocator (this test binary's, never the
//! library's) adds up that thread's allocations and allocated bytes, and both must stay linear
//! in the document's size. serde and the validator allocate for every node, string and problem
//! they touch, so the counts follow the work done, and they are the same on a busy machine as
//! on a quiet one. A wall-clock guard stays, generous, only for a loop that never allocates.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use oidc_sso_core::validate_config;
use oidc_sso_core::{ConfigProblem, MAX_PROBLEMS};
use serde_json::Value;

/// Wall-clock guard per document for a loop that never allocates: far above the slowest
/// document seen under heavy load (the 10 MB issuer, 56 s in a debug build), so it cannot
/// flake; the runaway bound is the work bound below.
const HANG_GUARD: Duration = Duration::from_secs(600);
/// The whole answer and each message stay small whatever the document.
const MAX_ANSWER_BYTES: usize = 256 * 1024;
const MAX_MESSAGE_BYTES: usize = 4 * 1024;
const MAX_POINTER_CHARS: usize = 303;

/// How much work a document may cost: allocated bytes and allocations, each linear in the
/// document's size. The largest today (500,000 wrong scopes, 1 MB) allocates 105 bytes and 2
/// allocations per document byte; a quadratic step on a 10 MB string is 10^13 and more.
const BYTES_PER_DOCUMENT_BYTE: u64 = 256;
const BYTES_FLOOR: u64 = 1024 * 1024;
const ALLOCATIONS_PER_DOCUMENT_BYTE: u64 = 8;
const ALLOCATIONS_FLOOR: u64 = 16 * 1024;
/// How often the watcher compares the running tally with the budget.
const WATCH_EVERY: Duration = Duration::from_millis(50);

/// What the watched thread has allocated so far. One document is validated at a time, so one
/// tally suffices; only the thread that validates it counts (see `WATCHED`).
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Set on the validating thread only; const-initialised without a destructor, so the
    /// allocator may read it at any time, even while a thread is being torn down.
    static WATCHED: Cell<bool> = const { Cell::new(false) };
}

/// The system allocator, counting the watched thread's allocations (a realloc counts its new
/// size). Installed for the whole `login` test binary; it costs the other tests one
/// thread-local read per allocation.
struct CountingAllocator;

impl CountingAllocator {
    fn count(size: usize) {
        if WATCHED.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(size as u64, Ordering::Relaxed);
        }
    }
}

// GlobalAlloc is an unsafe trait; each method forwards its caller's own arguments to `System`,
// so it keeps exactly System's contract.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::count(layout.size());
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::count(layout.size());
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Self::count(new_size);
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The work done so far by the watched thread: allocations and allocated bytes.
#[derive(Debug, Clone, Copy)]
struct Work {
    allocations: u64,
    bytes: u64,
}

impl Work {
    fn now() -> Work {
        Work {
            allocations: ALLOCATIONS.load(Ordering::Relaxed),
            bytes: BYTES.load(Ordering::Relaxed),
        }
    }

    /// Why this is more than a document of `len` bytes may cost, if it is.
    fn over_budget(self, len: usize) -> Option<String> {
        let len = len as u64;
        let max_bytes = BYTES_PER_DOCUMENT_BYTE * len + BYTES_FLOOR;
        let max_allocations = ALLOCATIONS_PER_DOCUMENT_BYTE * len + ALLOCATIONS_FLOOR;
        (self.bytes > max_bytes || self.allocations > max_allocations).then(|| {
            format!(
                "runaway: {} allocations, {} bytes allocated (budget {max_allocations}, {max_bytes})",
                self.allocations, self.bytes
            )
        })
    }
}

/// Validates on a watched thread of its own; fails as soon as the running tally is over the
/// budget (a runaway is caught while it runs, not after) or the hang guard is up. A thread
/// that is given up on is left running; the test fails at once, so nothing else is counted.
fn validate_watched(document: &[u8]) -> Result<Vec<ConfigProblem>, String> {
    let document = document.to_vec();
    let len = document.len();
    ALLOCATIONS.store(0, Ordering::Relaxed);
    BYTES.store(0, Ordering::Relaxed);
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        WATCHED.with(|watched| watched.set(true));
        let problems = validate_config(&document);
        WATCHED.with(|watched| watched.set(false));
        let _ = sender.send(problems);
    });
    let started = Instant::now();
    loop {
        let answer = receiver.recv_timeout(WATCH_EVERY);
        if let Some(runaway) = Work::now().over_budget(len) {
            return Err(format!("{runaway} after {:?}", started.elapsed()));
        }
        match answer {
            Ok(problems) => return Ok(problems),
            Err(RecvTimeoutError::Timeout) if started.elapsed() < HANG_GUARD => {}
            Err(why) => return Err(format!("no answer after {:?}: {why}", started.elapsed())),
        }
    }
}

struct Case {
    name: String,
    bytes: Vec<u8>,
    expect: Option<String>,
    expect_prefix: Option<String>,
}

fn cases() -> (String, Vec<Case>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/hostile-configs.json"
    );
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let marker = file["marker"].as_str().unwrap().to_string();
    let cases = file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            name: c["name"].as_str().unwrap().to_string(),
            bytes: build(&c["parts"]),
            expect: c["expect"].as_str().map(String::from),
            expect_prefix: c["expectPrefix"].as_str().map(String::from),
        })
        .collect();
    (marker, cases)
}

/// The document: each `[text, times]` part repeated; `hex:` parts are raw bytes.
fn build(parts: &Value) -> Vec<u8> {
    let mut bytes = Vec::new();
    for part in parts.as_array().unwrap() {
        let text = part[0].as_str().unwrap();
        let piece = match text.strip_prefix("hex:") {
            Some(hex) => (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect(),
            None => text.as_bytes().to_vec(),
        };
        for _ in 0..part[1].as_u64().unwrap() {
            bytes.extend_from_slice(&piece);
        }
    }
    bytes
}

fn check(case: &Case, marker: &str, problems: &[ConfigProblem]) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |why: String| failures.push(format!("{}: {why}", case.name));
    if problems.is_empty() {
        fail("accepted".into());
    }
    if problems.len() > MAX_PROBLEMS + 1 {
        fail(format!("{} problems", problems.len()));
    }
    let answer = serde_json::to_string(problems).unwrap();
    if answer.len() > MAX_ANSWER_BYTES {
        fail(format!("answer of {} bytes", answer.len()));
    }
    if answer.contains(marker) {
        fail(format!("a secret is echoed: {answer:.400}"));
    }
    for p in problems {
        if p.message.len() > MAX_MESSAGE_BYTES || p.pointer.chars().count() > MAX_POINTER_CHARS {
            fail(format!("unbounded problem {:.200}", p.pointer));
        }
        if p.message.contains(['\r', '\n', '\0']) || p.pointer.contains(['\r', '\n', '\0']) {
            fail(format!("raw control character in {:.200}", p.message));
        }
    }
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    if let Some(expected) = &case.expect {
        if !pointers.contains(&expected.as_str()) {
            fail(format!("no problem at {expected:?}: {:.600}", answer));
        }
    }
    if let Some(prefix) = &case.expect_prefix {
        if !pointers.iter().any(|p| p.starts_with(prefix.as_str())) {
            fail(format!("no problem under {prefix:?}"));
        }
    }
    failures
}

#[test]
fn validate_when_hostile_documents_then_bounded_problems_no_panic_no_secret() {
    let (marker, cases) = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        match validate_watched(&case.bytes) {
            Ok(problems) => failures.extend(check(case, &marker, &problems)),
            // Stop at once: the runaway thread still runs and would skew the next tally.
            Err(runaway) => panic!("{}: {runaway}", case.name),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn validate_when_document_is_the_valid_base_then_accepted_so_each_case_breaks_one_thing() {
    let (marker, _) = cases();
    let base = format!(
        r#"{{"schemaVersion":1,"idps":[{{"id":"a","issuer":"https://idp.example.com","clientId":"c","clientSecret":"{marker}"}}]}}"#
    );
    assert_eq!(validate_config(base.as_bytes()), []);
}
