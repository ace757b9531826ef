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
