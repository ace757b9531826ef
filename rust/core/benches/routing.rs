//! Routing cost with many IdPs and domain rules: the engine's precomputed index against a
//! naive first-match scan of the same rules, in the same run (docs/benchmarks.md).
//! `cargo bench -p oidc-sso-core --bench routing`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use oidc_sso_core::config::{Config, RouteMatch, RoutingRule};
use oidc_sso_core::routing::{RouteRequest, Router};
use serde_json::json;

/// A document with `idps` IdPs and `domains` email-domain rules (round-robin over the IdPs),
/// a path rule and a fallback at the end.
fn config(idps: usize, domains: usize) -> Config {
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
    let doc = json!({"schemaVersion": 1, "idps": idp_list, "routing": {"rules": rules}});
    Config::parse(doc.to_string().as_bytes()).expect("valid benchmark configuration")
}

/// What a rule engine without an index does: every rule, in order, until one matches.
fn linear_scan<'a>(rules: &'a [RoutingRule], domain: &str, path: &str) -> Option<&'a RoutingRule> {
    rules.iter().find(|rule| match rule.kind {
        RouteMatch::EmailDomain => rule.values.iter().any(|v| v == domain),
        RouteMatch::PathPrefix => rule
            .values
            .iter()
            .any(|v| path == v || path.starts_with(&format!("{v}/"))),
        RouteMatch::Fallback => true,
        _ => false,
    })
}

fn routing(c: &mut Criterion) {
    let mut group = c.benchmark_group("routing");
    for (idps, domains) in [(1, 10), (50, 1_000), (500, 10_000)] {
        let config = config(idps, domains);
        let router = Router::new(&config);
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
            router.route(&request),
            Ok(oidc_sso_core::routing::RouteDecision::Redirect { .. })
        ));
        group.bench_with_input(BenchmarkId::new("index", &label), &request, |b, req| {
            b.iter(|| router.route(black_box(req)))
        });
        group.bench_with_input(BenchmarkId::new("linear_scan", &label), &domain, |b, d| {
            b.iter(|| linear_scan(&config.routing.rules, black_box(d), "/browse/X-1"))
        });
    }
    group.finish();
}

criterion_group!(benches, routing);
criterion_main!(benches);
