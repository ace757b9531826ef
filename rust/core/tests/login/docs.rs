//! The documentation and samples stay true to the code.

use std::path::PathBuf;

use oidc_sso_core::preset_catalog;
use oidc_sso_core::{validate_config, Code, CodeSource};
use serde_json::Value;

fn repo_file(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn errors_doc_when_read_then_every_code_documented_in_its_section() {
    let doc = repo_file("docs/errors.md");
    let section_of = |code: &str| -> Option<&str> {
        let at = doc.find(&format!("| `{code}`"))?;
        doc[..at].rfind("\n## ").map(|start| {
            let title = &doc[start + 4..];
            &title[..title.find('\n').unwrap_or(title.len())]
        })
    };
    for code in Code::ALL {
        let name = code.as_str();
        let section = section_of(name)
            .unwrap_or_else(|| panic!("docs/errors.md has no table row for `{name}`"));
        let expected = match code.source() {
            CodeSource::Plan => Some("Provisioning"),
            CodeSource::Lookup => Some("Group lookup"),
            CodeSource::Notice => Some("Login pages"),
            CodeSource::Core | CodeSource::Shim => None,
        };
        if let Some(expected) = expected {
            assert!(
                section.starts_with(expected),
                "`{name}` is documented under \"{section}\", not \"{expected}\""
            );
        }
    }
    assert!(doc.contains("`groups.lookup_failed`"));
}

/// The files of a repository folder with this extension, sorted.
fn repo_files(dir: &str, extension: &str) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<String> = std::fs::read_dir(root.join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(extension))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

#[test]
fn example_configs_when_validated_then_no_problems() {
    let examples = repo_files("examples/configs", ".json");
    // One per preset, and the dev IdP's.
    assert!(examples.len() > preset_catalog().len(), "{examples:?}");
    for path in examples {
        let problems = validate_config(repo_file(&path).as_bytes());
        assert!(problems.is_empty(), "{path}: {problems:?}");
    }
}

#[test]
fn idp_guides_when_read_then_each_links_an_existing_example_and_errors_doc() {
    let guides: Vec<String> = repo_files("docs/idp", ".md")
        .into_iter()
        .filter(|g| !g.ends_with("README.md"))
        .collect();
    let index = repo_file("docs/idp/README.md");
    let errors = repo_file("docs/errors.md");
    for guide in &guides {
        let text = repo_file(guide);
        let linked: Vec<&str> = text
            .split("../../examples/configs/")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
            .collect();
        assert!(!linked.is_empty(), "{guide} links no example configuration");
        for example in linked {
            let path = format!("examples/configs/{example}");
            assert!(
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../..")
                    .join(&path)
                    .is_file(),
                "{guide} links {path}, which does not exist"
            );
        }
        assert!(
            text.contains("../errors.md"),
            "{guide} does not link docs/errors.md"
        );
        let explained = common_error_codes(&text);
        assert!(
            explained.len() >= 3,
            "{guide}: a Common errors table of codes"
        );
        for code in explained {
            assert!(
                errors.contains(&format!("| `{code}`")),
                "{guide} explains `{code}`, which docs/errors.md does not list"
            );
        }
        let file = guide.rsplit('/').next().unwrap();
        assert!(
            index.contains(&format!("]({file})")),
            "docs/idp/README.md does not list {file}"
        );
    }
}

/// The codes in the first column of a guide's "Common errors" table.
fn common_error_codes(guide: &str) -> Vec<String> {
    let Some((_, section)) = guide.split_once("Common errors\n") else {
        return Vec::new();
    };
    let section = section.split("\n## ").next().unwrap_or_default();
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn presets_when_listed_then_each_has_a_guide_an_example_and_its_schema_parameters() {
    let schema: Value = serde_json::from_str(&repo_file("docs/config.schema.json")).unwrap();
    let idp = &schema["$defs"]["idp"];
    let enumerated: Vec<&str> = idp["properties"]["preset"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let catalog = preset_catalog();
    let names: Vec<&str> = catalog.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(enumerated, names, "docs/config.schema.json preset enum");
    let config_doc = repo_file("docs/config.md");
    for preset in &catalog {
        repo_file(&preset.guide);
        let example: Value = serde_json::from_str(&repo_file(&format!(
            "examples/configs/{}.json",
            preset.name
        )))
        .unwrap();
        assert!(
            example["idps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|idp| idp["preset"] == preset.name),
            "examples/configs/{}.json does not use its preset",
            preset.name
        );
        let branch = idp["allOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["if"]["properties"]["preset"]["const"] == preset.name)
            .unwrap_or_else(|| panic!("no schema branch for preset {}", preset.name));
        let mut in_schema = keys(&branch["then"]["properties"]["presetParameters"]["properties"]);
        in_schema.sort();
        let mut in_catalog: Vec<String> = preset
            .parameters
            .iter()
            .map(|p| p.name.to_string())
            .collect();
        in_catalog.sort();
        assert_eq!(
            in_schema, in_catalog,
            "schema parameters of {}",
            preset.name
        );
        for parameter in &preset.parameters {
            assert!(
                config_doc.contains(&format!("`{}`", parameter.name)),
                "docs/config.md does not name parameter {} of {}",
                parameter.name,
                preset.name
            );
        }
    }
}

fn keys(v: &Value) -> Vec<String> {
    let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

/// The keys of `example` (and of its objects, recursively) equal the schema's.
fn assert_same_keys_recursively(schema_properties: &Value, example: &Value, at: &str) {
    assert_eq!(keys(schema_properties), keys(example), "keys at {at}");
    for (key, value) in example.as_object().unwrap() {
        let below = &schema_properties[key]["properties"];
        if value.is_object() && below.is_object() {
            assert_same_keys_recursively(below, value, &format!("{at}/{key}"));
        }
    }
}

#[test]
fn schema_when_compared_with_full_example_then_same_idp_fields() {
    let schema: Value = serde_json::from_str(&repo_file("docs/config.schema.json")).unwrap();
    let example: Value = serde_json::from_str(&repo_file("examples/configs/dev-idp.json")).unwrap();
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
    assert_same_keys_recursively(
        &idp_schema["quirks"]["properties"],
        &idp_example["quirks"],
        "/idps/0/quirks",
    );
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
