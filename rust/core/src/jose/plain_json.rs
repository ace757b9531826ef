//! A strict reader for the plain JSON of a JWS header and a logout token's claims (issue 14,
//! target b, `b-json`): the typed structs of `header.rs` and `logout_token/typed.rs` read
//! without serde's map walking and its UTF-8 check of each string, used only from the plain
//! path (`jose::parse_plain`).
//!
//! It reads a strict subset of JSON and *never* refuses on its own: whatever it does not take
//! it answers `None`, and the caller reads the same bytes with serde (the typed struct, then the
//! JSON map), which takes them or names the problem, so every answer and every refusal stays
//! what it is. What it takes: ASCII text only; strings without escapes (no `\`, no control
//! character, no byte past 0x7F); integers in the plain form (`0` or `-`? then `1`-`9` and at
//! most 15 digits in all: exact as `i64` and `f64`), no `-0`, no fraction or exponent;
//! `true`, `false`, `null`; arrays and objects nested at most [`MAX_DEPTH`] deep; the four JSON
//! white space bytes between tokens; nothing after the top-level object but white space.
//! The structs' own readers (`TypedHeader::read_plain`, `TypedClaims::read_plain`) refuse a
//! member they know read twice or of another type, exactly where the serde visitors refuse.

/// Arrays and objects inside the top-level object, deeper than the shapes need (the logout
/// event's object is at depth 2): anything deeper goes to serde.
pub(crate) const MAX_DEPTH: usize = 4;

/// The longest integer taken: 15 digits are exact in an `f64` (below 2^53).
const MAX_DIGITS: usize = 15;

/// A cursor over the text; every method answers `None` for what it does not take.
pub(crate) struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    /// `None` unless `bytes` is UTF-8 (checked once for the whole text; a byte past 0x7F is
    /// then refused wherever the reader meets it: in a string, or as a token).
    pub fn new(bytes: &'a [u8]) -> Option<Reader<'a>> {
        let text = std::str::from_utf8(bytes).ok()?;
        Some(Reader { text, at: 0 })
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The next byte after white space, consumed when it is `want`.
    fn eat(&mut self, want: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(want) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// The byte after white space, not consumed.
    pub fn peek_token(&mut self) -> Option<u8> {
        self.skip_ws();
        self.peek()
    }

    /// `{`, then [`Reader::next_key`] until it answers `Ok(None)`.
    pub fn begin_object(&mut self) -> Option<()> {
        self.eat(b'{').then_some(())
    }

    /// The next member's name (its `:` read), or `None` inside `Some` at the object's `}`.
    /// `first` is true for the first call on an object (no `,` before the member).
    pub fn next_key(&mut self, first: bool) -> Option<Option<&'a str>> {
        if self.eat(b'}') {
            // `{}` or the end after a member; `{"a":1,}` is refused below (no key after `,`).
            return Some(None);
        }
        if !first && !self.eat(b',') {
            return None;
        }
        let key = self.string()?;
        self.eat(b':').then_some(Some(key))
    }

    /// `[`, then [`Reader::next_element`] until it answers `Some(false)`.
    pub fn begin_array(&mut self) -> Option<()> {
        self.eat(b'[').then_some(())
    }

    /// Whether another element follows (its `,` read), `Some(false)` at the array's `]`.
    pub fn next_element(&mut self, first: bool) -> Option<bool> {
        if self.eat(b']') {
            return Some(false);
        }
        if !first && !self.eat(b',') {
            return None;
        }
        Some(true)
    }

    /// A string without escapes, control characters or bytes past 0x7F.
    pub fn string(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let rest = &self.text.as_bytes()[self.at..];
        // One short loop (member names and values are short: no `memchr` set-up per string).
        let len = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b))?;
        if rest[len] != b'"' {
            return None;
        }
        let s = &self.text[self.at..self.at + len];
        self.at += len + 1;
        Some(s)
    }

    /// An integer in the plain form (see the module's doc).
    pub fn integer(&mut self) -> Option<i64> {
        self.skip_ws();
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let bytes = self.text.as_bytes();
        while bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let digits = &bytes[start..self.at];
        match digits {
            [] => return None,
            // `0` alone (not `-0`, not `01`).
            [b'0'] if negative => return None,
            [b'0', _, ..] => return None,
            _ if digits.len() > MAX_DIGITS => return None,
            _ => {}
        }
        // A fraction or an exponent is left to serde.
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let value = digits
            .iter()
            .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
        Some(if negative { -value } else { value })
    }

    /// Any value the reader takes, skipped; `depth` arrays or objects already open around it.
    pub fn skip_value(&mut self, depth: usize) -> Option<()> {
        match self.peek_token()? {
            b'"' => self.string().map(drop),
            b'-' | b'0'..=b'9' => self.integer().map(drop),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            b'[' if depth < MAX_DEPTH => {
                self.begin_array()?;
                let mut first = true;
                while self.next_element(first)? {
                    self.skip_value(depth + 1)?;
                    first = false;
                }
                Some(())
            }
            b'{' if depth < MAX_DEPTH => {
                self.begin_object()?;
                let mut first = true;
                while self.next_key(first)?.is_some() {
                    self.skip_value(depth + 1)?;
                    first = false;
                }
                Some(())
            }
            _ => None,
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.at + word.len();
        if self.text.get(self.at..end)? != word {
            return None;
        }
        self.at = end;
        Some(())
    }

    /// Nothing but white space left.
    pub fn end(mut self) -> Option<()> {
        self.skip_ws();
        (self.at == self.text.len()).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(text: &str) -> Option<()> {
        let mut reader = Reader::new(text.as_bytes())?;
        reader.skip_value(0)?;
        reader.end()
    }

    #[test]
    fn skip_value_when_strict_subset_then_taken_else_none() {
        for taken in [
            r#""a b/c:d""#,
            "0",
            "-1",
            "123456789012345",
            "-123456789012345",
            "true",
            "false",
            "null",
            "[]",
            " [ 1 , \"x\" , [ ] ] ",
            r#"{"a":{"b":{"c":[]}}}"#,
            "\t\r\n{}\n",
            "\"\u{7f}\"",
        ] {
            assert_eq!(skip(taken), Some(()), "{taken:?}");
        }
        for left in [
            "",
            r#""a\"b""#,
            r#""\u0061""#,
            "\"a\u{1}\"",
            "\"é\"",
            "\"open",
            "-0",
            "01",
            "-",
            "1.0",
            "1e3",
            "1E3",
            "1234567890123456",
            "tru",
            "True",
            "nul",
            "[1,]",
            "[,1]",
            "[1 2]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":}"#,
            r#"{1:1}"#,
            "[[[[[]]]]]",
            r#"{"a":[{"b":[{}]}]}"#,
            "[] x",
            "\u{c}[]",
            "\u{a0}1",
        ] {
            assert_eq!(skip(left), None, "{left:?}");
        }
    }

    #[test]
    fn integer_when_plain_then_its_value() {
        for (text, value) in [
            ("0", 0),
            ("7", 7),
            ("-7", -7),
            ("1764345600", 1_764_345_600),
            ("999999999999999", 999_999_999_999_999),
        ] {
            let mut reader = Reader::new(text.as_bytes()).unwrap();
            assert_eq!(reader.integer(), Some(value), "{text}");
        }
    }
}
