//! Reading the document's bytes into JSON: every way the whole document can be wrong
//! becomes a problem at the root pointer `""` (empty, a byte order mark, not JSON,
//! trailing text, nested too deeply, too large), and a key given twice in one object
//! is a problem at its pointer instead of "the last one wins" (a second `issuer` or
//! `clientSecret` must never silently replace the first).

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::reader::Problems;
use crate::text::pointer_token;

/// Largest document read (every IdP with a 512 KiB CA bundle would not fit, but no real
/// configuration comes close; a larger one is refused before it is parsed).
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
/// serde_json's own nesting limit.
const MAX_NESTING: usize = 128;

/// The document as JSON, or `None` with the root problem recorded. Duplicate keys are
/// recorded as problems too (the value is still returned, so every other problem shows).
pub(super) fn read_document(json: &[u8], problems: &mut Problems) -> Option<Value> {
    if let Some(why) = whole_document_problem(json) {
        problems.add("", why);
        return None;
    }
    let state = RefCell::new(Walk::default());
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let parsed = Node { state: &state }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    match parsed {
        Ok(value) => {
            for pointer in state.into_inner().duplicates {
                problems.add(
                    &pointer,
                    "is given more than once in the same object; keep one (JSON readers \
                     disagree on which one wins)",
                );
            }
            Some(value)
        }
        Err(e) => {
            problems.add("", not_json(&e));
            None
        }
    }
}

fn whole_document_problem(json: &[u8]) -> Option<String> {
    if json.len() > MAX_DOCUMENT_BYTES {
        return Some(format!(
            "the document is {} bytes; at most {MAX_DOCUMENT_BYTES} bytes are read",
            json.len()
        ));
    }
    if json.iter().all(u8::is_ascii_whitespace) {
        return Some(
            "the document is empty: it must be a JSON object such as {\"schemaVersion\": 1, \
             \"idps\": [...]}"
                .into(),
        );
    }
    if json.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Some(
            "the document starts with a byte order mark (BOM): save it as UTF-8 without a BOM"
                .into(),
        );
    }
    if json.starts_with(&[0xFE, 0xFF]) || json.starts_with(&[0xFF, 0xFE]) {
        return Some("the document is UTF-16: save it as UTF-8".into());
    }
    None
}

/// serde_json's message says where; it never quotes the document (it may hold secrets).
fn not_json(e: &serde_json::Error) -> String {
    let at = format!("line {}, column {}", e.line(), e.column());
    let text = e.to_string();
    if text.starts_with("recursion limit exceeded") {
        format!("the document nests deeper than {MAX_NESTING} levels ({at})")
    } else if text.starts_with("trailing characters") {
        format!("the document has text after its end ({at}): only one JSON value is allowed")
    } else {
        // e.g. "EOF while parsing an object at line 3 column 1"
        let what = text.split(" at line ").next().unwrap_or("invalid JSON");
        format!("not valid JSON ({at}): {what}")
    }
}

/// The path to the value being read, and the duplicates found so far.
#[derive(Default)]
struct Walk {
    path: Vec<String>,
    duplicates: Vec<String>,
}

impl Walk {
    fn pointer(&self) -> String {
        self.path.iter().fold(String::new(), |mut p, token| {
            p.push('/');
            p.push_str(token);
            p
        })
    }
}

/// Builds a `serde_json::Value` like serde_json does, noting duplicate keys.
#[derive(Clone, Copy)]
struct Node<'a> {
    state: &'a RefCell<Walk>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.state.borrow_mut().path.push(items.len().to_string());
            let item = seq.next_element_seed(self);
            self.state.borrow_mut().path.pop();
            match item? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.state.borrow_mut().path.push(pointer_token(&key));
            let value = map.next_value_seed(self);
            let mut state = self.state.borrow_mut();
            if object.contains_key(&key) {
                let pointer = state.pointer();
                state.duplicates.push(pointer);
            }
            state.path.pop();
            drop(state);
            object.insert(key, value?);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_problem(json: &[u8]) -> String {
        let mut problems = Problems::default();
        assert!(read_document(json, &mut problems).is_none());
        assert_eq!(problems.0.len(), 1);
        assert_eq!(problems.0[0].pointer, "");
        problems.0[0].message.clone()
    }

    #[test]
    fn read_document_when_whole_document_wrong_then_one_root_problem_saying_why() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let cases: [(&[u8], &str); 7] = [
            (b"", "empty"),
            (b"  \n", "empty"),
            (b"\xEF\xBB\xBF{}", "byte order mark"),
            (b"{\"a\": 1} x", "text after its end"),
            (b"{\"a\": ", "not valid JSON (line 1, column 6)"),
            (deep.as_bytes(), "deeper than 128"),
            (b"{\"a\": \"\xff\"}", "not valid JSON"),
        ];
        for (json, expected) in cases {
            let why = root_problem(json);
            assert!(
                why.contains(expected),
                "{:?}: {why}",
                String::from_utf8_lossy(json)
            );
        }
    }

    #[test]
    fn read_document_when_key_repeated_then_problem_at_its_pointer_at_every_level() {
        let json = br#"{"a": 1, "idps": [{"issuer": "x", "http": {"t": 1, "t": 2}, "issuer": "y"}], "a": 2}"#;
        let mut problems = Problems::default();
        let value = read_document(json, &mut problems).expect("still JSON");
        let pointers: Vec<_> = problems.0.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/idps/0/http/t", "/idps/0/issuer", "/a"]);
        assert_eq!(value["idps"][0]["http"]["t"], 2);
    }

    #[test]
    fn read_document_when_key_has_slash_then_pointer_escaped() {
        let mut problems = Problems::default();
        read_document(br#"{"a/b": 1, "a/b": 2}"#, &mut problems);
        assert_eq!(problems.0[0].pointer, "/a~1b");
    }
}
