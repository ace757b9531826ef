//! Upper bounds on the values a login-page template can build, and the shape of the
//! variables each page gets (docs/login-pages.md, "What a template may do").
//!
//! Every number is an upper bound computed with saturating arithmetic: a bound that
//! overflows becomes `u64::MAX` and is then over every cap, so the template is refused.

use minijinja::value::ValueKind;
use minijinja::Value;

use super::PageKind;

/// The text form of a computed number (`{{ 1e308 }}` prints 309 digits).
pub(super) const NUMBER_BYTES: u64 = 400;
/// A value's text form inside a list or map (`["a\u{1b}"]`): escapes grow a byte to at
/// most 10 (`\u{10ffff}`), plus quotes and a separator.
const NESTED_FACTOR: u64 = 10;
const NESTED_OVERHEAD: u64 = 4;

/// Bounds on one value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Bound {
    /// Bytes of its text form (what `{{ v }}` or `~` writes); also stands for its memory.
    pub bytes: u64,
    /// Items when iterated (characters of a string, elements of a list, keys of a map).
    pub items: u64,
    /// Magnitude when used as a number (a repetition count, a width, a range end).
    pub num: u64,
}

impl Bound {
    pub(super) const ZERO: Bound = Bound {
        bytes: 0,
        items: 0,
        num: 0,
    };

    /// A string of at most `bytes` bytes.
    pub(super) fn text(bytes: u64) -> Bound {
        Bound {
            bytes,
            items: bytes,
            num: 0,
        }
    }

    /// A computed number of magnitude at most `max`.
    pub(super) fn number(max: u64) -> Bound {
        Bound {
            bytes: NUMBER_BYTES,
            items: 0,
            num: max,
        }
    }

    /// A whole number at most `max` whose digits are known (`loop.index`, a length).
    pub(super) fn count(max: u64) -> Bound {
        Bound {
            bytes: digits(max),
            items: 0,
            num: max,
        }
    }

    /// `true`/`false`.
    pub(super) fn flag() -> Bound {
        Bound {
            bytes: 5,
            items: 0,
            num: 1,
        }
    }

    /// Either of two values.
    pub(super) fn join(self, other: Bound) -> Bound {
        Bound {
            bytes: self.bytes.max(other.bytes),
            items: self.items.max(other.items),
            num: self.num.max(other.num),
        }
    }

    /// A list of `len` items, each within `item`, as a value.
    pub(super) fn list(len: u64, item: Bound) -> Bound {
        Bound {
            bytes: len.saturating_mul(nested(item.bytes)).saturating_add(2),
            items: len,
            num: item.num,
        }
    }

    /// The bounds of a literal.
    pub(super) fn of_const(value: &Value) -> Bound {
        match value.kind() {
            ValueKind::Undefined => Bound::ZERO,
            ValueKind::None => Bound::text(4),
            ValueKind::Bool => Bound::flag(),
            ValueKind::Number => {
                let magnitude = i128::try_from(value.clone())
                    .map(|n| u64::try_from(n.unsigned_abs()).unwrap_or(u64::MAX))
                    .or_else(|_| f64::try_from(value.clone()).map(float_magnitude))
                    .unwrap_or(u64::MAX);
                Bound {
                    bytes: NUMBER_BYTES,
                    items: 0,
                    num: magnitude,
                }
            }
            ValueKind::String => {
                let text = value.as_str().unwrap_or_default();
                Bound {
                    bytes: len(text.len()),
                    items: len(text.chars().count()),
                    num: 0,
                }
            }
            // The parser makes only scalar literals; anything else is bounded by its text.
            _ => Bound::text(len(value.to_string().len()).saturating_mul(NESTED_FACTOR)),
        }
    }
}

/// The text form of one value nested in a list or a map.
pub(super) fn nested(bytes: u64) -> u64 {
    bytes
        .saturating_mul(NESTED_FACTOR)
        .saturating_add(NESTED_OVERHEAD)
}

fn float_magnitude(f: f64) -> u64 {
    if f.is_finite() && f.abs() < 1.8e19 {
        // `as` saturates; ceil keeps the bound above the value.
        f.abs().ceil() as u64
    } else {
        u64::MAX
    }
}

fn digits(n: u64) -> u64 {
    u64::from(n.checked_ilog10().unwrap_or(0)) + 2
}

pub(super) fn len(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// What a variable can hold: a plain value, a list of records, or a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    Value(Bound),
    List { len: u64, item: Box<Shape> },
    Record(Vec<(&'static str, Shape)>),
}

impl Shape {
    pub(super) fn text(bytes: u64) -> Shape {
        Shape::Value(Bound::text(bytes))
    }

    /// The bounds of the whole value.
    pub(super) fn bound(&self) -> Bound {
        match self {
            Shape::Value(b) => *b,
            Shape::List { len, item } => Bound::list(*len, item.bound()),
            Shape::Record(fields) => {
                let mut total = Bound {
                    bytes: 2,
                    items: len(fields.len()),
                    num: 0,
                };
                for (name, shape) in fields {
                    let field = shape.bound();
                    total.bytes = total
                        .bytes
                        .saturating_add(nested(len(name.len())))
                        .saturating_add(nested(field.bytes));
                    total.num = total.num.max(field.num);
                }
                total
            }
        }
    }

    /// `value.name`: a record's field (an unknown one is undefined), else no larger
    /// than the value itself.
    pub(super) fn attr(&self, name: &str) -> Shape {
        match self {
            Shape::Record(fields) => fields
                .iter()
                .find(|(field, _)| *field == name)
                .map_or(Shape::Value(Bound::ZERO), |(_, shape)| shape.clone()),
            Shape::List { .. } => Shape::Value(Bound::ZERO),
            Shape::Value(b) => Shape::Value(*b),
        }
    }

    /// `value[i]` or one item of a loop over it.
    pub(super) fn item(&self) -> Shape {
        match self {
            Shape::List { item, .. } => (**item).clone(),
            Shape::Record(fields) => {
                let mut any = Bound::ZERO;
                for (_, shape) in fields {
                    any = any.join(shape.bound());
                }
                Shape::Value(any)
            }
            Shape::Value(b) => Shape::Value(*b),
        }
    }

    /// How many times a loop over this value runs at most.
    pub(super) fn iterations(&self) -> u64 {
        match self {
            Shape::List { len, .. } => *len,
            Shape::Record(fields) => len(fields.len()),
            Shape::Value(b) => b.items,
        }
    }

    /// Whether a concrete value stays within this shape (the render-time check of the
    /// variables the core puts in a page).
    pub(super) fn admits(&self, value: &Value) -> bool {
        match self {
            Shape::Value(b) => match value.kind() {
                ValueKind::String => value.as_str().is_some_and(|s| len(s.len()) <= b.bytes),
                ValueKind::Number => value.as_i64().is_some_and(|n| n.unsigned_abs() <= b.num),
                ValueKind::Undefined | ValueKind::None | ValueKind::Bool => true,
                _ => false,
            },
            Shape::List { len: max, item } => match value.try_iter() {
                Ok(items) if value.kind() == ValueKind::Seq => {
                    let mut count = 0u64;
                    for v in items {
                        count += 1;
                        if count > *max || !item.admits(&v) {
                            return false;
                        }
                    }
                    true
                }
                _ => value.is_none(),
            },
            Shape::Record(fields) => {
                if value.is_none() || value.is_undefined() {
                    return true;
                }
                value.kind() == ValueKind::Map
                    && fields.iter().all(|(name, shape)| {
                        shape.admits(&value.get_attr(name).unwrap_or(Value::UNDEFINED))
                    })
                    && value.len().is_some_and(|n| n <= fields.len())
            }
        }
    }
}

/// The largest values the core puts in a page (bytes); what the core builds is checked
/// against these before rendering.
pub(crate) mod inputs {
    /// `contextPath` and `loginPath` of a render request.
    pub const PATH: u64 = 256;
    /// `os_destination`: the return-to path (authorize.rs refuses longer ones).
    pub const RETURN_TO: u64 = 2048;
    /// A link: both paths, `?idp=` with a percent-encoded id, `&os_destination=` with a
    /// percent-encoded return-to path, `&oidcsso_chooser=true`.
    pub const URL: u64 = 2 * PATH + 3 * 64 + 3 * RETURN_TO + 64;
    /// An error code and a reference id (longer ones are replaced before rendering).
    pub const CODE: u64 = 64;
    /// Titles and messages of routing::messages.
    pub const MESSAGE: u64 = 512;
    /// `delaySeconds` (config/routing.rs).
    pub const DELAY_SECONDS: u64 = 30;
    /// What the user typed into the chooser (routing reads no longer hint).
    pub const HINT: u64 = 320;
    /// An email domain as typed (a DNS name is at most 253 bytes).
    pub const DOMAIN: u64 = 253;
    /// The site's name: at most this many characters...
    pub const SITE_NAME_CHARS: usize = 100;
    /// ...of up to 4 bytes each.
    pub const SITE_NAME: u64 = 4 * SITE_NAME_CHARS as u64;
}

/// What the configuration lets the chooser's IdP entries be (bytes); built by
/// `config::page_inputs` from the IdPs (this module stays below `config`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdpInputs {
    pub(crate) count: u64,
    pub(crate) id: u64,
    pub(crate) name: u64,
    pub(crate) label: u64,
    pub(crate) icon: u64,
}

impl IdpInputs {
    /// Any valid configuration: 500 IdPs (`config::MAX_IDPS`), ids of 64 bytes, names and
    /// labels of 255 characters of up to 4 bytes, icon URLs of 2048 characters.
    pub(crate) const WORST: IdpInputs = IdpInputs {
        count: 500,
        id: 64,
        name: 255 * 4,
        label: 255 * 4 + 13,
        icon: 2048 * 4,
    };
}

/// The variables of one page (docs/login-pages.md, "Variables").
pub(super) fn page_context(page: PageKind, idps: IdpInputs) -> Shape {
    use inputs::*;
    let mut fields: Vec<(&'static str, Shape)> = vec![
        ("base_path", Shape::text(PATH)),
        ("local_login_url", Shape::text(2 * PATH + 32)),
        ("page_title", Shape::text(MESSAGE)),
        ("site_name", Shape::text(SITE_NAME)),
    ];
    match page {
        PageKind::Chooser => {
            let idp = Shape::Record(vec![
                ("id", Shape::text(idps.id)),
                ("name", Shape::text(idps.name)),
                ("label", Shape::text(idps.label)),
                ("icon_url", Shape::text(idps.icon)),
                ("url", Shape::text(URL)),
            ]);
            fields.extend([
                (
                    "idps",
                    Shape::List {
                        len: idps.count,
                        item: Box::new(idp),
                    },
                ),
                ("email_form_action", Shape::text(2 * PATH)),
                ("return_to", Shape::text(RETURN_TO)),
                ("login_hint", Shape::text(HINT)),
                (
                    "notice",
                    Shape::Record(vec![
                        ("code", Shape::text(CODE)),
                        ("message", Shape::text(MESSAGE)),
                        ("domain", Shape::text(DOMAIN)),
                    ]),
                ),
                (
                    "redirect",
                    Shape::Record(vec![
                        ("url", Shape::text(URL)),
                        ("name", Shape::text(idps.name.max(idps.id))),
                        ("delay_seconds", Shape::Value(Bound::count(DELAY_SECONDS))),
                        ("cancel_url", Shape::text(URL)),
                    ]),
                ),
            ]);
        }
        PageKind::Error => fields.extend([
            ("title", Shape::text(MESSAGE)),
            ("message", Shape::text(MESSAGE)),
            ("code", Shape::text(CODE)),
            ("reference", Shape::text(CODE)),
            ("retry_url", Shape::text(URL)),
        ]),
        PageKind::Logout => fields.extend([
            ("title", Shape::text(MESSAGE)),
            ("message", Shape::text(MESSAGE)),
            ("login_url", Shape::text(URL)),
        ]),
    }
    Shape::Record(fields)
}
