//! Routing cost with many IdPs and domain rules: the engine's precomputed index against a
//! naive first-match scan of the same rules, in the same run (docs/benchmarks.md).
//! `cargo bench -p oidc-sso-core --bench routing`

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use oidc_sso_core::{
    Clock, Engine, HostContext, HttpClient, HttpClientFactory, HttpError, HttpErrorKind,
    HttpSettings, RouteDecision, RouteRequest,
};
use serde_json::{json, Value};

/// Routing makes no call: a client that never answers is enough.
struct NoNetwork;

impl HttpClient for NoNetwork {
    fn execute(&self, _: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, HttpError> {
        Err(HttpError::new(
            HttpErrorKind::Connect,
            "no network in this benchmark",
        ))
    }
}

impl HttpClientFactory for NoNetwork {
    fn client(&self, _: &HttpSettings) -> Result<Arc<dyn HttpClient>, HttpError> {
        Ok(Arc::new(NoNetwork))
    }
}

struct FixedClock;

impl Clock for FixedClock {
    fn now_unix(&self) -> i64 {
        1_764_345_600
    }
}

/// A document with `idps` IdPs and `domains` email-domain rules (round-robin over the IdPs),
/// a path rule and a fallback at the end.
fn config(idps: usize, domains: usize) -> Value {
    let idp_list: Vec<_> = (0..idps)
        .map(|i| {
            json!({"id": format!("idp{i}"), "issuer": format!("https://idp{i}.example.com"),
                   "clientId": "c", "clientSecret": "s"})
        })
        .collect();
    let mut rules: Vec<_> = (0..domains)
        .map(|d| {
            json!({"match": "emailDomain", "values": [format!("division{d}.example.com")],
                   "idp": format!("idp{}", d % idps)})
        })
        .collect();
    rules.push(json!({"match": "pathPrefix", "values": ["/secure/partners"], "idp": "idp0"}));
    rules.push(json!({"match": "fallback", "idp": "idp0"}));
    json!({"schemaVersion": 1, "idps": idp_list, "routing": {"rules": rules}})
}

fn engine(doc: &Value) -> Engine {
    let host = HostContext {
        base_url: "https://jira.example.com".into(),
        callback_path: "/plugins/servlet/oidc-sso/callback".into(),
        ..HostContext::default()
    };
    Engine::new(
        doc.to_string().as_bytes(),
        host,
        Arc::new(NoNetwork),
        Arc::new(FixedClock),
    )
    .expect("valid benchmark configuration")
}

/// A rule as a scanning engine would keep it, read once from the document.
enum Rule {
    EmailDomain(Vec<String>),
    PathPrefix(Vec<String>),
    Fallback,
}

fn rules_of(doc: &Value) -> Vec<Rule> {
    let rules = doc["routing"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    rules
        .iter()
        .map(|rule| {
            let values = rule["values"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect();
            match rule["match"].as_str() {
                Some("emailDomain") => Rule::EmailDomain(values),
                Some("pathPrefix") => Rule::PathPrefix(values),
                _ => Rule::Fallback,
            }
        })
        .collect()
}

/// What a rule engine without an index does: every rule, in order, until one matches.
fn linear_scan<'a>(rules: &'a [Rule], domain: &str, path: &str) -> Option<&'a Rule> {
    rules.iter().find(|rule| match rule {
        Rule::EmailDomain(values) => values.iter().any(|v| v == domain),
        Rule::PathPrefix(values) => values
            .iter()
            .any(|v| path == v || path.starts_with(&format!("{v}/"))),
        Rule::Fallback => true,
    })
}

fn routing(c: &mut Criterion) {
    let mut group = c.benchmark_group("routing");
    for (idps, domains) in [(1, 10), (50, 1_000), (500, 10_000)] {
        let doc = config(idps, domains);
        let engine = engine(&doc);
        let rules = rules_of(&doc);
        // The worst case for a scan: the last domain rule.
        let email = format!("someone@division{}.example.com", domains - 1);
        let domain = email.split('@').nth(1).unwrap_or_default().to_string();
        let request = RouteRequest {
            login_hint: Some(email.clone()),
            path: Some("/browse/X-1".into()),
            ..RouteRequest::default()
        };
        let label = format!("{idps}idps_{domains}domains");
        assert!(matches!(
            engine.route(&request),
            Ok(RouteDecision::Redirect { .. })
        ));
        group.bench_with_input(BenchmarkId::new("index", &label), &request, |b, req| {
            b.iter(|| engine.route(black_box(req)))
        });
        group.bench_with_input(BenchmarkId::new("linear_scan", &label), &domain, |b, d| {
            b.iter(|| linear_scan(&rules, black_box(d), "/browse/X-1"))
        });
    }
    group.finish();
}

criterion_group!(benches, routing);
criterion_main!(benches);
