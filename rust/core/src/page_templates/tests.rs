//! The template bounds: the issue's inputs and their kin are refused at validation with
//! the cap they break, or render the built-in page quickly; the built-in pages and
//! reasonable admin templates pass.

use std::time::{Duration, Instant};

use minijinja::{context, Value};

use super::*;

/// A hang guard, not a benchmark: each check or render must finish well within this.
const HANG_GUARD: Duration = Duration::from_secs(5);

fn check(page: PageKind, source: &str) -> Result<(), String> {
    let started = Instant::now();
    let result = check_template(page, source, IdpInputs::WORST);
    assert!(
        started.elapsed() < HANG_GUARD,
        "checking took {:?}: {source:.80}",
        started.elapsed()
    );
    result
}

/// The statically computed bounds of an accepted template.
fn report(page: PageKind, source: &str, idps: IdpInputs) -> analysis::Report {
    let ast =
        machinery::parse(source, "t", SyntaxConfig, WhitespaceConfig::default()).expect("parses");
    let context = bounds::page_context(page, idps);
    analysis::check(&ast, &context, bounds::len(STYLE_SOURCE.len())).expect("accepted")
}

#[test]
fn check_when_the_issues_templates_then_refused_naming_the_cap() {
    let cases = [
        ("{{ 'a\nb'|indent(100000000000) }}", "`indent` width", "64"),
        (
            "{{ '%100000000000s'|format('x') }}",
            "`format` width",
            "100",
        ),
        (
            "{% for i in range(3000) %}{% if ('x' * 100000000)|upper|length > 0 %}.{% endif %}\
             {% endfor %}",
            "`range()`",
            "1000",
        ),
        ("{{ 'x' * 100000000 }}", "`*`", "262144"),
    ];
    for (source, what, cap) in cases {
        let why = check(PageKind::Error, source).expect_err(source);
        assert!(why.contains(what) && why.contains(cap), "{source}: {why}");
        assert!(why.starts_with("line "), "{why}");
    }
}

#[test]
fn check_when_values_grow_exponentially_then_refused() {
    let doublings = format!(
        "{{% set x = 'ab' %}}{}{{{{ x }}}}",
        "{% set x = x ~ x %}\n".repeat(60)
    );
    let pyramid = (1..=8).fold(String::from("'x'"), |inner, _| format!("({inner} * 10)"));
    let cases: Vec<(String, &str)> = vec![
        (doublings, "`~`"),
        (
            "{% set ns = namespace(a='x') %}{% for i in range(60) %}{% set ns.a = ns.a ~ ns.a %}\
             {% endfor %}{{ ns.a }}"
                .into(),
            "calls are limited",
        ),
        (format!("{{{{ {pyramid} }}}}"), "`*`"),
        (
            "{% set a = 'x' * 1000 %}{% set b = a * 1000 %}{{ b }}".into(),
            "`*`",
        ),
        (
            "{{ ('x' * 1000)|replace('', 'yyyyyyyyyy')|replace('', 'yyyyyyyyyy')\
             |replace('', 'yyyyyyyyyy') }}"
                .into(),
            "`replace`",
        ),
        ("{{ range(1000)|join('x' * 10000) }}".into(), "`join`"),
        (
            "{{ ('x' * 200000) ~ ('x' * 200000) }}".into(),
            "`~` can build",
        ),
        (
            "{% set c %}{% for i in range(1000) %}{{ 'x' * 1000 }}{% endfor %}{% endset %}{{ c }}"
                .into(),
            "this block",
        ),
        (
            "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}\
             {{ 'xxxxxxxxxx' }}{% endfor %}{% endfor %}{% endfor %}"
                .into(),
            "units of work",
        ),
        (
            "{% for i in range(1000) %}{{ 'a'|indent(loop.index) }}{% endfor %}".into(),
            "`indent` width can be up to 1000",
        ),
        ("{{ [1, 2] * 100000000 }}".into(), "`*`"),
        ("{% for i in 'x' * 1000000 %}{% endfor %}".into(), "`*`"),
    ];
    for (source, expected) in &cases {
        let why = check(PageKind::Chooser, source).expect_err(source);
        assert!(why.contains(expected), "{source:.120}: {why}");
    }
}

#[test]
fn check_when_language_outside_the_allowlist_then_refused() {
    let cases = [
        (
            "{{ 'x'|center(1000000000) }}",
            "`center` filter is not available",
        ),
        (
            "{{ 'x'|wordwrap(5) }}",
            "`wordwrap` filter is not available",
        ),
        ("{{ idps|pprint }}", "`pprint` filter is not available"),
        ("{{ idps|tojson }}", "`tojson` filter is not available"),
        ("{{ idps|batch(2) }}", "`batch` filter is not available"),
        ("{% set r = range %}{{ r(10) }}", "calls are limited"),
        (
            "{{ idps|map('upper') }}",
            "`map` is available with `attribute=",
        ),
        ("{{ '%*s'|format(5, 'x') }}", "conversion must be one of"),
        ("{{ '%.1000f'|format(1.5) }}", "precision of 1000"),
        ("{% include \"chooser\" %}", "may include only"),
        (
            "{% extends \"default/chooser\" %}",
            "`extends` is not available",
        ),
        (
            "{% for x in idps recursive %}{% endfor %}",
            "recursive loops",
        ),
        (
            "{% for x in [1] %}{% set dict = 1 %}{% endfor %}",
            "`dict` is reserved",
        ),
        ("{% set range = 1 %}", "`range` is reserved"),
        ("{{ range(*idps) }}", "`*args`"),
    ];
    for (source, expected) in cases {
        let why = check(PageKind::Chooser, source).expect_err(source);
        assert!(why.contains(expected), "{source}: {why}");
    }
}

#[test]
fn check_when_macro_or_namespace_then_refused() {
    // Macros are not compiled into this build (they could recurse), namespace() is gone.
    assert!(check(PageKind::Error, "{% macro f() %}x{% endmacro %}{{ f() }}").is_err());
    assert!(check(PageKind::Error, "{% set ns = namespace() %}").is_err());
}

#[test]
fn check_when_one_tag_has_thousands_of_tokens_then_refused_without_deep_recursion() {
    // 30,000 `~` overflow minijinja's compiler stack (an abort); the token cap refuses the
    // tag before anything is parsed, even on a small stack.
    let chain = format!("{{{{ title{} }}}}", "~title".repeat(30_000));
    let outcome = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || check_template(PageKind::Error, &chain, IdpInputs::WORST))
        .expect("thread")
        .join()
        .expect("no stack overflow");
    let why = outcome.expect_err("refused");
    assert!(why.contains("more than 128 tokens"), "{why}");
}

#[test]
fn check_when_nested_too_deep_then_refused() {
    let nested = format!(
        "{}x{}",
        "{% if true %}".repeat(70),
        "{% endif %}".repeat(70)
    );
    let why = check(PageKind::Error, &nested).expect_err("refused");
    assert!(why.contains("nested more than 64 deep"), "{why}");
}

#[test]
fn check_when_built_in_pages_submitted_as_admin_templates_then_accepted() {
    for page in PageKind::ALL {
        if let Err(why) = check(page, page.default_source()) {
            panic!("{}: {why}", page.name());
        }
        let worst = report(page, page.default_source(), IdpInputs::WORST);
        assert!(worst.work <= MAX_WORK, "{page:?}: {worst:?}");
    }
}

#[test]
fn check_when_reasonable_admin_templates_then_accepted() {
    let chooser = r#"<!DOCTYPE html><html><head><title>{{ page_title|default("Sign in") }}</title>
{% include "oidcsso-style.html" %}</head><body><main>
{% set heading = "Welcome to " ~ base_path|default("Jira") %}<h1>{{ heading|upper }}</h1>
{% if notice %}<p class="{{ notice.code|replace('_', '-') }}">{{ notice.message }}</p>{% endif %}
{% for idp in idps|selectattr("icon_url") %}{% if loop.first %}<ul>{% endif %}
<li class="{{ loop.cycle('odd', 'even') }}"><a href="{{ idp.url }}"><img src="{{ idp.icon_url }}" alt="">
{{ idp.label|title }}</a> ({{ loop.index }}/{{ loop.length }})</li>{% if loop.last %}</ul>{% endif %}
{% else %}<p>No icons.</p>{% endfor %}
<p>{{ idps|length }} ways in: {{ idps|map(attribute="name")|join(", ") }}</p>
{% with first = idps|first %}{% if first %}<p>{{ "Default: %s"|format(first.name) }}</p>{% endif %}{% endwith %}
{% if redirect %}<p>{{ redirect.name }} in {{ redirect.delay_seconds }} s</p>{% endif %}
{% filter trim %}  <p>{{ return_to }}</p>  {% endfilter %}
{% if local_login_url %}<a href="{{ local_login_url }}">Local</a>{% endif %}
</main></body></html>"#;
    let config = crate::config::Config::parse(TWO_IDPS.as_bytes()).expect("valid");
    let few = crate::config::page_inputs(Some(&config.idps));
    check_template(PageKind::Chooser, chooser, few).expect("a reasonable chooser");
    let error = "{% set lines = message|indent(2) %}<pre>{{ lines }}</pre>\
                 <p>{{ '%s (%s)'|format(code, reference) }}</p>{{ range(3)|join('-') }}";
    check(PageKind::Error, error).expect("a reasonable error page");
}

const TWO_IDPS: &str = r#"{"schemaVersion": 1, "idps": [
  {"id": "a", "issuer": "https://a.example.com", "clientId": "x", "clientSecret": "s"},
  {"id": "b", "issuer": "https://b.example.com", "clientId": "y", "clientSecret": "s",
   "displayName": "Bee", "iconUrl": "https://b.example.com/b.svg"}]}"#;

#[test]
fn render_when_dynamic_arguments_over_the_caps_then_error_not_allocation() {
    let env = environment().expect("environment");
    let cases = [
        (
            "{{ 'a\nb'|indent(w) }}",
            context! { w => 100_000_000_000u64 },
        ),
        ("{{ f|format('x') }}", context! { f => "%100000000000s" }),
        (
            "{% for i in range(n) %}{% endfor %}",
            context! { n => 3000 },
        ),
        (
            "{{ s|replace('', t) }}",
            context! { s => "x".repeat(1000), t => "y".repeat(1000) },
        ),
        (
            "{{ items|join(sep) }}",
            context! { items => vec!["x"; 1000], sep => "y".repeat(1000) },
        ),
    ];
    for (source, ctx) in cases {
        let started = Instant::now();
        let err = env.render_str(source, ctx).expect_err(source);
        assert!(started.elapsed() < HANG_GUARD, "{source}");
        assert!(err.to_string().contains("limit"), "{source}: {err}");
    }
}

#[test]
fn render_when_filters_outside_the_allowlist_then_unknown() {
    let env = environment().expect("environment");
    for source in [
        "{{ [1]|pprint }}",
        "{{ [1, 2]|batch(1) }}",
        "{% set ns = namespace() %}",
    ] {
        assert!(env.render_str(source, ()).is_err(), "{source}");
    }
    // Every minijinja built-in filter is either checked by the analysis or removed.
    for name in [
        "pprint", "batch", "slice", "groupby", "chain", "zip", "attr",
    ] {
        assert!(filters::REMOVED_FILTERS.contains(&name), "{name}");
    }
}

#[test]
fn render_when_output_over_the_cap_then_error_after_the_cap() {
    // Accepted (each value is small) but the page would be 2 MB: the writer stops at 1 MiB.
    let source = "{% for i in range(1000) %}{{ 'x' * 2000 }}{% endfor %}";
    check(PageKind::Logout, source).expect("bounded, only long");
    let mut env = environment().expect("environment");
    env.add_template("long", source).expect("compiles");
    let err = render_capped(&env, "long", &Value::from(()), false).expect_err("over the cap");
    assert!(
        err.to_string().contains("longer than 1048576 bytes"),
        "{err}"
    );
}

#[test]
fn render_when_set_in_a_loop_then_not_carried_to_the_next_iteration() {
    // The analysis relies on this: a value cannot grow from one iteration to the next.
    let env = environment().expect("environment");
    let out = env
        .render_str(
            "{% set y = 'a' %}{% for i in range(3) %}{% set y = y ~ y %}{{ y }},{% endfor %}{{ y }}",
            (),
        )
        .expect("renders");
    assert_eq!(out, "aa,aa,aa,a");
}

#[test]
fn context_fits_when_a_value_is_longer_than_assumed_then_false() {
    let idps = IdpInputs::WORST;
    let fits = |code: &str| {
        context_fits(
            PageKind::Error,
            idps,
            &context! { code, title => "t", message => "m", reference => "r" },
        )
    };
    assert!(fits("internal_error"));
    assert!(!fits(&"x".repeat(65)));
}

#[test]
fn format_specs_when_widths_within_caps_then_counted() {
    assert_eq!(filters::format_specs("%s, %-5d %.2f %% %(a)s"), Ok(4));
    assert!(filters::format_specs("%101s").is_err());
    assert!(filters::format_specs("%(a").is_err());
    assert!(filters::format_specs("%q").is_err());
}
