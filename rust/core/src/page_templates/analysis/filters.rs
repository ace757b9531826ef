//! Bounds of the allowlisted filters.

use minijinja::machinery::ast::{self, Expr};
use minijinja::Value;

use super::super::bounds::{Bound, Shape, NUMBER_BYTES};
use super::super::filters::format_specs;
use super::super::{MAX_FORMAT_PRECISION, MAX_FORMAT_WIDTH, MAX_INDENT};
use super::{
    join_shapes, Analyser, Arg, Checked, CASE_FACTOR, ESCAPE_FACTOR, SLOT_BYTES, SORT_FACTOR,
};

const FILTERS: &str = "safe, escape, e, lower, upper, title, capitalize, trim, string, \
                       length, count, bool, int, float, abs, round, default, d, first, last, \
                       min, max, reverse, sort, unique, list, items, dictsort, select, \
                       reject, selectattr, rejectattr, map (with attribute=), join, replace, \
                       indent, format, sum, lines, split";

impl<'s> Analyser<'s, '_> {
    pub(super) fn apply_piped(&mut self, filter: &Expr<'s>, captured: Shape) -> Checked<Shape> {
        self.piped = Some(captured);
        let shape = self.expr(filter)?;
        self.piped = None;
        Ok(shape)
    }

    pub(super) fn filter(&mut self, f: &ast::Filter<'s>) -> Checked<Shape> {
        let input = match &f.expr {
            Some(e) => self.expr(e)?,
            None => match self.piped.take() {
                Some(piped) => piped,
                None => return self.refuse("a filter needs a value"),
            },
        };
        let args = self.args(&f.args)?;
        let read = input.bound().bytes;
        if matches!(f.name, "sort" | "unique" | "items" | "dictsort") {
            self.charge(read.saturating_mul(SORT_FACTOR))?;
        }
        let (shape, fresh) = match plain_filter(f.name, &input, &args) {
            Some(rule) => rule,
            None => self.sized_filter(f, &input, &args)?,
        };
        self.charge(read)?;
        self.build(fresh, &format!("the `{}` filter", f.name))?;
        Ok(shape)
    }

    /// The filters whose result size depends on an argument (a width, a separator, a
    /// replacement), checked against their caps; anything else is not allowed.
    fn sized_filter(
        &self,
        f: &ast::Filter<'s>,
        input: &Shape,
        args: &[Arg<'s>],
    ) -> Checked<(Shape, u64)> {
        let x = input.bound();
        let bytes = match f.name {
            "map" => return self.map_filter(input, args),
            "join" => {
                let separator = args.first().map_or(0, |a| a.shape.bound().bytes);
                let items = match input {
                    Shape::List { len, item } => len.saturating_mul(item.bound().bytes),
                    _ => x.bytes,
                };
                items.saturating_add(input.iterations().saturating_mul(separator))
            }
            "replace" => {
                let to = args.get(1).map_or(0, |a| a.shape.bound().bytes);
                // An empty `from` inserts `to` between every character.
                let hits = match args.first().and_then(|a| a.literal.as_ref()) {
                    Some(from) if from.as_str().is_some_and(|s| !s.is_empty()) => {
                        x.bytes / super::super::bounds::len(from.as_str().unwrap_or("x").len())
                    }
                    _ => x.items.saturating_add(1),
                };
                x.bytes.saturating_add(hits.saturating_mul(to))
            }
            "indent" => {
                let width = self.indent_width(args)?;
                let lines = x.items.saturating_add(1);
                x.bytes.saturating_add(lines.saturating_mul(width))
            }
            "format" => self.format_bound(f, input, args)?,
            other => {
                return self.refuse(format!(
                    "the `{other}` filter is not available in login pages; these are: {FILTERS}"
                ))
            }
        };
        Ok((Shape::text(bytes), bytes))
    }

    /// `map(attribute="name")` only: mapping a filter over a list could apply any filter.
    pub(super) fn map_filter(&self, input: &Shape, args: &[Arg<'s>]) -> Checked<(Shape, u64)> {
        let attribute = args.iter().find(|a| a.name == Some("attribute"));
        let others = args
            .iter()
            .any(|a| !matches!(a.name, Some("attribute" | "default")));
        let Some(attribute) = attribute.filter(|_| !others) else {
            return self.refuse("`map` is available with `attribute=\"...\"` only");
        };
        let item = match attribute.literal.as_ref().and_then(Value::as_str) {
            Some(name) => input.item().attr(name),
            None => input.item(),
        };
        let default = args
            .iter()
            .find(|a| a.name == Some("default"))
            .map_or(Shape::Value(Bound::ZERO), |a| a.shape.clone());
        let len = input.iterations();
        Ok((
            Shape::List {
                len,
                item: Box::new(join_shapes(&item, &default)),
            },
            len.saturating_mul(SLOT_BYTES),
        ))
    }

    pub(super) fn indent_width(&self, args: &[Arg<'s>]) -> Checked<u64> {
        let width = args
            .iter()
            .find(|a| a.name == Some("width"))
            .or_else(|| args.first().filter(|a| a.name.is_none()));
        let Some(width) = width else {
            return Ok(4);
        };
        let max = width.shape.bound().num;
        if max > MAX_INDENT {
            return self.refuse(format!(
                "the `indent` width can be up to {max}{}; the limit is {MAX_INDENT}",
                literal_note(std::slice::from_ref(width))
            ));
        }
        Ok(max)
    }

    /// The length of a `format` result: the format string, each conversion's width or
    /// value (numbers print up to [`NUMBER_BYTES`]), the arguments.
    pub(super) fn format_bound(
        &self,
        f: &ast::Filter<'s>,
        input: &Shape,
        args: &[Arg<'s>],
    ) -> Checked<u64> {
        let fmt = input.bound().bytes;
        let specs = match &f.expr {
            Some(Expr::Const(c)) => match c.value.as_str().map(format_specs) {
                Some(Ok(n)) => n,
                Some(Err(why)) => return self.refuse(why),
                None => fmt,
            },
            // Checked again at render (filters.rs); a spec takes at least 2 bytes.
            _ => fmt / 2 + 1,
        };
        let per_spec = MAX_FORMAT_WIDTH
            .saturating_add(MAX_FORMAT_PRECISION)
            .saturating_add(NUMBER_BYTES)
            .saturating_add(args.iter().map(|a| a.shape.bound().bytes).sum::<u64>());
        Ok(fmt.saturating_add(specs.saturating_mul(per_spec)))
    }
}

/// " (`100000000000`)" when the argument that decides is a literal.
pub(super) fn literal_note(args: &[Arg<'_>]) -> String {
    match args.first().and_then(|a| a.literal.as_ref()) {
        Some(v) => format!(" (`{v}`)"),
        None => String::new(),
    }
}

/// The filters whose result is bounded by their input alone: the result's shape and the
/// fresh bytes they build; `None` for the others.
fn plain_filter(name: &str, input: &Shape, args: &[Arg<'_>]) -> Option<(Shape, u64)> {
    let x = input.bound();
    let text = |bytes: u64| (Shape::text(bytes), bytes);
    let list_of = |item: Shape| Shape::List {
        len: input.iterations(),
        item: Box::new(item),
    };
    let slots = x.items.saturating_mul(SLOT_BYTES);
    Some(match name {
        "safe" | "trim" | "string" => text(x.bytes),
        "escape" | "e" => text(x.bytes.saturating_mul(ESCAPE_FACTOR)),
        "lower" | "upper" | "title" | "capitalize" => text(x.bytes.saturating_mul(CASE_FACTOR)),
        "length" | "count" => (Shape::Value(Bound::count(x.items)), 0),
        "bool" => (Shape::Value(Bound::flag()), 0),
        // A number stays within its magnitude; a string can spell any number.
        "int" | "float" => {
            let max = if x.items == 0 { x.num } else { u64::MAX };
            (Shape::Value(Bound::number(max.saturating_add(1))), 0)
        }
        "abs" | "round" => (Shape::Value(Bound::number(x.num.saturating_add(1))), 0),
        "default" | "d" => {
            let other = args
                .first()
                .map_or(Shape::Value(Bound::ZERO), |a| a.shape.clone());
            (join_shapes(input, &other), 0)
        }
        "first" | "last" | "min" | "max" => (input.item(), 0),
        "reverse" if matches!(input, Shape::List { .. }) => (input.clone(), slots),
        "reverse" => (input.clone(), x.bytes),
        "sort" | "unique" | "list" | "select" | "reject" | "selectattr" | "rejectattr" => {
            (list_of(input.item()), slots)
        }
        "items" | "dictsort" => {
            let pair = Bound::list(2, input.item().bound());
            (list_of(Shape::Value(pair)), slots.saturating_mul(3))
        }
        "sum" => (
            Shape::Value(Bound::number(x.items.saturating_mul(x.num))),
            0,
        ),
        "lines" | "split" => {
            let parts = x.bytes.saturating_add(1);
            let fresh = x.bytes.saturating_add(parts.saturating_mul(SLOT_BYTES));
            let shape = Shape::List {
                len: parts,
                item: Box::new(Shape::text(x.bytes)),
            };
            (shape, fresh)
        }
        _ => return None,
    })
}
