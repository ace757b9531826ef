//! Bounds of expressions: variables, operators, calls.

use minijinja::machinery::ast::{self, BinOpKind, CallArg, CallType, Expr, UnaryOpKind};

use super::super::bounds::{nested, Bound, Shape, NUMBER_BYTES};
use super::super::MAX_LOOP;
use super::filters::literal_note;
use super::{join_shapes, Analyser, Arg, Checked, SLOT_BYTES};

impl<'s> Analyser<'s, '_> {
    pub(super) fn expr(&mut self, e: &Expr<'s>) -> Checked<Shape> {
        self.nest()?;
        // A refusal names the line of the node refused, not of its last operand.
        let outer_line = std::mem::replace(&mut self.line, e.span().start_line);
        let shape = match e {
            Expr::Var(v) => self.lookup(v.id),
            Expr::Const(c) => Shape::Value(Bound::of_const(&c.value)),
            Expr::Slice(s) => self.slice(s)?,
            Expr::UnaryOp(u) => {
                let value = self.expr(&u.expr)?.bound();
                match u.op {
                    UnaryOpKind::Not => Shape::Value(Bound::flag()),
                    UnaryOpKind::Neg => Shape::Value(Bound::number(value.num)),
                }
            }
            Expr::BinOp(b) => self.bin_op(b)?,
            Expr::Compare(c) => {
                let mut read = self.expr(&c.expr)?.bound().bytes;
                for op in &c.ops {
                    read = read.saturating_add(self.expr(&op.expr)?.bound().bytes);
                }
                self.charge(read)?;
                Shape::Value(Bound::flag())
            }
            Expr::IfExpr(i) => {
                self.expr(&i.test_expr)?;
                let yes = self.expr(&i.true_expr)?;
                let no = match &i.false_expr {
                    Some(no) => self.expr(no)?,
                    None => Shape::Value(Bound::ZERO),
                };
                join_shapes(&yes, &no)
            }
            Expr::Filter(f) => self.filter(f)?,
            Expr::Test(t) => {
                let mut read = self.expr(&t.expr)?.bound().bytes;
                for arg in self.args(&t.args)? {
                    read = read.saturating_add(arg.shape.bound().bytes);
                }
                self.charge(read)?;
                Shape::Value(Bound::flag())
            }
            Expr::GetAttr(g) => self.get_attr(g)?,
            Expr::GetItem(g) => self.get_item(g)?,
            Expr::Call(c) => self.call(c)?,
            Expr::List(l) => self.literal(l.items.iter().map(|item| (None, item)), "a list")?,
            Expr::Map(m) => {
                let pairs = m.keys.iter().map(Some).zip(&m.values);
                self.literal(pairs, "a map")?
            }
        };
        self.depth -= 1;
        self.charge(1)?;
        self.line = outer_line;
        Ok(shape)
    }

    /// `base[start:stop:step]`: of a list, the same items; of a string, a new string.
    fn slice(&mut self, s: &ast::Slice<'s>) -> Checked<Shape> {
        let base = self.expr(&s.expr)?;
        for part in [&s.start, &s.stop, &s.step].into_iter().flatten() {
            self.expr(part)?;
        }
        let b = base.bound();
        let fresh = match base {
            Shape::List { .. } | Shape::Record(_) => b.items.saturating_mul(SLOT_BYTES),
            Shape::Value(_) => b.bytes.max(b.items.saturating_mul(SLOT_BYTES)),
        };
        self.build(fresh, "a slice")?;
        Ok(base)
    }

    /// `base["name"]` is `base.name`; any other subscript is one of its items.
    fn get_item(&mut self, g: &ast::GetItem<'s>) -> Checked<Shape> {
        let base = self.expr(&g.expr)?;
        Ok(match &g.subscript_expr {
            Expr::Const(c) if c.value.as_str().is_some() => {
                base.attr(c.value.as_str().unwrap_or_default())
            }
            other => {
                self.expr(other)?;
                base.item()
            }
        })
    }

    /// A list literal (no keys) or a map literal: the sum of its entries' text forms.
    fn literal<'e>(
        &mut self,
        entries: impl Iterator<Item = (Option<&'e Expr<'s>>, &'e Expr<'s>)>,
        what: &str,
    ) -> Checked<Shape>
    where
        's: 'e,
    {
        let mut total = Bound::list(0, Bound::ZERO);
        for (key, value) in entries {
            if let Some(key) = key {
                let k = self.expr(key)?.bound();
                total.bytes = total.bytes.saturating_add(nested(k.bytes));
            }
            let v = self.expr(value)?.bound();
            total.bytes = total.bytes.saturating_add(nested(v.bytes));
            total.items += 1;
            total.num = total.num.max(v.num);
        }
        self.build(total.items.saturating_mul(SLOT_BYTES), what)?;
        Ok(Shape::Value(total))
    }

    /// A variable: set by the template, else the page's, else undefined.
    pub(super) fn lookup(&self, name: &str) -> Shape {
        for scope in self.scopes.iter().rev() {
            if let Some((_, shape)) = scope.iter().rev().find(|(n, _)| *n == name) {
                return shape.clone();
            }
        }
        self.context.attr(name)
    }

    pub(super) fn bin_op(&mut self, b: &ast::BinOp<'s>) -> Checked<Shape> {
        let left = self.expr(&b.left)?;
        let right = self.expr(&b.right)?;
        let (l, r) = (left.bound(), right.bound());
        let number = |max: u64| Shape::Value(Bound::number(max));
        Ok(match b.op {
            BinOpKind::Eq
            | BinOpKind::Ne
            | BinOpKind::Lt
            | BinOpKind::Lte
            | BinOpKind::Gt
            | BinOpKind::Gte
            | BinOpKind::In => {
                self.charge(l.bytes.saturating_add(r.bytes))?;
                Shape::Value(Bound::flag())
            }
            BinOpKind::ScAnd | BinOpKind::ScOr => join_shapes(&left, &right),
            BinOpKind::Add => {
                let sum = Bound {
                    bytes: l.bytes.saturating_add(r.bytes),
                    items: l.items.saturating_add(r.items),
                    num: l.num.saturating_add(r.num),
                };
                self.build(sum.bytes, "this `+`")?;
                Shape::Value(sum)
            }
            BinOpKind::Sub => number(l.num.saturating_add(r.num)),
            BinOpKind::Mul => self.multiply(l, r)?,
            BinOpKind::Div | BinOpKind::FloorDiv => match &b.right {
                // Dividing by a whole literal >= 1 cannot grow the magnitude.
                Expr::Const(c) if c.value.as_i64().is_some_and(|d| d >= 1) => number(l.num),
                _ => number(u64::MAX),
            },
            BinOpKind::Rem => number(r.num),
            BinOpKind::Pow => number(constant_power(&b.left, &b.right)),
            BinOpKind::Concat => {
                let bytes = l.bytes.saturating_add(r.bytes);
                self.build(bytes, "this `~`")?;
                Shape::text(bytes)
            }
        })
    }

    /// `*`: numbers multiply; a string or a list repeats as often as the other side's
    /// magnitude (`'x' * 100000000` is 100 MB).
    fn multiply(&mut self, l: Bound, r: Bound) -> Checked<Shape> {
        let repeat = |v: Bound, count: u64| {
            if v.items > 0 {
                v.bytes.saturating_mul(count)
            } else {
                0
            }
        };
        let bytes = repeat(l, r.num).max(repeat(r, l.num));
        self.build(bytes, "this `*`")?;
        Ok(Shape::Value(Bound {
            bytes: bytes.max(NUMBER_BYTES),
            items: l
                .items
                .saturating_mul(r.num)
                .max(r.items.saturating_mul(l.num)),
            num: l.num.saturating_mul(r.num),
        }))
    }

    pub(super) fn get_attr(&mut self, g: &ast::GetAttr<'s>) -> Checked<Shape> {
        if let Expr::Var(v) = &g.expr {
            if v.id == "loop" && !self.is_set("loop") {
                return Ok(self.loop_attr(g.name));
            }
        }
        Ok(self.expr(&g.expr)?.attr(g.name))
    }

    pub(super) fn is_set(&self, name: &str) -> bool {
        self.scopes
            .iter()
            .any(|scope| scope.iter().any(|(n, _)| *n == name))
    }

    /// `loop.index` and friends of the innermost loop.
    pub(super) fn loop_attr(&self, name: &str) -> Shape {
        let Some((n, item)) = self.loops.last() else {
            return Shape::Value(Bound::ZERO);
        };
        match name {
            "index" | "index0" | "revindex" | "revindex0" | "length" => {
                Shape::Value(Bound::count(*n))
            }
            "first" | "last" => Shape::Value(Bound::flag()),
            "previtem" | "nextitem" => item.clone(),
            "depth" | "depth0" => Shape::Value(Bound::count(1)),
            _ => Shape::Value(Bound::ZERO),
        }
    }

    pub(super) fn args(&mut self, args: &[CallArg<'s>]) -> Checked<Vec<Arg<'s>>> {
        let mut out = Vec::with_capacity(args.len());
        for arg in args {
            let (name, e) = match arg {
                CallArg::Pos(e) => (None, e),
                CallArg::Kwarg(name, e) => (Some(*name), e),
                CallArg::PosSplat(_) | CallArg::KwargSplat(_) => {
                    return self.refuse("`*args` and `**kwargs` are not available in login pages")
                }
            };
            let shape = self.expr(e)?;
            let literal = match e {
                Expr::Const(c) => Some(c.value.clone()),
                _ => None,
            };
            out.push(Arg {
                name,
                shape,
                literal,
            });
        }
        Ok(out)
    }

    pub(super) fn call(&mut self, c: &ast::Call<'s>) -> Checked<Shape> {
        let callee = c.identify_call();
        let in_loop = !self.loops.is_empty() && !self.is_set("loop");
        match callee {
            CallType::Function("range") if !self.is_set("range") => {
                let args = self.args(&c.args)?;
                if args.iter().any(|a| a.name.is_some()) || args.is_empty() || args.len() > 3 {
                    return self.refuse("`range()` takes one to three numbers");
                }
                let end = args
                    .iter()
                    .take(2)
                    .fold(0u64, |n, a| n.saturating_add(a.shape.bound().num));
                if end > MAX_LOOP {
                    return self.refuse(format!(
                        "`range()` can have up to {end} items{}; the limit is {MAX_LOOP}",
                        literal_note(&args)
                    ));
                }
                self.build(end.saturating_mul(SLOT_BYTES), "`range()`")?;
                Ok(Shape::List {
                    len: end,
                    item: Box::new(Shape::Value(Bound::count(end))),
                })
            }
            CallType::Function("dict") if !self.is_set("dict") => {
                let args = self.args(&c.args)?;
                let mut total = Bound::list(0, Bound::ZERO);
                for arg in &args {
                    let b = arg.shape.bound();
                    total.bytes = total
                        .bytes
                        .saturating_add(nested(b.bytes))
                        .saturating_add(nested(64));
                    total.items += 1;
                }
                self.build(total.items.saturating_mul(SLOT_BYTES), "`dict()`")?;
                Ok(Shape::Value(total))
            }
            CallType::Method(Expr::Var(v), "cycle") if v.id == "loop" && in_loop => {
                let args = self.args(&c.args)?;
                Ok(args.iter().fold(Shape::Value(Bound::ZERO), |acc, a| {
                    join_shapes(&acc, &a.shape)
                }))
            }
            CallType::Method(Expr::Var(v), "changed") if v.id == "loop" && in_loop => {
                self.args(&c.args)?;
                Ok(Shape::Value(Bound::flag()))
            }
            _ => self.refuse(
                "calls are limited to `range()`, `dict()`, `loop.cycle()` and `loop.changed()` \
                 in login pages",
            ),
        }
    }
}

/// The magnitude of `x ** y` for two whole literals, else unbounded.
fn constant_power(x: &Expr<'_>, y: &Expr<'_>) -> u64 {
    match (x, y) {
        (Expr::Const(x), Expr::Const(y)) => x
            .value
            .as_i64()
            .zip(y.value.as_i64())
            .and_then(|(x, y)| x.unsigned_abs().checked_pow(u32::try_from(y).ok()?))
            .unwrap_or(u64::MAX),
        _ => u64::MAX,
    }
}
