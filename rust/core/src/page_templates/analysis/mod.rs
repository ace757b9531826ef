//! The check of an admin's parsed template before minijinja compiles it: an allowlisted
//! subset of the language (docs/login-pages.md, "What a template may do"), and an upper
//! bound on everything a render can build, read and write.
//!
//! Every expression gets a [`Shape`] (its bounds); every value a node builds is
//! "fresh" memory and must stay within [`MAX_VALUE_BYTES`]; the variables a template
//! sets may hold [`MAX_SET_BYTES`] together; loops run at most [`MAX_LOOP`] times and
//! multiply the work of their body; the total work stays within [`MAX_WORK`]. Because a
//! `set` inside a loop does not survive to the next iteration (minijinja scopes it to
//! the iteration; `tests.rs` holds it to that) and `namespace()` is not available, no
//! value can grow from one iteration to the next: the bounds compose.

mod expressions;
mod filters;

use minijinja::machinery::ast::{self, Expr, Stmt};
use minijinja::Value;

use super::bounds::{Bound, Shape};
use super::{MAX_LOOP, MAX_NESTING, MAX_SET_BYTES, MAX_VALUE_BYTES, MAX_WORK, STYLE_PARTIAL};

/// Why a template is refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub(super) line: u16,
    pub(super) message: String,
}

/// What the check computed (the tests print it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Report {
    /// Upper bound of the page's length.
    pub(super) output: u64,
    /// Upper bound of the work of one render.
    pub(super) work: u64,
}

/// HTML escaping grows a byte to at most 6 (`&quot;`, `&#x27;`, `&#x2f;`).
const ESCAPE_FACTOR: u64 = 6;
/// Case mapping grows a UTF-8 byte to at most 3 (`ΐ` is 2 bytes, `Ϊ́` 6).
const CASE_FACTOR: u64 = 3;
/// A slot of a new list or map.
const SLOT_BYTES: u64 = 32;
/// Sorting and de-duplicating compare each item about log2(1000) times.
const SORT_FACTOR: u64 = 10;

/// Names a template may not assign: the functions and the loop object.
const RESERVED: [&str; 8] = [
    "loop",
    "range",
    "dict",
    "namespace",
    "self",
    "super",
    "caller",
    "varargs",
];

/// Checks the parsed template; `context` is the shape of the page's variables.
pub(super) fn check(
    template: &Stmt<'_>,
    context: &Shape,
    style_bytes: u64,
) -> Result<Report, Refusal> {
    let mut a = Analyser {
        context,
        style_bytes,
        scopes: vec![Vec::new()],
        loops: Vec::new(),
        frames: vec![Frame { out: 0, mult: 1 }],
        mult: 1,
        work: 0,
        fresh: 0,
        set_bytes: 0,
        depth: 0,
        line: 1,
        piped: None,
    };
    a.stmt(template)?;
    Ok(Report {
        output: a.frames[0].out,
        work: a.work,
    })
}

type Checked<T> = Result<T, Refusal>;

/// Output collected at one level: the page, or a block captured into a value.
#[derive(Debug, Clone, Copy)]
struct Frame {
    out: u64,
    /// How often this level's statements run per run of the level (loops inside it).
    mult: u64,
}

struct Analyser<'s, 'c> {
    context: &'c Shape,
    style_bytes: u64,
    /// Variables set by the template, innermost scope last.
    scopes: Vec<Vec<(&'s str, Shape)>>,
    /// Enclosing loops: iterations and item.
    loops: Vec<(u64, Shape)>,
    frames: Vec<Frame>,
    /// How often the current statement runs per render.
    mult: u64,
    work: u64,
    /// Fresh bytes built so far (one execution each).
    fresh: u64,
    set_bytes: u64,
    depth: usize,
    line: u16,
    /// The captured block a `{% filter %}` or `{% set %}...{% endset %}` filter applies to.
    piped: Option<Shape>,
}

/// One argument of a filter or a call.
struct Arg<'s> {
    name: Option<&'s str>,
    shape: Shape,
    /// The literal, when the argument is one.
    literal: Option<Value>,
}

impl<'s> Analyser<'s, '_> {
    fn refuse<T>(&self, message: impl Into<String>) -> Checked<T> {
        Err(Refusal {
            line: self.line,
            message: message.into(),
        })
    }

    fn nest(&mut self) -> Checked<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.refuse(format!(
                "statements and expressions are nested more than {MAX_NESTING} deep"
            ));
        }
        Ok(())
    }

    /// Work of `bytes`, done each time the current statement runs.
    fn charge(&mut self, bytes: u64) -> Checked<()> {
        self.work = self
            .work
            .saturating_add(bytes.max(1).saturating_mul(self.mult));
        if self.work > MAX_WORK {
            return self.refuse(format!(
                "rendering can take more than {MAX_WORK} units of work (bytes built, read \
                 and written, times the loops around them); use fewer or smaller loops and \
                 values"
            ));
        }
        Ok(())
    }

    /// A value built by the current node: its size is capped. The compiler folds
    /// constant expressions once per enclosing node, hence the depth.
    fn build(&mut self, bytes: u64, what: &str) -> Checked<()> {
        if bytes > MAX_VALUE_BYTES {
            return self.refuse(format!(
                "{what} can build a value of up to {bytes} bytes; the limit is \
                 {MAX_VALUE_BYTES} bytes"
            ));
        }
        self.fresh = self.fresh.saturating_add(bytes);
        let folds = u64::try_from(self.depth).unwrap_or(u64::MAX);
        self.work = self.work.saturating_add(bytes.saturating_mul(folds));
        self.charge(bytes)
    }

    fn emit(&mut self, bytes: u64) -> Checked<()> {
        let frame = self.frames.last_mut().expect("the page frame");
        frame.out = frame.out.saturating_add(bytes.saturating_mul(frame.mult));
        self.charge(bytes)
    }

    fn stmts(&mut self, body: &[Stmt<'s>]) -> Checked<()> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, stmt: &Stmt<'s>) -> Checked<()> {
        self.nest()?;
        let outer_line = std::mem::replace(&mut self.line, stmt_line(stmt));
        match stmt {
            Stmt::Template(t) => self.stmts(&t.children)?,
            Stmt::EmitRaw(raw) => self.emit(super::bounds::len(raw.raw.len()))?,
            Stmt::EmitExpr(e) => {
                let shown = self.expr(&e.expr)?.bound().bytes;
                self.emit(shown.saturating_mul(ESCAPE_FACTOR))?;
            }
            Stmt::ForLoop(f) => self.for_loop(f)?,
            Stmt::IfCond(c) => self.if_cond(c)?,
            Stmt::WithBlock(w) => {
                self.scopes.push(Vec::new());
                for (target, value) in &w.assignments {
                    let shape = self.kept(value)?;
                    self.assign(target, shape)?;
                }
                self.stmts(&w.body)?;
                self.scopes.pop();
            }
            Stmt::Set(s) => {
                let shape = self.kept(&s.expr)?;
                self.assign(&s.target, shape)?;
            }
            Stmt::SetBlock(s) => {
                let before = self.fresh;
                let captured = self.capture(&s.body)?;
                let shape = match &s.filter {
                    Some(filter) => self.apply_piped(filter, captured)?,
                    None => captured,
                };
                self.keep(self.fresh.saturating_sub(before))?;
                self.assign(&s.target, shape)?;
            }
            Stmt::AutoEscape(a) => {
                self.expr(&a.enabled)?;
                self.stmts(&a.body)?;
            }
            Stmt::FilterBlock(f) => {
                let captured = self.capture(&f.body)?;
                let shown = self.apply_piped(&f.filter, captured)?.bound().bytes;
                self.emit(shown.saturating_mul(ESCAPE_FACTOR))?;
            }
            Stmt::Block(b) => {
                self.scopes.push(Vec::new());
                self.stmts(&b.body)?;
                self.scopes.pop();
            }
            Stmt::Include(i) => self.include(i)?,
            Stmt::Extends(_) => self.refuse(
                "`extends` is not available in login pages; write the whole page (the \
                 built-in ones are in docs/login-pages.md)",
            )?,
            Stmt::Import(_) | Stmt::FromImport(_) => {
                self.refuse("`import` is not available in login pages")?
            }
            Stmt::Do(_) => self.refuse("`do` is not available in login pages")?,
        }
        self.depth -= 1;
        self.line = outer_line;
        Ok(())
    }

    /// `{% for %}`: its body runs at most as often as the iterable has items.
    fn for_loop(&mut self, f: &ast::ForLoop<'s>) -> Checked<()> {
        if f.recursive {
            return self.refuse("recursive loops are not available in login pages");
        }
        let iterable = self.expr(&f.iter)?;
        let n = iterable.iterations();
        if n > MAX_LOOP {
            return self.refuse(format!(
                "this loop can run up to {n} times; the limit is {MAX_LOOP}"
            ));
        }
        let item = iterable.item();
        self.scopes.push(Vec::new());
        self.bind(&f.target, item.clone())?;
        self.loops.push((n, item));
        let outer = self.mult;
        let outer_frame = self.frame_mult(|m| m.saturating_mul(n));
        self.mult = self.mult.saturating_mul(n);
        if let Some(filter) = &f.filter_expr {
            self.expr(filter)?;
        }
        self.stmts(&f.body)?;
        self.mult = outer;
        self.frame_mult(|_| outer_frame);
        self.loops.pop();
        self.scopes.pop();
        self.scopes.push(Vec::new());
        self.stmts(&f.else_body)?;
        self.scopes.pop();
        Ok(())
    }

    /// Changes the current frame's multiplier; returns the previous one.
    fn frame_mult(&mut self, change: impl FnOnce(u64) -> u64) -> u64 {
        let frame = self.frames.last_mut().expect("the page frame");
        let previous = frame.mult;
        frame.mult = change(previous);
        previous
    }

    /// `{% if %}`: variables set in either branch may hold either value afterwards.
    fn if_cond(&mut self, c: &ast::IfCond<'s>) -> Checked<()> {
        self.expr(&c.expr)?;
        let before = self.scopes.clone();
        self.stmts(&c.true_body)?;
        let after_true = std::mem::replace(&mut self.scopes, before);
        self.stmts(&c.false_body)?;
        for (level, vars) in after_true.into_iter().enumerate() {
            for (name, shape) in vars {
                let scope = &mut self.scopes[level];
                match scope.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, existing)) => *existing = join_shapes(existing, &shape),
                    None => scope.push((name, shape)),
                }
            }
        }
        Ok(())
    }

    fn include(&mut self, i: &ast::Include<'s>) -> Checked<()> {
        match &i.name {
            Expr::Const(c) if c.value.as_str() == Some(STYLE_PARTIAL) => {
                self.emit(self.style_bytes)
            }
            _ => self.refuse(format!(
                "login pages may include only \"{STYLE_PARTIAL}\" (the built-in style)"
            )),
        }
    }

    /// The output of `body`, captured into a value.
    fn capture(&mut self, body: &[Stmt<'s>]) -> Checked<Shape> {
        self.frames.push(Frame { out: 0, mult: 1 });
        self.stmts(body)?;
        let out = self.frames.pop().map_or(0, |f| f.out);
        self.build(out, "this block")?;
        Ok(Shape::text(out))
    }

    /// The value of an expression that a variable keeps.
    fn kept(&mut self, value: &Expr<'s>) -> Checked<Shape> {
        let before = self.fresh;
        let shape = self.expr(value)?;
        self.keep(self.fresh.saturating_sub(before))?;
        Ok(shape)
    }

    fn keep(&mut self, bytes: u64) -> Checked<()> {
        self.set_bytes = self.set_bytes.saturating_add(bytes);
        if self.set_bytes > MAX_SET_BYTES {
            return self.refuse(format!(
                "the variables this template sets can hold more than {MAX_SET_BYTES} bytes \
                 together"
            ));
        }
        Ok(())
    }

    fn assign(&mut self, target: &Expr<'s>, shape: Shape) -> Checked<()> {
        if let Expr::GetAttr(_) = target {
            return self.refuse(
                "assigning to an attribute (`namespace()` state) is not available in login \
                 pages",
            );
        }
        self.bind(target, shape)
    }

    /// Binds a name (or each name of a tuple) in the innermost scope.
    fn bind(&mut self, target: &Expr<'s>, shape: Shape) -> Checked<()> {
        match target {
            Expr::Var(v) => {
                if RESERVED.contains(&v.id) {
                    return self.refuse(format!("`{}` is reserved; use another name", v.id));
                }
                let scope = self.scopes.last_mut().expect("a scope");
                scope.retain(|(name, _)| *name != v.id);
                scope.push((v.id, shape));
                Ok(())
            }
            Expr::List(names) => {
                let item = shape.item();
                names
                    .items
                    .iter()
                    .try_for_each(|name| self.bind(name, item.clone()))
            }
            _ => self.refuse("only names (or a tuple of names) can be assigned"),
        }
    }
}

fn join_shapes(a: &Shape, b: &Shape) -> Shape {
    if a == b || b == &Shape::Value(Bound::ZERO) {
        a.clone()
    } else if a == &Shape::Value(Bound::ZERO) {
        b.clone()
    } else {
        Shape::Value(a.bound().join(b.bound()))
    }
}

fn stmt_line(stmt: &Stmt<'_>) -> u16 {
    let span = match stmt {
        Stmt::Template(s) => s.span(),
        Stmt::EmitExpr(s) => s.span(),
        Stmt::EmitRaw(s) => s.span(),
        Stmt::ForLoop(s) => s.span(),
        Stmt::IfCond(s) => s.span(),
        Stmt::WithBlock(s) => s.span(),
        Stmt::Set(s) => s.span(),
        Stmt::SetBlock(s) => s.span(),
        Stmt::AutoEscape(s) => s.span(),
        Stmt::FilterBlock(s) => s.span(),
        Stmt::Block(s) => s.span(),
        Stmt::Import(s) => s.span(),
        Stmt::FromImport(s) => s.span(),
        Stmt::Extends(s) => s.span(),
        Stmt::Include(s) => s.span(),
        Stmt::Do(s) => s.span(),
    };
    span.start_line
}
