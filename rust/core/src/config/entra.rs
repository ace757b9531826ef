//! The per-IdP `entra` object: Microsoft Entra ID group overage (docs/provisioning.md,
//! "Entra ID group overage"). Absent = the IdP is not treated as Entra ID.

use super::limits::MAX_GROUPS;
use super::reader::{Object, Problems};
use crate::text::quote;
use crate::url_policy;

/// Microsoft Graph of the global cloud.
pub const DEFAULT_GRAPH_BASE_URL: &str = "https://graph.microsoft.com";
/// Default lifetime of a user's looked-up groups.
pub const DEFAULT_CACHE_SECONDS: u64 = 300;
/// Longest lifetime of a user's looked-up groups: a removed membership must not linger.
pub const MAX_CACHE_SECONDS: u64 = 3600;

/// Group overage handling for an Entra ID tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntraConfig {
    /// `scheme://host[:port]`, no path and no trailing slash: the only place asked for
    /// the groups, whatever a token names.
    pub graph_base_url: String,
    /// Report the groups' display names instead of their object IDs.
    pub resolve_group_names: bool,
    /// How long a user's groups are reused; 0 = looked up at every overage login.
    pub cache_seconds: u64,
    /// More groups than this makes the lookup fail (groups unknown, nothing removed).
    pub max_groups: usize,
}

impl EntraConfig {
    /// The client-credentials scope for Graph: its origin plus `/.default`.
    pub fn graph_scope(&self) -> String {
        format!("{}/.default", self.graph_base_url)
    }
}

/// Reads `entra`; `Some(None)` when absent, `None` when it has a problem.
/// `groups_claim` is the groups claim's JSON pointer (`None` when it did not validate).
pub(super) fn read_entra(
    idp: &mut Object<'_>,
    allow_http_loopback: bool,
    groups_claim: Option<&str>,
    p: &mut Problems,
) -> Option<Option<EntraConfig>> {
    let at = idp.at("entra");
    let Some(value) = idp.get("entra") else {
        return Some(None);
    };
    let mut obj = Object::new(value, &at, p)?;
    let graph_base_url = read_graph_base_url(&mut obj, allow_http_loopback, p);
    let resolve_group_names = obj.boolean("resolveGroupNames", false, p);
    let cache_seconds = obj.integer(
        "cacheSeconds",
        DEFAULT_CACHE_SECONDS,
        (0, MAX_CACHE_SECONDS),
        p,
    );
    let max_groups = obj.integer("maxGroups", MAX_GROUPS as u64, (1, MAX_GROUPS as u64), p);
    obj.finish(p);
    if let Some(pointer) = groups_claim.filter(|c| *c != "/groups") {
        // Overage replaces the `groups` claim only; another claim (app roles, ...) would
        // silently receive Graph groups instead.
        p.add(
            &at,
            format!(
                "group overage concerns the `groups` claim, but the groups are read from {}; \
                 set provisioning.groups.claim to `groups` or remove `entra`",
                quote(pointer)
            ),
        );
        return None;
    }
    Some(Some(EntraConfig {
        graph_base_url: graph_base_url?,
        resolve_group_names,
        cache_seconds,
        max_groups: usize::try_from(max_groups).unwrap_or(MAX_GROUPS),
    }))
}

fn read_graph_base_url(
    obj: &mut Object<'_>,
    allow_http_loopback: bool,
    p: &mut Problems,
) -> Option<String> {
    let Some(raw) = obj.string("graphBaseUrl", false, p) else {
        return Some(DEFAULT_GRAPH_BASE_URL.to_string());
    };
    let checked = url_policy::check_endpoint(&raw, allow_http_loopback).and_then(|url| {
        if url.path() != "/" || url.query().is_some() {
            Err(
                "must be only scheme, host and port (e.g. `https://graph.microsoft.us`), \
                 without a path or query"
                    .to_string(),
            )
        } else {
            Ok(url.origin().ascii_serialization())
        }
    });
    match checked {
        Ok(origin) => Some(origin),
        Err(why) => {
            p.add(
                &obj.at("graphBaseUrl"),
                format!("{why}; found {}", crate::text::quote_url(&raw)),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use serde_json::{json, Value};

    fn parse(entra: Value, extra: Value) -> Result<Config, Vec<String>> {
        let mut idp = json!({
            "id": "entra", "issuer": "https://login.microsoftonline.com/t/v2.0",
            "clientId": "c", "clientSecret": "s", "entra": entra,
        });
        for (k, v) in extra.as_object().unwrap() {
            idp[k] = v.clone();
        }
        let doc = json!({"schemaVersion": 1, "idps": [idp]});
        Config::parse(doc.to_string().as_bytes())
            .map_err(|ps| ps.into_iter().map(|p| p.pointer).collect())
    }

    #[test]
    fn read_entra_when_empty_object_then_defaults() {
        let config = parse(json!({}), json!({})).unwrap();
        let entra = config.idps[0].entra.clone().unwrap();
        assert_eq!(entra.graph_base_url, "https://graph.microsoft.com");
        assert_eq!(entra.graph_scope(), "https://graph.microsoft.com/.default");
        assert!(!entra.resolve_group_names);
        assert_eq!(entra.cache_seconds, 300);
        assert_eq!(entra.max_groups, 1000);
    }

    #[test]
    fn read_entra_when_absent_or_null_then_none() {
        assert!(parse(json!(null), json!({})).unwrap().idps[0]
            .entra
            .is_none());
    }

    #[test]
    fn read_entra_when_graph_base_url_wrong_then_problem_at_field() {
        let cases = [
            "http://graph.example.com",
            "http://127.0.0.1:9000",
            "https://graph.microsoft.com/v1.0",
            "https://graph.microsoft.com?x=1",
            "https://user:pw@graph.microsoft.com",
            "graph.microsoft.com",
        ];
        for raw in cases {
            assert_eq!(
                parse(json!({"graphBaseUrl": raw}), json!({})).unwrap_err(),
                ["/idps/0/entra/graphBaseUrl"],
                "{raw}"
            );
        }
    }

    #[test]
    fn read_entra_when_loopback_http_allowed_then_origin_kept() {
        let config = parse(
            json!({"graphBaseUrl": "http://127.0.0.1:9000/"}),
            json!({"issuer": "http://127.0.0.1:9400", "insecureAllowHttpLoopback": true}),
        )
        .unwrap();
        let entra = config.idps[0].entra.clone().unwrap();
        assert_eq!(entra.graph_base_url, "http://127.0.0.1:9000");
        assert_eq!(entra.graph_scope(), "http://127.0.0.1:9000/.default");
    }

    #[test]
    fn read_entra_when_numbers_out_of_range_or_unknown_field_then_problems() {
        let problems = parse(
            json!({"cacheSeconds": 3601, "maxGroups": 0, "resolveGroupName": true}),
            json!({}),
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "/idps/0/entra/cacheSeconds",
                "/idps/0/entra/maxGroups",
                "/idps/0/entra/resolveGroupName"
            ]
        );
    }

    #[test]
    fn read_entra_when_groups_claim_not_groups_then_problem() {
        let problems = parse(json!({}), json!({"claims": {"groups": "roles"}})).unwrap_err();
        assert_eq!(problems, ["/idps/0/entra"]);
    }
}
