//! A small reader over `serde_json::Value` that records every problem (with its JSON
//! pointer) instead of stopping at the first, and reports unknown fields.

use serde_json::{Map, Value};

use super::ConfigProblem;
use crate::text::{pointer_token, quote_json};

/// Most problems listed; the rest are counted (a hostile document with 500,000 wrong
/// fields must not produce an answer of hundreds of megabytes).
pub const MAX_PROBLEMS: usize = 100;
/// Longest pointer shown (a key can be megabytes long).
const MAX_POINTER_CHARS: usize = 300;

/// The problems found so far: the first [`MAX_PROBLEMS`], and how many more.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub(crate) Vec<ConfigProblem>, usize);

impl Problems {
    pub(crate) fn add(&mut self, pointer: &str, message: impl Into<String>) {
        if self.0.len() >= MAX_PROBLEMS {
            self.1 += 1;
            return;
        }
        self.0.push(ConfigProblem {
            pointer: shown_pointer(pointer),
            message: message.into(),
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True once [`MAX_PROBLEMS`] are listed: callers may skip composing messages.
    pub(crate) fn is_full(&self) -> bool {
        self.0.len() >= MAX_PROBLEMS
    }

    /// Counts a problem that would not be listed anyway.
    pub(crate) fn omit(&mut self) {
        self.1 += 1;
    }

    /// The list, ending with one line that counts the problems left out.
    pub(crate) fn into_list(self) -> Vec<ConfigProblem> {
        let Problems(mut list, omitted) = self;
        if omitted > 0 {
            list.push(ConfigProblem {
                pointer: String::new(),
                message: format!(
                    "... and {omitted} more problems (only the first {MAX_PROBLEMS} are \
                     listed); fix these and validate again"
                ),
            });
        }
        list
    }
}

/// A pointer as shown: control characters escaped (it may reach a log line) and cut
/// after [`MAX_POINTER_CHARS`] characters.
fn shown_pointer(pointer: &str) -> String {
    if pointer.len() <= MAX_POINTER_CHARS && !pointer.chars().any(char::is_control) {
        return pointer.to_string();
    }
    let mut out = String::new();
    for (shown, c) in pointer.chars().enumerate() {
        if shown == MAX_POINTER_CHARS {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The JSON type of a value, as the admin would call it.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One JSON object being read. Every field read is remembered; [`Object::finish`]
/// reports the others as unknown (a typo must never be silently ignored).
pub(crate) struct Object<'a> {
    map: &'a Map<String, Value>,
    pointer: String,
    known: Vec<&'static str>,
}

impl<'a> Object<'a> {
    /// `None` (and a problem) when `value` is not an object.
    pub(crate) fn new(value: &'a Value, pointer: &str, problems: &mut Problems) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Object {
                map,
                pointer: pointer.to_string(),
                known: Vec::new(),
            }),
            other => {
                problems.add(
                    pointer,
                    format!("must be a JSON object, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// The pointer of one field of this object.
    pub(crate) fn at(&self, key: &str) -> String {
        format!("{}/{}", self.pointer, pointer_token(key))
    }

    /// The field's value; `null` counts as absent.
    pub(crate) fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The field's value without marking it read (it is read elsewhere); `null` counts
    /// as absent.
    pub(crate) fn peek(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// True when the field is present and not `null`.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    /// A string field. Required fields report their absence.
    pub(crate) fn string(
        &mut self,
        key: &'static str,
        required: bool,
        problems: &mut Problems,
    ) -> Option<String> {
        match self.get(key) {
            None if required => {
                problems.add(&self.at(key), "is required");
                None
            }
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => {
                problems.add(&self.at(key), "must not be empty");
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                let found = type_name(other);
                problems.add(&self.at(key), format!("must be a string, found {found}"));
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, key: &'static str, default: bool, p: &mut Problems) -> bool {
        match self.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let found = type_name(other);
                p.add(
                    &self.at(key),
                    format!("must be true or false, found {found}"),
                );
                default
            }
        }
    }

    /// A whole number in `min..=max`, `default` when absent.
    pub(crate) fn integer(
        &mut self,
        key: &'static str,
        default: u64,
        (min, max): (u64, u64),
        problems: &mut Problems,
    ) -> u64 {
        let Some(value) = self.get(key) else {
            return default;
        };
        match value.as_u64() {
            Some(n) if (min..=max).contains(&n) => n,
            _ => {
                problems.add(
                    &self.at(key),
                    format!(
                        "must be a whole number from {min} to {max}, found {}",
                        quote_json(value)
                    ),
                );
                default
            }
        }
    }

    /// A whole number in `min..=max`, `None` when absent (or wrong, with a problem).
    pub(crate) fn optional_integer(
        &mut self,
        key: &'static str,
        (min, max): (u64, u64),
        problems: &mut Problems,
    ) -> Option<u64> {
        let value = self.get(key)?;
        match value.as_u64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                problems.add(
                    &self.at(key),
                    format!(
                        "must be a whole number from {min} to {max}, found {}",
                        quote_json(value)
                    ),
                );
                None
            }
        }
    }

    /// An array of strings, each with its pointer. `None` when absent or wrong.
    pub(crate) fn strings(
        &mut self,
        key: &'static str,
        problems: &mut Problems,
    ) -> Option<Vec<(String, String)>> {
        let at = self.at(key);
        match self.get(key)? {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push((s.clone(), format!("{at}/{i}"))),
                        other => problems.add(
                            &format!("{at}/{i}"),
                            format!("must be a string, found {}", type_name(other)),
                        ),
                    }
                }
                Some(out)
            }
            other => {
                let found = type_name(other);
                problems.add(&at, format!("must be an array of strings, found {found}"));
                None
            }
        }
    }

    /// Reports every field that was never read.
    pub(crate) fn finish(self, problems: &mut Problems) {
        for key in self.map.keys() {
            if self.known.iter().any(|k| k == key) {
                continue;
            }
            if problems.is_full() {
                problems.omit();
                continue;
            }
            let suggestion = closest(key, &self.known)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            problems.add(
                &self.at(key),
                format!(
                    "unknown field: {suggestion}known fields here are {}",
                    self.known.join(", ")
                ),
            );
        }
    }
}

/// The known field nearest to a typo, if it is close enough to be a likely typo.
pub(crate) fn closest<'k>(typo: &str, known: &[&'k str]) -> Option<&'k str> {
    let typo = typo.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&typo, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let replaced = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = replaced.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finish_when_field_misspelt_then_unknown_field_with_suggestion() {
        let doc = json!({"clientSecert": "x"});
        let mut problems = Problems::default();
        let mut obj = Object::new(&doc, "/idps/0", &mut problems).unwrap();
        obj.string("clientSecret", false, &mut problems);
        obj.finish(&mut problems);
        assert_eq!(problems.0.len(), 1);
        assert_eq!(problems.0[0].pointer, "/idps/0/clientSecert");
        assert!(problems.0[0]
            .message
            .contains("did you mean `clientSecret`"));
    }

    #[test]
    fn integer_when_fraction_or_out_of_range_then_problem() {
        let doc = json!({"a": 1.5, "b": 99, "c": 5});
        let mut problems = Problems::default();
        let mut obj = Object::new(&doc, "", &mut problems).unwrap();
        assert_eq!(obj.integer("a", 7, (1, 10), &mut problems), 7);
        assert_eq!(obj.integer("b", 7, (1, 10), &mut problems), 7);
        assert_eq!(obj.integer("c", 7, (1, 10), &mut problems), 5);
        let pointers: Vec<_> = problems.0.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/a", "/b"]);
    }

    #[test]
    fn edit_distance_when_one_transposition_then_two() {
        assert_eq!(edit_distance("issuer", "isseur"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
