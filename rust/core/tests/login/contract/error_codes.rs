//! The shim's `ErrorCodes.java`, generated from [`Code`] and asserted up to date (rewritten
//! with the fixtures: see the parent module).

use std::path::PathBuf;

use oidc_sso_core::Code;

use super::{updating, REGENERATE};

fn error_codes_java() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../java-shim/plugin/src/main/java/io/oidcsso/plugin/engine/ErrorCodes.java")
}

/// `ErrorCodes.java`, generated from [`Code`]. The first line says so.
fn error_codes_source() -> String {
    let mut out = String::new();
    out.push_str(
        "// GENERATED from oidc_sso_core::Code (rust/core/src/error/code.rs) by \
         rust/core/tests/login/contract/error_codes.rs: do not edit.\n",
    );
    out.push_str(&format!("// Regenerate with: {REGENERATE}\n"));
    out.push_str("package io.oidcsso.plugin.engine;\n\nimport java.util.List;\n\n");
    out.push_str(
        "/**\n * Every error code of docs/errors.md, listed once in the core. Code that shows or \
         compares a\n * code uses these constants, so a code the core does not know cannot be \
         written.\n */\n",
    );
    out.push_str("public final class ErrorCodes {\n    private ErrorCodes() {}\n");
    for code in Code::ALL {
        let doc = code.doc().trim().replace("*/", "* /");
        out.push_str(&format!(
            "\n    /** {doc} Kind: {:?}; raised by: {}. */\n    public static final String {} = \"{}\";\n",
            code.kind(),
            code.source().name(),
            code.as_str().to_ascii_uppercase(),
            code.as_str()
        ));
    }
    out.push_str("\n    /** Every code above, in the core's order. */\n");
    out.push_str("    public static final List<String> ALL = List.of(");
    let names: Vec<String> = Code::ALL
        .iter()
        .map(|c| c.as_str().to_ascii_uppercase())
        .collect();
    for (i, name) in names.iter().enumerate() {
        out.push_str(if i == 0 {
            "\n            "
        } else {
            ",\n            "
        });
        out.push_str(name);
    }
    out.push_str(");\n}\n");
    out
}

#[test]
fn error_codes_java_when_generated_then_up_to_date() {
    let path = error_codes_java();
    let generated = error_codes_source();
    if updating() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "{} is stale (a code was added, removed or changed in rust/core/src/error/code.rs); \
         run {REGENERATE}",
        path.display()
    );
    assert!(on_disk.starts_with("// GENERATED"));
}
