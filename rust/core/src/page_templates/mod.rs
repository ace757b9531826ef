//! The login pages' templates (minijinja): the one environment the built-in and the
//! admin's chooser, error and logout pages render in, and the checks that keep an admin's
//! template (or a stolen admin session) from aborting or hanging the product.
//!
//! A Rust allocation failure aborts the JVM and no `catch_unwind` helps, so the bounds
//! hold before anything is allocated, by construction (docs/login-pages.md, "What a
//! template may do"):
//! - at validation, before minijinja compiles anything (its compiler folds constants, so
//!   `{{ 'x' * 100000000 }}` would allocate while compiling), the source is tokenized
//!   ([`MAX_TAG_TOKENS`] per tag, which bounds the depth of every expression) and parsed,
//!   and the parsed template is checked against an allowlisted subset of the language
//!   with an upper bound on every value it can build ([`analysis`]): widths, repetition
//!   counts and ranges over their caps, values over [`MAX_VALUE_BYTES`] and work over
//!   [`MAX_WORK`] refuse the template, naming the line and the cap;
//! - at render, the filters and functions that take a width or a count are replaced by
//!   ones that check it again ([`filters`]), the variables are checked against the bounds
//!   the analysis assumed, the output stops at [`MAX_OUTPUT_BYTES`], and fuel bounds the
//!   number of instructions.

mod analysis;
mod bounds;
mod filters;
#[cfg(test)]
mod tests;

use std::io;

use minijinja::machinery::{self, Token, WhitespaceConfig};
use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use serde::{Deserialize, Serialize};

pub(crate) use bounds::{inputs, IdpInputs};

/// Bounds the instructions one render may run (a runaway loop cannot hang a request).
const FUEL: u64 = 200_000;
/// Most tokens in one `{{ ... }}` or `{% ... %}`: bounds each expression's depth (a
/// chain of 30,000 `~` overflows the compiler's stack, which is an abort too).
pub const MAX_TAG_TOKENS: usize = 128;
/// Deepest nesting of statements and expressions.
pub const MAX_NESTING: usize = 64;
/// Largest value a template may build (a string, a list).
pub const MAX_VALUE_BYTES: u64 = 256 * 1024;
/// Most bytes the variables a template sets may hold together.
pub const MAX_SET_BYTES: u64 = 1024 * 1024;
/// Most work (bytes built, read or written, times how often) one render may do.
pub const MAX_WORK: u64 = 256 * 1024 * 1024;
/// Longest page an admin's template may render; the built-in one is shown instead.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;
/// Longest built-in page (they are bounded by the configuration; this is a backstop).
const MAX_BUILT_IN_OUTPUT_BYTES: usize = 16 * 1024 * 1024;
/// Most iterations of one loop, and most items of a `range()`.
pub const MAX_LOOP: u64 = 1000;
/// Widest `indent`.
pub const MAX_INDENT: u64 = 64;
/// Widest field of a `format` specification (`%100s`), and longest precision (`%.30f`).
pub const MAX_FORMAT_WIDTH: u64 = 100;
pub const MAX_FORMAT_PRECISION: u64 = 30;

/// The shared `<style>` of the built-in pages; admins' templates may include it too.
pub const STYLE_PARTIAL: &str = "oidcsso-style.html";
const STYLE_SOURCE: &str = include_str!("templates/style.html");

/// One of the three login pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PageKind {
    /// The IdP chooser (and a delayed redirect's countdown).
    Chooser,
    /// The error page of a failed login.
    Error,
    /// The signed-out page.
    Logout,
}

impl PageKind {
    /// Every page.
    pub const ALL: [PageKind; 3] = [PageKind::Chooser, PageKind::Error, PageKind::Logout];

    /// Its name in the configuration's `templates`.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Chooser => "chooser",
            PageKind::Error => "error",
            PageKind::Logout => "logout",
        }
    }

    /// The built-in template.
    pub fn default_source(self) -> &'static str {
        match self {
            PageKind::Chooser => include_str!("templates/chooser.html"),
            PageKind::Error => include_str!("templates/error.html"),
            PageKind::Logout => include_str!("templates/logout.html"),
        }
    }
}

/// The environment every page renders in: HTML auto-escaping, undefined variables are
/// errors, fuel, the capped filters, and only the allowlisted filters and functions.
pub(crate) fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    filters::install(&mut env);
    env.add_template(STYLE_PARTIAL, STYLE_SOURCE)?;
    Ok(env)
}

/// Checks an admin's template for `page` and compiles it: `Err` says why it is refused
/// (with its line), for the configuration problem.
pub(crate) fn check_template(page: PageKind, source: &str, idps: IdpInputs) -> Result<(), String> {
    let refused = |line: u16, why: String| {
        format!(
            "line {line}: {why} (docs/login-pages.md, \"What a template may do\"); fix it or \
             remove it to use the built-in page"
        )
    };
    check_tokens(source).map_err(|(line, why)| refused(line, why))?;
    let name = page.name();
    let ast = machinery::parse(source, name, SyntaxConfig, WhitespaceConfig::default())
        .map_err(|e| does_not_compile(&e))?;
    let context = bounds::page_context(page, idps);
    analysis::check(&ast, &context, bounds::len(STYLE_SOURCE.len()))
        .map_err(|r| refused(r.line, r.message))?;
    drop(ast);
    let mut env = environment().map_err(|e| format!("built-in style template: {e}"))?;
    env.add_template_owned(name.to_string(), source.to_string())
        .map_err(|e| does_not_compile(&e))
}

fn does_not_compile(e: &minijinja::Error) -> String {
    format!("the template does not compile: {e}; fix it or remove it to use the built-in page")
}

/// Refuses a tag of more than [`MAX_TAG_TOKENS`] tokens, before anything is parsed.
fn check_tokens(source: &str) -> Result<(), (u16, String)> {
    let tokens = machinery::tokenize(source, false, SyntaxConfig, WhitespaceConfig::default());
    let mut in_tag = 0usize;
    for token in tokens {
        let (token, span) = match token {
            Ok(t) => t,
            // The parser reports the same error with its context.
            Err(_) => return Ok(()),
        };
        match token {
            Token::VariableStart | Token::BlockStart => in_tag = 1,
            Token::VariableEnd | Token::BlockEnd => in_tag = 0,
            _ if in_tag > 0 => {
                in_tag += 1;
                if in_tag > MAX_TAG_TOKENS {
                    return Err((
                        span.start_line,
                        format!("a tag has more than {MAX_TAG_TOKENS} tokens; split it up"),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether the variables the core built for a page stay within the bounds the template
/// check assumed (they always should: this is the render-time half of the guarantee).
pub(crate) fn context_fits(page: PageKind, idps: IdpInputs, ctx: &Value) -> bool {
    bounds::page_context(page, idps).admits(ctx)
}

/// Renders a template with its output capped: past `cap` bytes the render fails.
pub(crate) fn render_capped(
    env: &Environment<'_>,
    name: &str,
    ctx: &Value,
    built_in: bool,
) -> Result<String, minijinja::Error> {
    let cap = if built_in {
        MAX_BUILT_IN_OUTPUT_BYTES
    } else {
        MAX_OUTPUT_BYTES
    };
    let mut out = CappedWriter {
        buf: Vec::new(),
        cap,
        full: false,
    };
    let rendered = env.get_template(name)?.render_captured_to(ctx, &mut out);
    if out.full {
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("the page is longer than {cap} bytes"),
        ));
    }
    rendered?;
    String::from_utf8(out.buf).map_err(|_| {
        minijinja::Error::new(ErrorKind::InvalidOperation, "the page is not valid UTF-8")
    })
}

/// A buffer that refuses to grow past its cap (the render then stops with an error).
struct CappedWriter {
    buf: Vec<u8>,
    cap: usize,
    full: bool,
}

impl io::Write for CappedWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buf.len().saturating_add(bytes.len()) > self.cap {
            self.full = true;
            return Err(io::Error::other(format!(
                "the page is longer than {} bytes",
                self.cap
            )));
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
