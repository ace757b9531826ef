//! A scriptable Microsoft Graph next to the OP: the client-credentials grant at the OP's
//! token endpoint issues app tokens for the Graph scope, and
//! `GET {base}/v1.0/users/{oid}/transitiveMemberOf/microsoft.graph.group` answers from
//! the scripted memberships, paged. It can fail, be slow, return junk, or point its next
//! link elsewhere. Requests are recorded in the OP's log (full URL as the path).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use http::Response;
use oidc_sso_core::HttpError;
use serde_json::{json, Value};

use super::{lock, random_token, Canned, RecordedRequest, TestOp};

/// Where the test Graph lives by default.
pub const GRAPH_BASE_URL: &str = "https://graph.example.com";
/// The path of one user's groups (`{oid}` replaced).
pub const MEMBER_OF_PATH: &str = "/v1.0/users/{oid}/transitiveMemberOf/microsoft.graph.group";

/// One group as Graph returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphGroup {
    pub id: String,
    pub display_name: Option<String>,
}

impl GraphGroup {
    pub fn new(id: &str, display_name: Option<&str>) -> GraphGroup {
        GraphGroup {
            id: id.to_string(),
            display_name: display_name.map(String::from),
        }
    }
}

/// What the test Graph does.
#[derive(Debug, Clone)]
pub struct GraphScript {
    /// `scheme://host[:port]`.
    pub base_url: String,
    /// Each user's groups, by object ID.
    pub memberships: HashMap<String, Vec<GraphGroup>>,
    /// Entries per page.
    pub page_size: usize,
    /// Serve this as every page's `@odata.nextLink` (while more pages remain).
    pub next_link_override: Option<String>,
    /// A fixed answer for every Graph request.
    pub canned: Option<Canned>,
    /// Wait before answering a Graph request.
    pub delay: Option<Duration>,
    /// `expires_in` of the app tokens issued.
    pub app_token_expires_in: i64,
    /// Refuse the client-credentials grant (`unauthorized_client`).
    pub refuse_client_credentials: bool,
}

impl GraphScript {
    /// Gives user `oid` these groups.
    pub fn member_of(&mut self, oid: &str, groups: &[GraphGroup]) {
        self.memberships.insert(oid.to_string(), groups.to_vec());
    }
}

#[derive(Debug)]
pub(crate) struct GraphState {
    script: GraphScript,
    app_tokens: HashSet<String>,
}

impl Default for GraphState {
    fn default() -> Self {
        GraphState {
            script: GraphScript {
                base_url: GRAPH_BASE_URL.to_string(),
                memberships: HashMap::new(),
                page_size: 100,
                next_link_override: None,
                canned: None,
                delay: None,
                app_token_expires_in: 3600,
                refuse_client_credentials: false,
            },
            app_tokens: HashSet::new(),
        }
    }
}

type Answer = Result<Response<Vec<u8>>, HttpError>;

fn json_answer(status: u16, body: &Value) -> Answer {
    Ok(Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.to_string().into_bytes())
        .expect("valid response"))
}

impl TestOp {
    /// Changes what the test Graph does.
    pub fn graph(&self, change: impl FnOnce(&mut GraphScript)) {
        change(&mut lock(&self.0.graph).script);
    }

    /// The Graph requests received so far.
    pub fn graph_requests(&self) -> Vec<RecordedRequest> {
        let base = lock(&self.0.graph).script.base_url.clone();
        self.requests()
            .into_iter()
            .filter(|r| is_under(&base, &r.url))
            .collect()
    }

    /// The client-credentials requests at the token endpoint.
    pub fn client_credentials_requests(&self) -> Vec<RecordedRequest> {
        self.requests_to(super::TOKEN_PATH)
            .into_iter()
            .filter(|r| {
                r.form().get("grant_type").map(String::as_str) == Some("client_credentials")
            })
            .collect()
    }
}

fn is_under(base: &str, url: &str) -> bool {
    url.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
}

/// True when the request is for the test Graph.
pub(super) fn is_graph(op: &TestOp, url: &str) -> bool {
    is_under(&lock(&op.0.graph).script.base_url, url)
}

/// The token endpoint's client-credentials grant (the client is already authenticated).
pub(super) fn client_credentials(op: &TestOp, request: &RecordedRequest) -> Answer {
    let mut state = lock(&op.0.graph);
    if state.script.refuse_client_credentials {
        let body = json!({"error": "unauthorized_client", "error_description": "no app access"});
        return json_answer(400, &body);
    }
    let expected = format!("{}/.default", state.script.base_url);
    if request.form().get("scope") != Some(&expected) {
        let body = json!({"error": "invalid_scope", "error_description": "not the Graph scope"});
        return json_answer(400, &body);
    }
    let token = format!("app-{}", random_token());
    state.app_tokens.insert(token.clone());
    let expires_in = state.script.app_token_expires_in;
    json_answer(
        200,
        &json!({"access_token": token, "token_type": "Bearer", "expires_in": expires_in}),
    )
}

/// One Graph request.
pub(super) fn handle(op: &TestOp, request: &RecordedRequest) -> Answer {
    let (script, authorized) = {
        let state = lock(&op.0.graph);
        let token = request
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .unwrap_or_default();
        (state.script.clone(), state.app_tokens.contains(token))
    };
    if let Some(delay) = script.delay {
        std::thread::sleep(delay);
    }
    if let Some(canned) = script.canned {
        return super::endpoints::answer_canned(canned);
    }
    if !authorized {
        return graph_error(401, "InvalidAuthenticationToken", "unknown app token");
    }
    let url = url::Url::parse(&request.url).expect("a recorded URL parses");
    let oid = url
        .path()
        .strip_prefix("/v1.0/users/")
        .and_then(|rest| rest.strip_suffix("/transitiveMemberOf/microsoft.graph.group"));
    let Some(groups) = oid.and_then(|oid| script.memberships.get(oid)) else {
        return graph_error(404, "Request_ResourceNotFound", "no such user");
    };
    let skip: usize = url
        .query_pairs()
        .find(|(k, _)| k == "$skiptoken")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let end = (skip + script.page_size).min(groups.len());
    let value: Vec<Value> = groups[skip.min(end)..end]
        .iter()
        .map(|g| json!({"@odata.type": "#microsoft.graph.group", "id": g.id, "displayName": g.display_name}))
        .collect();
    let mut page =
        json!({"@odata.context": "https://graph.example.com/v1.0/$metadata", "value": value});
    if end < groups.len() {
        let own = format!(
            "{}{}?$select=id,displayName&$skiptoken={end}",
            script.base_url,
            url.path()
        );
        page["@odata.nextLink"] = json!(script.next_link_override.unwrap_or(own));
    }
    json_answer(200, &page)
}

fn graph_error(status: u16, code: &str, message: &str) -> Answer {
    json_answer(
        status,
        &json!({"error": {"code": code, "message": message}}),
    )
}
