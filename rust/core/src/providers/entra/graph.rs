//! One user's groups from Microsoft Graph: `transitiveMemberOf`, cast to groups, paged.
//! Only the configured Graph origin is ever called: a `@odata.nextLink` elsewhere is
//! refused, and nothing a token names is fetched.

use crate::Code;
use http::{header, Request};
use serde_json::{Map, Value};
use url::Url;

use crate::config::is_group_name;
use crate::providers::Failure;
use crate::text::quote;
use crate::{fetch, HttpClient};

/// Most pages followed for one user (Graph pages hold up to 999 entries with `$top`).
pub const MAX_PAGES: usize = 50;

/// A group as Graph returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct GraphGroup {
    pub(super) id: String,
    pub(super) display_name: Option<String>,
}

/// One lookup's parameters. No Debug: it holds the app token.
pub(super) struct GraphCall<'a> {
    pub(super) client: &'a dyn HttpClient,
    pub(super) max_response_bytes: usize,
    /// `scheme://host[:port]`, from the configuration.
    pub(super) base_url: &'a str,
    pub(super) app_token: &'a str,
    pub(super) max_groups: usize,
}

/// The first page's URL for user `oid` (a validated GUID).
pub(super) fn first_page_url(base_url: &str, oid: &str) -> String {
    format!(
        "{base_url}/v1.0/users/{oid}/transitiveMemberOf/microsoft.graph.group\
         ?$select=id,displayName&$top=999"
    )
}

/// Every group of user `oid`, following `@odata.nextLink` on the same origin only.
/// More than `max_groups` groups or [`MAX_PAGES`] pages is a failure, never a partial
/// answer (a partial list would remove memberships the user still has).
pub(super) fn member_groups(call: &GraphCall<'_>, oid: &str) -> Result<Vec<GraphGroup>, Failure> {
    let mut url = first_page_url(call.base_url, oid);
    let mut groups: Vec<GraphGroup> = Vec::new();
    for _ in 0..MAX_PAGES {
        let page = get_page(call, &url)?;
        groups.extend(parse_groups(&page, &url)?);
        if groups.len() > call.max_groups {
            return Err(Failure::new(
                Code::GraphTooManyGroups,
                format!(
                    "the user is in more than entra.maxGroups ({}) groups; raise it (at most \
                     1000) or assign fewer groups to the application",
                    call.max_groups
                ),
            ));
        }
        match page.get("@odata.nextLink") {
            None | Some(Value::Null) => return Ok(groups),
            Some(Value::String(next)) => url = same_origin(call.base_url, next)?,
            Some(other) => {
                return Err(invalid(&url, format!("`@odata.nextLink` is {other}")));
            }
        }
    }
    Err(Failure::new(
        Code::GraphTooManyGroups,
        format!("Microsoft Graph returned more than {MAX_PAGES} pages of groups"),
    ))
}

fn get_page(call: &GraphCall<'_>, url: &str) -> Result<Map<String, Value>, Failure> {
    let request = Request::get(url)
        .header(header::ACCEPT, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {}", call.app_token))
        .body(Vec::new())
        .map_err(|e| invalid(url, format!("cannot build the request: {e}")))?;
    let response = fetch::send(
        call.client,
        call.max_response_bytes,
        "Microsoft Graph",
        request,
    )
    .map_err(|e| Failure::new(Code::GraphUnavailable, e.hint()))?;
    let status = response.status();
    if fetch::is_server_error(status) {
        return Err(Failure::new(
            Code::GraphUnavailable,
            format!("Microsoft Graph `{url}` answered {status}; try again later"),
        ));
    }
    if !status.is_success() {
        return Err(Failure::new(
            Code::GraphError,
            format!(
                "Microsoft Graph `{url}` answered {status}; grant the application permission \
                 GroupMember.Read.All (admin consent) and check entra.graphBaseUrl"
            ),
        ));
    }
    fetch::json_object(response.body()).map_err(|why| invalid(url, format!("answered {why}")))
}

/// The groups of one page; a malformed entry fails the whole lookup.
fn parse_groups(page: &Map<String, Value>, url: &str) -> Result<Vec<GraphGroup>, Failure> {
    let Some(Value::Array(items)) = page.get("value") else {
        return Err(invalid(url, "has no `value` array".into()));
    };
    let mut groups = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::Object(entry) = item else {
            return Err(invalid(url, format!("entry {i} is not an object")));
        };
        // The cast to microsoft.graph.group should leave only groups; skip anything else.
        let kind = entry.get("@odata.type").and_then(Value::as_str);
        if kind.is_some_and(|k| k != "#microsoft.graph.group") {
            continue;
        }
        let id = entry
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| is_group_name(id));
        let Some(id) = id else {
            return Err(invalid(url, format!("entry {i} has no usable `id`")));
        };
        let display_name = entry
            .get("displayName")
            .and_then(Value::as_str)
            .filter(|n| is_group_name(n))
            .map(str::to_string);
        groups.push(GraphGroup {
            id: id.to_string(),
            display_name,
        });
    }
    Ok(groups)
}

/// `next` when it is on the configured Graph origin (scheme, host and port).
fn same_origin(base_url: &str, next: &str) -> Result<String, Failure> {
    let refused = || {
        Failure::new(
            Code::GraphNextLinkRefused,
            format!(
                "Microsoft Graph pointed the next page at {}, outside entra.graphBaseUrl \
                 `{base_url}`; it was not followed",
                quote(next)
            ),
        )
    };
    let (Ok(base), Ok(url)) = (Url::parse(base_url), Url::parse(next)) else {
        return Err(refused());
    };
    let same = url.scheme() == base.scheme()
        && url.host_str() == base.host_str()
        && url.port_or_known_default() == base.port_or_known_default()
        && url.username().is_empty()
        && url.password().is_none();
    if same {
        Ok(url.to_string())
    } else {
        Err(refused())
    }
}

fn invalid(url: &str, why: String) -> Failure {
    Failure::new(
        Code::GraphInvalidResponse,
        format!("Microsoft Graph `{url}` {why}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BASE: &str = "https://graph.microsoft.com";

    #[test]
    fn same_origin_when_cases_then_verdicts() {
        let cases = [
            (
                "https://graph.microsoft.com/v1.0/users/x?$skiptoken=a",
                true,
            ),
            ("https://graph.microsoft.com:443/v1.0/x", true),
            ("https://graph.microsoft.com:8443/v1.0/x", false),
            ("http://graph.microsoft.com/v1.0/x", false),
            ("https://evil.example/v1.0/x", false),
            ("https://graph.microsoft.com.evil.example/x", false),
            ("https://user@graph.microsoft.com/x", false),
            ("/v1.0/relative", false),
        ];
        for (next, ok) in cases {
            assert_eq!(same_origin(BASE, next).is_ok(), ok, "{next}");
        }
        let refused = same_origin(BASE, "https://evil.example/x").unwrap_err();
        assert_eq!(refused.code, Code::GraphNextLinkRefused);
    }

    #[test]
    fn parse_groups_when_entries_then_groups_and_types_filtered() {
        let page = json!({"value": [
            {"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Sales"},
            {"@odata.type": "#microsoft.graph.directoryRole", "id": "r1"},
            {"id": "g2", "displayName": null},
            {"id": "g3", "displayName": "  padded "},
        ]});
        let groups = parse_groups(page.as_object().unwrap(), BASE).unwrap();
        let ids: Vec<_> = groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["g1", "g2", "g3"]);
        assert_eq!(groups[0].display_name.as_deref(), Some("Sales"));
        assert_eq!(groups[1].display_name, None);
        assert_eq!(groups[2].display_name, None);
    }

    #[test]
    fn parse_groups_when_malformed_then_invalid_response() {
        let cases = [
            json!({}),
            json!({"value": {}}),
            json!({"value": ["g1"]}),
            json!({"value": [{"displayName": "no id"}]}),
            json!({"value": [{"id": 7}]}),
            json!({"value": [{"id": ""}]}),
        ];
        for page in cases {
            let err = parse_groups(page.as_object().unwrap(), BASE).unwrap_err();
            assert_eq!(err.code, Code::GraphInvalidResponse, "{page}");
        }
    }
}
