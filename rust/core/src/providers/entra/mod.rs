//! Microsoft Entra ID: group overage. A user in more groups than fit in a token gets
//! `_claim_names`/`_claim_sources` (or `hasgroups: true`) instead of `groups`. The groups
//! are then read from Microsoft Graph (`transitiveMemberOf`) with an app token of the
//! Graph audience, only at the configured `entra.graphBaseUrl` — the endpoint named in
//! `_claim_sources` is never fetched (RP-CHECKLIST: nothing named inside a token).
//! A failed lookup leaves the groups unknown: nothing is removed, no admin demoted.

mod cache;
mod graph;

use crate::Code;
use serde_json::{Map, Value};

use self::cache::GroupCache;
use self::graph::{GraphCall, GraphGroup};
use super::app_token::AppTokenCache;
use super::{Failure, GroupsLookup, IdpExtension, LoginContext};
use crate::config::{EntraConfig, GroupSource};
use crate::mapping::Claims;
use crate::text::quote_json;

/// One Entra ID tenant's overage handling and its caches.
#[derive(Debug)]
pub(crate) struct Entra {
    config: EntraConfig,
    app_token: AppTokenCache,
    groups: GroupCache,
}

impl Entra {
    pub(crate) fn new(config: EntraConfig) -> Entra {
        Entra {
            config,
            app_token: AppTokenCache::default(),
            groups: GroupCache::default(),
        }
    }

    fn lookup(&self, login: &LoginContext<'_>) -> Result<GroupsLookup, Failure> {
        let oid = object_id(login.claims.id_token)?;
        if let Some(groups) = self.groups.get(oid, login.now) {
            return Ok(self.found(groups, true));
        }
        let token = self.app_token.get(
            login.idp,
            login.client,
            login.token_endpoint,
            &self.config.graph_scope(),
            login.now,
        )?;
        let call = GraphCall {
            client: login.client,
            max_response_bytes: login.idp.http.max_response_bytes,
            base_url: &self.config.graph_base_url,
            app_token: &token,
            max_groups: self.config.max_groups,
        };
        let found = graph::member_groups(&call, oid).inspect_err(|failure| {
            if failure.code == Code::GraphError {
                // Refused (revoked, or permissions changed): get a new token next time.
                self.app_token.invalidate();
            }
        })?;
        let groups = local_names(found, self.config.resolve_group_names);
        let ttl = i64::try_from(self.config.cache_seconds).unwrap_or(0);
        self.groups.put(oid, &groups, login.now + ttl);
        Ok(self.found(groups, false))
    }

    fn found(&self, groups: Vec<String>, cached: bool) -> GroupsLookup {
        let names = if self.config.resolve_group_names {
            "displayName"
        } else {
            "objectId"
        };
        let detail = format!(
            "source=microsoftGraph groups={} names={names} cached={}",
            groups.len(),
            if cached { "yes" } else { "no" }
        );
        GroupsLookup::Found { groups, detail }
    }
}

impl IdpExtension for Entra {
    fn absent_groups(&self, login: &LoginContext<'_>) -> Option<GroupsLookup> {
        let source = login.idp.provisioning.groups.source;
        if !has_overage(source, login.claims) {
            return None;
        }
        Some(self.lookup(login).unwrap_or_else(GroupsLookup::Failed))
    }
}

/// True when a document the groups are read from says they did not fit:
/// `_claim_names.groups` (a distributed claim) or `hasgroups: true`.
fn has_overage(source: GroupSource, claims: Claims<'_>) -> bool {
    let marks = |doc: &Map<String, Value>| {
        let distributed = doc
            .get("_claim_names")
            .and_then(|names| names.get("groups"))
            .is_some_and(Value::is_string);
        distributed || doc.get("hasgroups") == Some(&Value::Bool(true))
    };
    let in_userinfo = || claims.userinfo.is_some_and(marks);
    match source {
        GroupSource::IdToken => marks(claims.id_token),
        GroupSource::Userinfo => in_userinfo(),
        GroupSource::Both => marks(claims.id_token) || in_userinfo(),
    }
}

/// The user's object ID from the (signed) ID token: a GUID, so it is safe in a URL path.
fn object_id(id_token: &Map<String, Value>) -> Result<&str, Failure> {
    match id_token.get("oid") {
        Some(Value::String(oid)) if is_guid(oid) => Ok(oid),
        other => Err(Failure::new(
            Code::MissingOid,
            format!(
                "the ID token's `oid` claim is {} instead of the user's object ID (a GUID); \
                 request the `profile` scope so Entra ID includes it",
                other.map_or_else(|| "missing".into(), quote_json)
            ),
        )),
    }
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The groups as the planner sees them: object IDs, or display names when configured
/// (a group without a usable name keeps its ID). Duplicates are dropped.
fn local_names(found: Vec<GraphGroup>, resolve_names: bool) -> Vec<String> {
    let mut groups: Vec<String> = Vec::with_capacity(found.len());
    for group in found {
        let name = match group.display_name {
            Some(name) if resolve_names => name,
            _ => group.id,
        };
        if !groups.contains(&name) {
            groups.push(name);
        }
    }
    groups
}

#[cfg(test)]
mod tests;
