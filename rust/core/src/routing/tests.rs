use serde_json::{json, Value};

use super::index::{RouteIndex, RouteInput};
use super::*;
use crate::api::{PageKind, RenderRequest, Rendered, RouteRequest};
use crate::config::{Config, ConfigProblem};
use crate::page_templates::{check_template, IdpInputs};

fn idp(id: &str, extra: Value) -> Value {
    let mut idp = json!({"id": id, "displayName": format!("{id} IdP"),
        "issuer": format!("https://{id}.idp.example.com"), "clientId": "c", "clientSecret": "s"});
    for (k, v) in extra.as_object().unwrap() {
        idp[k] = v.clone();
    }
    idp
}

fn document(routing: Value) -> Value {
    json!({"schemaVersion": 1,
        "idps": [idp("dev", json!({})), idp("kc", json!({"buttonLabel": "Staff login"})),
                 idp("old", json!({"enabled": false}))],
        "routing": routing})
}

fn parse(doc: &Value) -> Result<Config, Vec<ConfigProblem>> {
    Config::parse(doc.to_string().as_bytes())
}

fn router(routing: Value) -> Router {
    Router::new(&parse(&document(routing)).expect("valid"))
}

fn pointers(doc: &Value) -> Vec<String> {
    let mut found: Vec<_> = parse(doc)
        .unwrap_err()
        .into_iter()
        .map(|p| p.pointer)
        .collect();
    found.sort();
    found
}

fn ask(router: &Router, req: Value) -> Value {
    let req: RouteRequest = serde_json::from_value(req).unwrap();
    serde_json::to_value(router.route(&req).unwrap()).unwrap()
}

fn rules() -> Value {
    json!({"rules": [
        {"match": "emailDomain", "values": ["keycloak.test", "*.corp.example"], "idp": "kc"},
        {"match": "pathPrefix", "values": ["/secure/admin/"], "idp": "kc"},
        {"match": "group", "values": ["Contractors"], "idp": "dev"},
        {"match": "emailDomain", "values": ["keycloak.test"], "idp": "dev"},
        {"match": "pathPrefix", "values": ["/admin-local"], "action": "local"},
    ]})
}

#[test]
fn route_when_email_domain_matches_then_redirect_instantly_to_its_idp() {
    let r = router(rules());
    for email in ["x@keycloak.test", "X@KEYCLOAK.TEST", "a@eu.corp.example"] {
        let d = ask(&r, json!({"loginHint": email}));
        assert_eq!(d["outcome"], "redirect", "{email}");
        assert_eq!(d["idpId"], "kc", "{email}");
        assert_eq!(d["delayed"], false, "typed input never waits");
        assert_eq!(d["rule"], "/routing/rules/0");
    }
}

#[test]
fn route_when_wildcard_domain_then_parent_itself_not_matched() {
    let d = ask(&router(rules()), json!({"loginHint": "a@corp.example"}));
    assert_eq!(d["outcome"], "chooser");
    assert_eq!(d["notice"], "domain_not_allowed");
}

#[test]
fn route_when_path_prefix_then_only_segment_bounded_prefixes_match() {
    let r = router(rules());
    let at = |path: &str| ask(&r, json!({"path": path}));
    assert_eq!(at("/secure/admin")["idpId"], "kc");
    assert_eq!(at("/secure/admin/users?x=1")["idpId"], "kc");
    assert_eq!(at("/secure/administrator")["outcome"], "chooser");
    assert_eq!(at("/admin-local/x")["outcome"], "local");
}

#[test]
fn route_when_username_typed_and_group_rule_first_then_needs_user_then_group_decides() {
    let r = router(rules());
    let first = ask(&r, json!({"loginHint": "alice"}));
    assert_eq!(
        first,
        json!({"outcome": "needsUser", "groups": ["contractors"]})
    );
    let second = ask(
        &r,
        json!({"loginHint": "alice", "user": {"memberOf": {"CONTRACTORS": true}}}),
    );
    assert_eq!(second["idpId"], "dev");
    assert_eq!(second["rule"], "/routing/rules/2");
}

#[test]
fn route_when_earlier_rule_matched_then_user_not_looked_up() {
    let d = ask(
        &router(rules()),
        json!({"loginHint": "alice", "path": "/secure/admin"}),
    );
    assert_eq!(d["outcome"], "redirect");
    assert_eq!(d["idpId"], "kc");
}

#[test]
fn route_when_explicit_idp_then_redirect_and_disabled_or_unknown_refused() {
    let r = router(rules());
    assert_eq!(ask(&r, json!({"idp": "dev"}))["idpId"], "dev");
    for id in ["old", "nope"] {
        let req = RouteRequest {
            idp: Some(id.into()),
            ..RouteRequest::default()
        };
        assert_eq!(r.route(&req).unwrap_err().code(), "unknown_idp", "{id}");
    }
}

#[test]
fn route_when_no_rule_and_several_idps_then_chooser_of_enabled_idps_in_order() {
    let d = ask(&router(json!({})), json!({}));
    assert_eq!(d["outcome"], "chooser");
    let ids: Vec<_> = d["idps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(ids, [json!("dev"), json!("kc")]);
    assert_eq!(d["idps"][0]["buttonLabel"], "Sign in with dev IdP");
    assert_eq!(d["idps"][1]["buttonLabel"], "Staff login");
    assert_eq!(d["localLogin"], true);
    assert_eq!(d["emailForm"], false);
}

#[test]
fn route_when_auto_redirect_modes_then_fallback_honours_them() {
    let fallback = json!([{"match": "fallback", "idp": "kc"}]);
    let delayed = ask(
        &router(json!({"rules": fallback, "autoRedirect": "delayed", "delaySeconds": 5})),
        json!({}),
    );
    assert_eq!(
        (delayed["delayed"].clone(), delayed["delaySeconds"].clone()),
        (json!(true), json!(5))
    );
    let none = ask(
        &router(json!({"rules": fallback, "autoRedirect": "none"})),
        json!({}),
    );
    assert_eq!(none["outcome"], "chooser");
    assert_eq!(none["preselected"], "kc");
    assert_eq!(none["idps"][0]["id"], "kc");
    let instant = ask(&router(json!({"rules": fallback})), json!({}));
    assert_eq!(instant["delayed"], false);
}

#[test]
fn route_when_enforce_sso_then_chooser_hides_local_login() {
    let d = ask(&router(json!({"enforceSso": true})), json!({}));
    assert_eq!(d["localLogin"], false);
}

#[test]
fn route_when_other_page_then_pass_unless_force_login_and_not_excluded() {
    let off = router(json!({}));
    assert_eq!(
        ask(&off, json!({"page": "other", "path": "/x"}))["outcome"],
        "pass"
    );
    let on = router(json!({"forceLogin": {"enabled": true, "excludePaths": ["/public/"]}}));
    assert_eq!(
        ask(&on, json!({"page": "other", "path": "/public/a"}))["outcome"],
        "pass"
    );
    assert_eq!(
        ask(&on, json!({"page": "other", "path": "/public"}))["outcome"],
        "pass"
    );
    assert_eq!(
        ask(&on, json!({"page": "other", "path": "/publicity"}))["outcome"],
        "chooser"
    );
}

#[test]
fn route_when_initiated_with_known_issuer_then_that_idp_else_unknown_issuer() {
    let r = router(json!({}));
    let d = ask(&r, json!({"issuer": "https://kc.idp.example.com"}));
    assert_eq!(d["idpId"], "kc");
    for iss in [
        "https://kc.idp.example.com/",
        "https://old.idp.example.com",
        "x",
    ] {
        let req = RouteRequest {
            issuer: Some(iss.into()),
            ..RouteRequest::default()
        };
        assert_eq!(r.route(&req).unwrap_err().code(), "unknown_issuer", "{iss}");
    }
}

#[test]
fn parse_when_routing_wrong_then_every_problem_with_pointer() {
    let doc = document(json!({
        "rules": [
            {"match": "emailDomain", "values": ["not a domain"], "idp": "kc"},
            {"match": "pathPrefix", "values": ["relative"], "idp": "kc"},
            {"match": "group", "values": ["g"], "idp": "nope"},
            {"match": "group", "values": ["g"], "idp": "old"},
            {"match": "color", "values": ["g"], "idp": "kc"},
            {"match": "fallback", "idp": "kc", "action": "local"},
            {"match": "group", "values": [], "idp": "kc"}
        ],
        "autoRedirect": "sometimes", "delaySeconds": 0, "enforceSSO": true
    }));
    assert_eq!(
        pointers(&doc),
        [
            "/routing/autoRedirect",
            "/routing/delaySeconds",
            "/routing/enforceSSO",
            "/routing/rules/0/values/0",
            "/routing/rules/1/values/0",
            "/routing/rules/2/idp",
            "/routing/rules/3/idp",
            "/routing/rules/4/match",
            "/routing/rules/5/idp",
            "/routing/rules/6/values",
        ]
    );
}

#[test]
fn parse_when_rule_names_an_idp_with_problems_then_says_invalid_not_absent() {
    // Issue 16 item 4: `dev` is in the file but has an error of its own.
    let doc = json!({"schemaVersion": 1,
        "idps": [idp("dev", json!({"issuer": "not a url"})), idp("legacy", json!({}))],
        "routing": {"rules": [
            {"match": "emailDomain", "values": ["example.com"], "idp": "dev"},
            {"match": "fallback", "idp": "nope"}]}});
    let problems = parse(&doc).unwrap_err();
    let at = |pointer: &str| {
        problems
            .iter()
            .find(|p| p.pointer == pointer)
            .unwrap_or_else(|| panic!("no problem at {pointer}: {problems:?}"))
            .message
            .clone()
    };
    assert!(
        problems.iter().any(|p| p.pointer == "/idps/0/issuer"),
        "{problems:?}"
    );
    let rule = at("/routing/rules/0/idp");
    assert_eq!(
        rule,
        "IdP `dev` (/idps/0) is invalid: fix the problems reported under /idps/0"
    );
    assert_eq!(
        at("/routing/rules/1/idp"),
        "no IdP with id `nope`; configured: `legacy`, `dev`"
    );
}

#[test]
fn parse_when_idp_login_fields_wrong_then_pointers() {
    let doc = json!({"schemaVersion": 1, "idps": [
        idp("a", json!({"iconUrl": "javascript:alert(1)", "callbackPath": "/x"})),
        idp("b", json!({"callbackPath": "/plugins/servlet/oidc-sso/callback/b"})),
        idp("c", json!({"callbackPath": "/plugins/servlet/oidc-sso/callback/b", "enabled": "yes"}))]});
    assert_eq!(
        pointers(&doc),
        [
            "/idps/0/callbackPath",
            "/idps/0/iconUrl",
            "/idps/2/callbackPath",
            "/idps/2/enabled"
        ]
    );
}

#[test]
fn parse_when_every_idp_disabled_then_problem_at_idps() {
    let doc = json!({"schemaVersion": 1, "idps": [idp("a", json!({"enabled": false}))]});
    assert_eq!(pointers(&doc), ["/idps"]);
}

#[test]
fn parse_when_template_has_syntax_error_then_problem_at_its_pointer() {
    let mut doc = document(json!({}));
    doc["templates"] = json!({"chooser": "{% for x in %}", "error": "<p>{{ code }}</p>"});
    assert_eq!(pointers(&doc), ["/templates/chooser"]);
}

fn render(doc: &Value, req: Value) -> Rendered {
    let config = parse(doc).expect("valid");
    let router = Router::new(&config);
    let pages = Pages::new(&config).unwrap();
    let req: RenderRequest = serde_json::from_value(req).unwrap();
    pages.render(&req, &router).unwrap()
}

/// The page with minijinja's `&#x2f;` for `/` read back, as a browser does.
fn text(page: &Rendered) -> String {
    page.html.replace("&#x2f;", "/")
}

#[test]
fn render_when_chooser_then_buttons_link_to_login_with_idp_and_destination() {
    let doc = document(json!({}));
    let decision = ask(&router(json!({})), json!({}));
    let page = render(
        &doc,
        json!({"page": "chooser", "contextPath": "/jira", "returnTo": "/browse/X-1", "decision": decision}),
    );
    assert!(page.warning.is_none());
    let html = text(&page);
    assert!(html.contains("href=\"/jira/login?idp=kc&amp;os_destination=%2Fbrowse%2FX-1\""));
    assert!(html.contains("Staff login"));
    assert!(!html.contains("old IdP"), "disabled IdPs are not offered");
    assert!(html.contains("/jira/login?oidcsso_local=true"));
}

#[test]
fn render_when_emergency_parameter_configured_then_local_login_link_uses_it() {
    let mut doc = document(json!({}));
    doc["emergency"] = json!({"parameter": "break_in"});
    let decision = ask(&router(json!({})), json!({}));
    let page = render(
        &doc,
        json!({"page": "chooser", "contextPath": "/jira", "decision": decision}),
    );
    let html = text(&page);
    assert!(html.contains("/jira/login?break_in=true"), "{html}");
    assert!(!html.contains("oidcsso_local"), "{html}");
}

#[test]
fn render_when_delayed_redirect_then_meta_refresh_and_cancel_link_without_script() {
    let decision = json!({"outcome": "redirect", "idpId": "kc", "delayed": true, "delaySeconds": 3, "rule": null});
    let page = render(
        &document(json!({})),
        json!({"page": "chooser", "decision": decision}),
    );
    let html = text(&page);
    assert!(html.contains("<meta http-equiv=\"refresh\" content=\"3;url=/login?idp=kc\">"));
    assert!(html.contains("href=\"/login?oidcsso_chooser=true\""));
    assert!(!page.html.contains("<script"));
}

#[test]
fn render_when_display_name_hostile_then_escaped_in_custom_template() {
    let mut doc = document(json!({}));
    doc["idps"][0]["displayName"] = json!("<script>alert(1)</script>");
    doc["templates"] = json!({"chooser": "{% for i in idps %}<b>{{ i.name }}</b>{% endfor %}"});
    let page = render(&doc, json!({"page": "chooser"}));
    assert!(
        page.html
            .contains("<b>&lt;script&gt;alert(1)&lt;&#x2f;script&gt;</b>"),
        "{}",
        page.html
    );
    assert!(!page.html.contains("<script>"));
}

#[test]
fn render_when_error_page_then_friendly_message_code_and_reference() {
    let page = render(
        &document(json!({})),
        json!({"page": "error", "code": "domain_not_allowed", "reference": "REF123"}),
    );
    assert!(page
        .html
        .contains("No sign-in is set up for the email domain you entered"));
    assert!(page.html.contains("domain_not_allowed") && page.html.contains("REF123"));
}

#[test]
fn render_when_account_not_linked_then_asks_to_give_the_reference_to_an_administrator() {
    let page = render(
        &document(json!({})),
        json!({"page": "error", "code": "account_exists_not_linked", "reference": "REF123"}),
    );
    // The admin's Accounts page lists the refusal by this reference.
    assert!(page
        .html
        .contains("Ask an administrator to link it, and give them the reference below."));
    assert!(page.html.contains("REF123"));
}

#[test]
fn render_when_built_in_pages_then_each_carries_the_shared_style() {
    for request in [
        json!({"page": "error", "code": "idp_unavailable", "reference": "R1"}),
        json!({"page": "logout"}),
        json!({"page": "chooser"}),
    ] {
        let page = render(&document(json!({})), request.clone());
        assert!(
            page.html.contains("<style>") && page.html.contains("#0052cc"),
            "{request}"
        );
    }
}

#[test]
fn check_template_when_admin_template_includes_the_shared_style_then_accepted() {
    let source = "<head>{% include \"oidcsso-style.html\" %}</head>";
    assert_eq!(
        check_template(PageKind::Chooser, source, IdpInputs::WORST),
        Ok(())
    );
}

#[test]
fn render_when_custom_template_fails_at_request_time_then_default_page_and_warning() {
    let mut doc = document(json!({}));
    doc["templates"] =
        json!({"error": "{% if code == 'idp_error' %}{{ no_such_variable }}{% endif %}ok"});
    let fine = render(&doc, json!({"page": "error", "code": "invalid_state"}));
    assert_eq!((fine.html.as_str(), fine.warning.is_none()), ("ok", true));
    let broken = render(
        &doc,
        json!({"page": "error", "code": "idp_error", "reference": "R1"}),
    );
    assert!(broken.html.contains("R1") && broken.html.contains("<h1 id=\"oidcsso-heading\">"));
    assert!(broken.warning.unwrap().contains("error template failed"));
}

#[test]
fn render_when_custom_template_loops_forever_then_fuel_stops_it_and_default_shown() {
    let mut doc = document(json!({}));
    // Within the caps (1,000 x 1,000 iterations that build nothing) but over the fuel.
    doc["templates"] = json!({"logout": "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}"});
    let page = render(&doc, json!({"page": "logout"}));
    assert!(page.warning.is_some());
    assert!(page.html.contains("You are signed out."));
}

#[test]
fn render_when_logout_then_links_to_login_and_home_under_context_path() {
    let page = render(
        &document(json!({})),
        json!({"page": "logout", "contextPath": "/jira"}),
    );
    assert!(page.warning.is_none());
    let html = text(&page);
    assert!(html.contains("You are signed out."));
    assert!(html.contains("id=\"oidcsso-login\" href=\"/jira/login\""));
    assert!(html.contains("id=\"oidcsso-home\" href=\"/jira/\""));
}

#[test]
fn index_when_many_rules_then_same_answer_as_linear_scan() {
    let mut rules = Vec::new();
    for i in 0..300 {
        let kind = ["emailDomain", "pathPrefix", "group"][i % 3];
        let value = match kind {
            "emailDomain" if i % 2 == 0 => format!("*.d{}.example", i % 17),
            "emailDomain" => format!("d{}.example", i % 17),
            "pathPrefix" => format!("/p{}/q{}", i % 7, i % 5),
            _ => format!("g{}", i % 11),
        };
        rules.push(
            json!({"match": kind, "values": [value], "idp": if i % 2 == 0 {"dev"} else {"kc"}}),
        );
    }
    let config = parse(&document(json!({"rules": rules}))).unwrap();
    let index = RouteIndex::build(&config.routing.rules);
    let groups = vec!["g3".to_string(), "g9".to_string()];
    for d in 0..17 {
        for p in 0..7 {
            let domain = format!("x.d{d}.example");
            let path = format!("/p{p}/q{}/z", p % 5);
            let input = RouteInput {
                email_domain: Some(&domain),
                path: Some(&path),
                groups: &groups,
                directory: None,
            };
            let naive = config.routing.rules.iter().position(|rule| {
                rule.values.iter().any(|v| match rule.kind {
                    crate::config::RouteMatch::EmailDomain => {
                        v == &domain || v.strip_prefix('*').is_some_and(|s| domain.ends_with(s))
                    }
                    crate::config::RouteMatch::PathPrefix => {
                        path == *v || path.starts_with(&format!("{v}/"))
                    }
                    crate::config::RouteMatch::Group => groups.contains(v),
                    _ => false,
                })
            });
            assert_eq!(index.first_match(&input), naive, "{domain} {path}");
        }
    }
}

/// The chooser after the user typed `hint` into the email field of a document with domain rules.
fn chooser_after_typing(hint: &str, site: Value) -> Rendered {
    let routing =
        json!({"rules": [{"match": "emailDomain", "values": ["keycloak.test"], "idp": "kc"}]});
    let decision = ask(&router(routing.clone()), json!({"loginHint": hint}));
    assert_eq!(decision["notice"], "domain_not_allowed", "{decision}");
    render(
        &document(routing),
        json!({"page": "chooser", "decision": decision, "loginHint": hint, "siteName": site}),
    )
}

#[test]
fn render_when_unknown_domain_typed_then_email_kept_and_notice_in_words_without_code() {
    // Issue 16 item 6.
    let page = chooser_after_typing("jane@Example.org", json!("Reference Host"));
    let html = text(&page).replace("&#x27;", "'");
    assert!(page.warning.is_none());
    assert!(html.contains("value=\"jane@Example.org\""), "{html}");
    assert!(
        html.contains("We don't know the email domain Example.org: no sign-in is set up for it"),
        "{html}"
    );
    assert!(html.contains("ask your administrator"), "{html}");
    assert!(
        !html.contains("domain_not_allowed"),
        "no raw code for the user: {html}"
    );
    assert!(html.contains("<h1 id=\"oidcsso-heading\">Sign in to Reference Host</h1>"));
    assert!(html.contains("<title>Sign in to Reference Host</title>"));
}

#[test]
fn render_when_typed_email_hostile_then_escaped_in_field_and_notice() {
    let page = chooser_after_typing("\"><script>alert(1)</script>@evil.example", json!(null));
    assert!(!page.html.contains("<script>"), "{}", page.html);
    assert!(page
        .html
        .contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;&#x2f;script&gt;@evil.example\""));
    assert!(page.html.contains("the email domain evil.example:"));
    assert!(page
        .html
        .contains("<h1 id=\"oidcsso-heading\">Sign in</h1>"));
}

#[test]
fn render_when_typed_domain_is_the_longest_dns_name_then_within_the_bounds() {
    let label = "a".repeat(63);
    let domain = format!("{label}.{label}.{label}.{}", "b".repeat(61));
    assert_eq!(domain.len(), 253);
    let page = chooser_after_typing(&format!("x@{domain}"), json!("S".repeat(500)));
    let html = text(&page);
    assert!(html.contains(&domain), "{html}");
    let site = format!("{}...", "S".repeat(97));
    assert!(
        html.contains(&format!("<p id=\"oidcsso-site\">{site}</p>")),
        "site name cut to 100 characters: {html}"
    );
}

#[test]
fn render_when_hint_longer_than_routing_reads_then_not_shown_again() {
    let hint = format!("{}@example.org", "x".repeat(400));
    let decision = ask(
        &router(
            json!({"rules": [{"match": "emailDomain", "values": ["keycloak.test"], "idp": "kc"}]}),
        ),
        json!({"loginHint": hint}),
    );
    let page = render(
        &document(
            json!({"rules": [{"match": "emailDomain", "values": ["keycloak.test"], "idp": "kc"}]}),
        ),
        json!({"page": "chooser", "decision": decision, "loginHint": hint}),
    );
    assert!(!page.html.contains("xxxxxxxxxx"), "{}", page.html);
}

#[test]
fn render_when_site_name_given_then_every_built_in_page_names_it() {
    for request in [
        json!({"page": "error", "code": "idp_unavailable", "reference": "R1", "siteName": "Jira <Prod>"}),
        json!({"page": "logout", "siteName": "Jira <Prod>"}),
        json!({"page": "chooser", "siteName": "Jira <Prod>"}),
    ] {
        let page = render(&document(json!({})), request.clone());
        assert!(
            page.html
                .contains("<p id=\"oidcsso-site\">Jira &lt;Prod&gt;</p>"),
            "{request}: {}",
            page.html
        );
    }
}
