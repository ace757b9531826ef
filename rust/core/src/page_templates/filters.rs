//! The render-time half of the bounds: the built-in filters and functions that take a
//! width or a count are replaced by ones that check it first (a dynamic argument over
//! its cap is an error, so the admin's page falls back to the built-in one), and the
//! filters and functions outside the allowlist are removed.

use minijinja::value::{Kwargs, Rest, StringInput};
use minijinja::{Environment, Error, ErrorKind, State, Value};

use super::{MAX_FORMAT_PRECISION, MAX_FORMAT_WIDTH, MAX_INDENT, MAX_LOOP, MAX_VALUE_BYTES};

/// Built-in filters that are not on the allowlist (analysis.rs refuses them too).
pub(super) const REMOVED_FILTERS: [&str; 7] = [
    "pprint", "batch", "slice", "groupby", "chain", "zip", "attr",
];
/// Built-in functions that are not on the allowlist: `namespace()` carries state from
/// one loop iteration to the next (60 doublings abort the JVM).
pub(super) const REMOVED_FUNCTIONS: [&str; 1] = ["namespace"];

pub(super) fn install(env: &mut Environment<'static>) {
    for name in REMOVED_FILTERS {
        env.remove_filter(name);
    }
    for name in REMOVED_FUNCTIONS {
        env.remove_global(name);
    }
    env.add_filter("indent", indent);
    env.add_filter("format", format);
    env.add_filter("replace", replace);
    env.add_filter("join", join);
    env.add_function("range", range);
}

fn over(what: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, what)
}

fn bytes(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn indent(
    value: StringInput<'_>,
    width: Option<usize>,
    first: Option<bool>,
    blank: Option<bool>,
    kwargs: Kwargs,
) -> Result<Value, Error> {
    let width = match width {
        Some(w) => w,
        None => kwargs.get::<Option<usize>>("width")?.unwrap_or(4),
    };
    if bytes(width) > MAX_INDENT {
        return Err(over(format!(
            "`indent` width {width} is over the limit of {MAX_INDENT}"
        )));
    }
    let text = value.as_str();
    let lines = bytes(text.matches('\n').count()).saturating_add(1);
    let total = lines
        .saturating_mul(bytes(width))
        .saturating_add(bytes(text.len()));
    if total > MAX_VALUE_BYTES {
        return Err(over(format!(
            "`indent` would build {total} bytes, over the limit of {MAX_VALUE_BYTES}"
        )));
    }
    minijinja::filters::indent(value, Some(width), first, blank, kwargs)
}

fn format(state: &State, format_str: &Value, args: Rest<Value>) -> Result<Value, Error> {
    if let Some(text) = format_str.as_str() {
        format_specs(text).map_err(over)?;
    }
    minijinja::filters::format(state, format_str, args)
}

fn replace(
    state: &State,
    value: StringInput<'_>,
    from: StringInput<'_>,
    to: StringInput<'_>,
) -> Result<Value, Error> {
    let text = value.as_str();
    let (from_len, to_len) = (from.as_str().len(), to.as_str().len());
    let hits = if from_len == 0 {
        text.chars().count().saturating_add(1)
    } else {
        text.matches(from.as_str()).count()
    };
    let total = bytes(text.len())
        .saturating_add(bytes(hits).saturating_mul(bytes(to_len)))
        .saturating_sub(bytes(hits).saturating_mul(bytes(from_len)));
    if total > MAX_VALUE_BYTES {
        return Err(over(format!(
            "`replace` would build {total} bytes, over the limit of {MAX_VALUE_BYTES}"
        )));
    }
    minijinja::filters::replace(state, value, from, to)
}

fn join(state: &State, value: &Value, joiner: Option<StringInput<'_>>) -> Result<Value, Error> {
    let separator = bytes(joiner.as_ref().map_or(0, |j| j.as_str().len()));
    let mut total = 0u64;
    if let Some(text) = value.as_str() {
        total = bytes(text.len()).saturating_mul(separator.saturating_add(4));
    } else if let Ok(items) = value.try_iter() {
        for item in items {
            let shown = match item.as_str() {
                Some(s) => bytes(s.len()),
                None => bytes(item.to_string().len()),
            };
            total = total.saturating_add(shown).saturating_add(separator);
            if total > MAX_VALUE_BYTES {
                break;
            }
        }
    }
    if total > MAX_VALUE_BYTES {
        return Err(over(format!(
            "`join` would build more bytes than the limit of {MAX_VALUE_BYTES}"
        )));
    }
    minijinja::filters::join(state, value, joiner)
}

fn range(lower: isize, upper: Option<isize>, step: Option<isize>) -> Result<Value, Error> {
    let (start, end) = match upper {
        Some(upper) => (lower as i128, upper as i128),
        None => (0, lower as i128),
    };
    let by = step.unwrap_or(1) as i128;
    let len = if by == 0 {
        0
    } else {
        ((end - start + by - by.signum()) / by).max(0)
    };
    if len > i128::from(MAX_LOOP) {
        return Err(over(format!(
            "`range` of {len} items is over the limit of {MAX_LOOP}"
        )));
    }
    minijinja::functions::range(lower, upper, step)
}

/// How many conversions a printf-style `format` string has, or why it is refused: a
/// width over [`MAX_FORMAT_WIDTH`], a precision over [`MAX_FORMAT_PRECISION`], a `*`,
/// or anything this scanner does not know (it is stricter than minijinja's parser).
pub(super) fn format_specs(text: &str) -> Result<u64, String> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut specs = 0u64;
    while i < b.len() {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        i += 1;
        if b.get(i) == Some(&b'%') {
            i += 1;
            continue;
        }
        if b.get(i) == Some(&b'(') {
            match b[i..].iter().position(|&c| c == b')') {
                Some(close) => i += close + 1,
                None => return Err("a `format` mapping key has no closing `)`".into()),
            }
        }
        while matches!(b.get(i), Some(b'#' | b'0' | b'-' | b' ' | b'+')) {
            i += 1;
        }
        let width = number(b, &mut i);
        if width > MAX_FORMAT_WIDTH {
            return Err(format!(
                "a `format` width of {width} is over the limit of {MAX_FORMAT_WIDTH}"
            ));
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            let precision = number(b, &mut i);
            if precision > MAX_FORMAT_PRECISION {
                return Err(format!(
                    "a `format` precision of {precision} is over the limit of \
                     {MAX_FORMAT_PRECISION}"
                ));
            }
        }
        if matches!(b.get(i), Some(b'h' | b'l' | b'L')) {
            i += 1;
        }
        match b.get(i) {
            Some(c) if b"diouxXeEfFgGcs".contains(c) => i += 1,
            _ => {
                return Err(
                    "a `format` conversion must be one of %s %d %i %f %e %g %x %o %c \
                     (with a width and precision in digits, no `*`)"
                        .into(),
                )
            }
        }
        specs += 1;
    }
    Ok(specs)
}

/// Digits at `b[*i..]` (saturating), `0` when there are none.
fn number(b: &[u8], i: &mut usize) -> u64 {
    let mut n = 0u64;
    while let Some(d) = b.get(*i).filter(|c| c.is_ascii_digit()) {
        n = n.saturating_mul(10).saturating_add(u64::from(d - b'0'));
        *i += 1;
    }
    n
}
