//! The documentation and samples stay true to the code.

use std::path::PathBuf;

use oidc_sso_core::{codes, validate_config};
use serde_json::Value;

fn repo_file(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn errors_doc_when_read_then_every_code_documented() {
    let doc = repo_file("docs/errors.md");
    for code in codes::ALL
        .iter()
        .chain(&["invalid_configuration", "internal_error"])
    {
        assert!(
            doc.contains(&format!("`{code}`")),
            "docs/errors.md lacks `{code}`"
        );
    }
}

#[test]
fn example_configs_when_validated_then_no_problems() {
    for path in [
        "examples/configs/dev-idp.json",
        "examples/configs/keycloak.json",
    ] {
        let problems = validate_config(repo_file(path).as_bytes());
        assert!(problems.is_empty(), "{path}: {problems:?}");
    }
}

#[test]
fn schema_when_compared_with_full_example_then_same_idp_fields() {
    let schema: Value = serde_json::from_str(&repo_file("docs/config.schema.json")).unwrap();
    let example: Value = serde_json::from_str(&repo_file("examples/configs/dev-idp.json")).unwrap();
    let keys = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let idp_schema = &schema["$defs"]["idp"]["properties"];
    let idp_example = &example["idps"][0];
    assert_eq!(keys(idp_schema), keys(idp_example));
    assert_eq!(
        keys(&idp_schema["http"]["properties"]),
        keys(&idp_example["http"])
    );
    assert_eq!(
        keys(&idp_schema["claims"]["properties"]),
        keys(&idp_example["claims"])
    );
    assert_eq!(keys(&schema["properties"]), keys(&example));
}

/// Every Rust source file of the core (sources and tests).
fn core_sources() -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    let mut dirs = vec![root.join("src"), root.join("tests")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    text
}

#[test]
fn security_doc_when_read_then_every_cited_core_test_exists() {
    let doc = repo_file("docs/security.md");
    let sources = core_sources();
    let cited: Vec<&str> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.contains("::")
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        })
        .filter(|s| {
            *s != "module::function"
                && !s.starts_with("oidc_sso_core")
                && !s.starts_with("jsonwebtoken")
        })
        .collect();
    assert!(cited.len() > 100, "{} tests cited", cited.len());
    for name in cited {
        let function = name.rsplit("::").next().unwrap();
        assert!(
            sources.contains(&format!("fn {function}(")),
            "docs/security.md cites `{name}`, which does not exist"
        );
    }
}
