//! Hostile configuration documents (issue 8): each one of `tests/data/hostile-configs.json`
//! (shared with the plugin's JNI test) is refused with a bounded problem list that names
//! the expected pointer, without a panic, a hang or any secret in any message.

use std::time::{Duration, Instant};

use oidc_sso_core::validate_config;
use oidc_sso_core::{ConfigProblem, MAX_PROBLEMS};
use serde_json::Value;

/// Hang guard per document (debug build, busy machine), not a benchmark.
const HANG_GUARD: Duration = Duration::from_secs(20);
/// The whole answer and each message stay small whatever the document.
const MAX_ANSWER_BYTES: usize = 256 * 1024;
const MAX_MESSAGE_BYTES: usize = 4 * 1024;
const MAX_POINTER_CHARS: usize = 303;

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

fn check(case: &Case, marker: &str, problems: &[ConfigProblem], took: Duration) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |why: String| failures.push(format!("{}: {why}", case.name));
    if took > HANG_GUARD {
        fail(format!("took {took:?}"));
    }
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
        let started = Instant::now();
        let problems = validate_config(&case.bytes);
        failures.extend(check(case, &marker, &problems, started.elapsed()));
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
