//! The routing index: every rule value in a hash map keyed the way a request is looked
//! up, built once per configuration. A decision costs a few hash lookups (per domain
//! label, per path segment, per group of the user), never a scan of the rules; "first
//! match wins" is kept by storing each value's first rule and taking the lowest.

use std::collections::HashMap;

use crate::config::{RouteMatch, RoutingRule};

/// What a request offers to the rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct RouteInput<'a> {
    /// The domain of the typed email, already lower-case ASCII (punycode).
    pub email_domain: Option<&'a str>,
    /// The requested path (no query).
    pub path: Option<&'a str>,
    /// Lower-case names of the user's groups.
    pub groups: &'a [String],
    pub directory: Option<&'a str>,
}

/// Rule values by kind, each mapped to the first rule that lists it.
#[derive(Debug, Default)]
pub struct RouteIndex {
    domains: HashMap<String, usize>,
    /// `*.corp.example` is stored as `corp.example`.
    wildcard_domains: HashMap<String, usize>,
    paths: HashMap<String, usize>,
    groups: HashMap<String, usize>,
    directories: HashMap<String, usize>,
    fallback: Option<usize>,
    /// The first rule that needs the existing user (group or directory).
    first_user_rule: Option<usize>,
    /// Every group a rule names, for the shim's membership look-up.
    group_names: Vec<String>,
    has_domain_rules: bool,
}

impl RouteIndex {
    pub fn build(rules: &[RoutingRule]) -> RouteIndex {
        let mut index = RouteIndex::default();
        for (i, rule) in rules.iter().enumerate() {
            match rule.kind {
                RouteMatch::EmailDomain => index.has_domain_rules = true,
                RouteMatch::Group | RouteMatch::Directory => {
                    index.first_user_rule.get_or_insert(i);
                }
                RouteMatch::Fallback => {
                    index.fallback.get_or_insert(i);
                }
                RouteMatch::PathPrefix => {}
            }
            for value in &rule.values {
                let (map, key) = match (rule.kind, value.strip_prefix("*.")) {
                    (RouteMatch::EmailDomain, Some(parent)) => {
                        (&mut index.wildcard_domains, parent)
                    }
                    (RouteMatch::EmailDomain, None) => (&mut index.domains, value.as_str()),
                    (RouteMatch::PathPrefix, _) => (&mut index.paths, value.as_str()),
                    (RouteMatch::Group, _) => (&mut index.groups, value.as_str()),
                    (RouteMatch::Directory, _) => (&mut index.directories, value.as_str()),
                    (RouteMatch::Fallback, _) => continue,
                };
                map.entry(key.to_string()).or_insert(i);
            }
        }
        index.group_names = index.groups.keys().cloned().collect();
        index.group_names.sort();
        index
    }

    /// The index of the first rule that matches, if any.
    pub fn first_match(&self, input: &RouteInput<'_>) -> Option<usize> {
        let domain = input.email_domain.and_then(|d| self.domain_match(d));
        let path = input.path.and_then(|p| self.path_match(p));
        let group = input
            .groups
            .iter()
            .filter_map(|g| self.groups.get(g).copied())
            .min();
        let directory = input
            .directory
            .and_then(|d| self.directories.get(d).copied());
        [domain, path, group, directory, self.fallback]
            .into_iter()
            .flatten()
            .min()
    }

    /// True when a group or directory rule comes before `matched` (or nothing matched):
    /// then the existing user's groups could change the outcome.
    pub fn user_could_matter(&self, matched: Option<usize>) -> bool {
        match (self.first_user_rule, matched) {
            (Some(first), Some(matched)) => first < matched,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    /// Every group named by a rule (lower-case, sorted).
    pub fn group_names(&self) -> &[String] {
        &self.group_names
    }

    pub fn has_domain_rules(&self) -> bool {
        self.has_domain_rules
    }

    pub fn has_user_rules(&self) -> bool {
        self.first_user_rule.is_some()
    }

    /// The exact domain, then `*.parent` for every parent domain: O(labels).
    fn domain_match(&self, domain: &str) -> Option<usize> {
        let exact = self.domains.get(domain).copied();
        let wildcard = domain
            .match_indices('.')
            .filter_map(|(dot, _)| self.wildcard_domains.get(&domain[dot + 1..]).copied())
            .min();
        [exact, wildcard].into_iter().flatten().min()
    }

    /// `/`, then every `/`-bounded prefix of the path: O(path length).
    fn path_match(&self, path: &str) -> Option<usize> {
        let path = path.split(['?', '#']).next().unwrap_or("/");
        let root = self.paths.get("/").copied();
        let prefixes = path
            .match_indices('/')
            .skip(1)
            .map(|(slash, _)| &path[..slash])
            .chain(std::iter::once(path.trim_end_matches('/')))
            .filter_map(|prefix| self.paths.get(prefix).copied())
            .min();
        [root, prefixes].into_iter().flatten().min()
    }
}
