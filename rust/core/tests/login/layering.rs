//! The core's layers point one way (src/lib.rs lists them): a module uses only the modules
//! before it in [`ORDER`]. Read from the sources, so a `use crate::` that points up (and so
//! any module cycle) fails here, with the line that does it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bottom to top, layer by layer as src/lib.rs groups them. `fuzzing` is the hidden
/// entry point of `fuzz/` and may use anything.
const ORDER: &[&[&str]] = &[
    // 1. Foundations.
    &[
        "text",
        "clock",
        "alg",
        "types",
        "error",
        "http_client",
        "trust_anchors",
    ],
    // 2. Leaf policies.
    &["url_policy", "page_templates"],
    // 3. The contract.
    &["api"],
    // 4. The configuration.
    &["config"],
    // 5. The protocol.
    &[
        "outage",
        "fetch",
        "jose",
        "jwks",
        "jwt_claims",
        "id_token",
        "logout_token",
        "access_token",
        "discovery",
        "client_assertion",
        "token",
        "introspection",
        "userinfo",
        "authorize",
    ],
    // 6. The policies.
    &["mapping", "provisioning", "providers", "routing"],
    // 7. Run time.
    &[
        "idp",
        "callback",
        "logout",
        "bearer",
        "test_login",
        "token_summary",
    ],
    // 8. The facade.
    &["engine", "preview", "fuzzing"],
];

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The rank of each module, bottom first.
fn ranks() -> BTreeMap<&'static str, usize> {
    ORDER
        .iter()
        .flat_map(|layer| layer.iter())
        .copied()
        .enumerate()
        .map(|(i, m)| (m, i))
        .collect()
}

/// Each `.rs` file under `src/` with the top-level module it belongs to. Test files
/// (`tests.rs`, `*_tests.rs`, a `tests/` folder) are left out: a test may build its
/// fixtures with a higher module.
fn sources() -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "tests" {
                    dirs.push(path);
                }
            } else if name.ends_with(".rs") && name != "tests.rs" && !name.ends_with("_tests.rs") {
                let relative = path.strip_prefix(src()).unwrap();
                let first = relative
                    .components()
                    .next()
                    .unwrap()
                    .as_os_str()
                    .to_string_lossy();
                let module = first.trim_end_matches(".rs").to_string();
                files.push((module, path));
            }
        }
    }
    files.sort();
    files
}

/// The code of a file without comments, string literals and an inline `#[cfg(test)]`
/// module (which runs to the end of its file here); line breaks are kept.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut code = String::new();
    let mut previous_was_cfg_test = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if previous_was_cfg_test && trimmed.starts_with("mod ") && trimmed.ends_with('{') {
            break;
        }
        previous_was_cfg_test = trimmed == "#[cfg(test)]";
        let mut in_string = false;
        for c in trimmed.split("//").next().unwrap_or_default().chars() {
            if c == '"' {
                in_string = !in_string;
            } else if !in_string {
                code.push(c);
            }
        }
        code.push('\n');
    }
    code
}

/// The crate root's re-exports (`crate::Error` is `error`'s): name -> module, read from
/// lib.rs and, for `pub use api::*`, from api/mod.rs.
fn root_names() -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut read_uses = |file: &Path, module_of: &dyn Fn(&str) -> String| {
        let text = std::fs::read_to_string(file).unwrap();
        for statement in text.split(';') {
            let Some(rest) = statement.trim().strip_prefix("pub use ") else {
                continue;
            };
            let (path, list) = rest.split_once("::").unwrap_or((rest, ""));
            let list = list.trim_start_matches('{').trim_end_matches('}');
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let name = name.rsplit("::").next().unwrap().to_string();
                names.insert(name, module_of(path.trim()));
            }
        }
    };
    read_uses(&src().join("lib.rs"), &|path| path.to_string());
    read_uses(&src().join("api/mod.rs"), &|_| "api".to_string());
    names
}

/// The first name of each item of a `use` group (`a::b, c::{d, e}` -> `a`, `c`).
fn group_heads(group: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                heads.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    heads.push(&group[start..]);
    heads
}

/// The text of a brace group starting right after its `{`.
fn brace_group(text: &str) -> &str {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => return &text[..i],
            '}' => depth -= 1,
            _ => {}
        }
    }
    text
}

fn ident(text: &str) -> String {
    text.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every module the code names through `crate::`, with the line it does so on.
fn targets(code: &str, root: &BTreeMap<String, String>) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let line = code[..at].matches('\n').count() + 1;
        let rest = &code[at + "crate::".len()..];
        let names: Vec<String> = match rest.strip_prefix('{') {
            Some(group) => group_heads(brace_group(group))
                .into_iter()
                .map(ident)
                .collect(),
            None => vec![ident(rest)],
        };
        for name in names.into_iter().filter(|n| !n.is_empty()) {
            let module = root.get(&name).cloned().unwrap_or(name);
            found.push((line, module));
        }
    }
    found
}

#[test]
fn layering_when_sources_read_then_no_import_points_up() {
    let ranks = ranks();
    let root = root_names();
    let mut upward = Vec::new();
    let mut unlisted = Vec::new();
    for (module, path) in sources() {
        if module == "lib" {
            continue;
        }
        let Some(&rank) = ranks.get(module.as_str()) else {
            unlisted.push(module);
            continue;
        };
        if module == "fuzzing" {
            continue;
        }
        {
            for (line_no, target) in targets(&code_of(&path), &root) {
                let Some(&target_rank) = ranks.get(target.as_str()) else {
                    unlisted.push(format!("{target} (named in {})", path.display()));
                    continue;
                };
                if target_rank > rank {
                    let file = path.strip_prefix(src()).unwrap().display().to_string();
                    upward.push(format!("src/{file}:{line_no}: {module} uses {target}"));
                }
            }
        }
    }
    unlisted.sort();
    unlisted.dedup();
    assert!(
        unlisted.is_empty(),
        "modules missing from ORDER: {unlisted:?}"
    );
    assert!(
        upward.is_empty(),
        "imports that point up the layers:\n{}",
        upward.join("\n")
    );
}

#[test]
fn layering_when_lib_read_then_every_module_private_and_in_order() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            l.strip_prefix("mod ")
                .or_else(|| l.strip_prefix("pub mod "))
        })
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let listed: Vec<&str> = ORDER
        .iter()
        .flat_map(|layer| layer.iter())
        .copied()
        .collect();
    let mut declared_sorted = declared.clone();
    declared_sorted.sort_unstable();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort_unstable();
    assert_eq!(
        declared_sorted, listed_sorted,
        "src/lib.rs and ORDER name other modules"
    );
    let public: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .collect();
    assert_eq!(
        public,
        ["fuzzing;"],
        "only the fuzzing hook is a public module"
    );
}

#[test]
fn layering_when_a_line_points_up_then_it_is_found() {
    // The checker itself: an upward use, through a path and through a root re-export.
    let root = root_names();
    let modules =
        |code: &str| -> Vec<String> { targets(code, &root).into_iter().map(|(_, m)| m).collect() };
    assert_eq!(modules("use crate::engine::Engine;"), ["engine"]);
    assert_eq!(
        modules("use crate::{\n    api::{A, B},\n    Engine, text,\n};"),
        ["api", "engine", "text"]
    );
    assert_eq!(modules("crate::HostContext"), ["api"]);
    assert_eq!(modules("crate::Error::auth"), ["error"]);
    assert_eq!(
        targets("\n\nuse crate::idp;", &root),
        [(3, "idp".to_string())]
    );
}
