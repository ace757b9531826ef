//! The fast path of a JWS header (issue 14, target b): the members the header rules read
//! (`alg`, `typ`, `cty`, `crit`, `kid`), read in one pass into a typed struct instead of a
//! `serde_json::Map` of `Value`s, from a header decoded into a stack buffer.
//!
//! Like the logout token's typed payload (`logout_token/typed.rs`) it only ever *accepts*: a
//! header whose read members do not all have their valid type (a `null`, a number for a string,
//! a member twice, an `alg` name we do not know, not an object) does not parse as
//! [`TypedHeader`], and a typed header that breaks a rule gets `None` from
//! [`TypedHeader::accept`]. In both cases the caller runs the JSON-map rules of `jose.rs` on the
//! same header, which name the exact problem, so every refusal keeps its code and message.
//! `tests.rs` holds the two paths equal on hostile headers.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::plain_json::Reader;
use super::{JwsHeaderRef, TokenType, MAX_KID_LEN};
use crate::text::has_control;
use crate::types::SigningAlg;

/// A header's `typ`, by what [`TokenType::accepts`] compares it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typ {
    Jwt,
    Logout,
    AccessToken,
    Other,
}

impl Typ {
    fn of(typ: &str) -> Typ {
        [
            (TokenType::Jwt, Typ::Jwt),
            (TokenType::Logout, Typ::Logout),
            (TokenType::Access { plain_jwt: false }, Typ::AccessToken),
        ]
        .into_iter()
        .find(|(kind, _)| kind.accepts(typ))
        .map_or(Typ::Other, |(_, typ)| typ)
    }

    fn suits(self, expected: TokenType) -> bool {
        match (self, expected) {
            (Typ::Jwt, TokenType::Jwt) | (Typ::Logout, TokenType::Logout) => true,
            (Typ::AccessToken, TokenType::Access { .. }) => true,
            (Typ::Jwt, TokenType::Access { plain_jwt }) => plain_jwt,
            _ => false,
        }
    }
}

/// The members of a header the rules read, each of its valid type.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TypedHeader {
    alg: Option<SigningAlg>,
    typ: Option<Typ>,
    kid: Option<Kid>,
    /// `cty` or `crit` is present (with any value): both are refused.
    refused_member: bool,
}

impl TypedHeader {
    /// `None` when the header is not a JSON object whose read members all have their type.
    pub fn parse(header: &[u8]) -> Option<TypedHeader> {
        serde_json::from_slice(header).ok()
    }

    /// [`TypedHeader::parse`] by the strict reader (`plain_json.rs`): `None` for whatever it
    /// does not take, and when it answers, [`TypedHeader::parse`] answers the same.
    pub fn read_plain(header: &[u8]) -> Option<TypedHeader> {
        let mut reader = Reader::new(header)?;
        let mut typed = TypedHeader::default();
        let (mut cty, mut crit) = (None, None);
        reader.begin_object()?;
        let mut first = true;
        while let Some(key) = reader.next_key(first)? {
            first = false;
            match key {
                "alg" => once(&mut typed.alg, SigningAlg::from_name(reader.string()?)?)?,
                "typ" => once(&mut typed.typ, Typ::of(reader.string()?))?,
                // Built in place: a `Kid` is 258 bytes.
                "kid" if typed.kid.is_none() => typed.kid = Some(Kid::new(reader.string()?)),
                "kid" => return None,
                "cty" => once(&mut cty, reader.skip_value(1)?)?,
                "crit" => once(&mut crit, reader.skip_value(1)?)?,
                _ => reader.skip_value(1)?,
            }
        }
        reader.end()?;
        typed.refused_member = cty.is_some() || crit.is_some();
        Some(typed)
    }

    /// The rules of `check_header_typed`; `None` when any is broken. The `kid` is borrowed
    /// from the typed header.
    pub fn accept(&self, allowed: &[SigningAlg], expected: TokenType) -> Option<JwsHeaderRef<'_>> {
        match self.typ {
            None if expected.requires_typ() => return None,
            Some(typ) if !typ.suits(expected) => return None,
            _ => {}
        }
        let alg = self.alg.filter(|alg| allowed.contains(alg))?;
        if self.refused_member {
            return None;
        }
        let kid = match self.kid.as_ref().map(Kid::as_str) {
            None => None,
            Some(Some(kid)) if !kid.is_empty() && !has_control(kid) => Some(kid.into()),
            // Longer than MAX_KID_LEN, empty or with a control character.
            Some(_) => return None,
        };
        Some(JwsHeaderRef { alg, kid })
    }
}

/// A member read twice, or of another type: not the fast path's header.
fn not_typed<E: de::Error>() -> E {
    E::custom("not the typed JWS header")
}

/// [`set_once`] for the strict reader: `None` for a member read twice.
pub(crate) fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    slot.replace(value).is_none().then_some(())
}

fn set_once<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(not_typed());
    }
    Ok(())
}

impl<'de> Deserialize<'de> for TypedHeader {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(HeaderVisitor)
    }
}

struct HeaderVisitor;

impl<'de> Visitor<'de> for HeaderVisitor {
    type Value = TypedHeader;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JWS header")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<TypedHeader, M::Error> {
        let mut header = TypedHeader::default();
        let (mut cty, mut crit) = (None, None);
        while let Some(key) = map.next_key::<Text>()? {
            match key.as_str() {
                "alg" => {
                    let alg = SigningAlg::from_name(map.next_value::<Text>()?.as_str())
                        .ok_or_else(not_typed::<M::Error>)?;
                    set_once::<_, M::Error>(&mut header.alg, alg)?;
                }
                "typ" => {
                    let typ = Typ::of(map.next_value::<Text>()?.as_str());
                    set_once::<_, M::Error>(&mut header.typ, typ)?;
                }
                "kid" => {
                    let kid = Kid::new(map.next_value::<Text>()?.as_str());
                    set_once::<_, M::Error>(&mut header.kid, kid)?;
                }
                "cty" => set_once::<_, M::Error>(&mut cty, map.next_value::<ValidJson>()?)?,
                "crit" => set_once::<_, M::Error>(&mut crit, map.next_value::<ValidJson>()?)?,
                _ => {
                    map.next_value::<ValidJson>()?;
                }
            }
        }
        header.refused_member = cty.is_some() || crit.is_some();
        Ok(header)
    }
}

/// A JSON string (a member name or value), borrowed from the header unless it has escapes;
/// nothing else (not `null`).
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
        }
    }
}

/// A `kid` of up to [`MAX_KID_LEN`] bytes held in the header itself (no allocation); a
/// longer one is only marked, since the rules refuse it anyway (through the map path).
#[derive(Clone, PartialEq, Eq)]
struct Kid {
    bytes: [u8; MAX_KID_LEN],
    /// `None` when the `kid` is longer than [`MAX_KID_LEN`].
    len: Option<u16>,
}

impl Kid {
    fn new(kid: &str) -> Kid {
        let mut bytes = [0; MAX_KID_LEN];
        let len = bytes.get_mut(..kid.len()).map(|slot| {
            slot.copy_from_slice(kid.as_bytes());
            kid.len() as u16
        });
        Kid { bytes, len }
    }

    /// The `kid`, `None` when it was too long to keep.
    fn as_str(&self) -> Option<&str> {
        let len = usize::from(self.len?);
        // Always UTF-8: copied whole from a `str`.
        std::str::from_utf8(&self.bytes[..len]).ok()
    }
}

impl fmt::Debug for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(kid) => fmt::Debug::fmt(kid, f),
            None => f.write_str("(longer than MAX_KID_LEN)"),
        }
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text::Owned(v))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// Any JSON value, skipped, but read as strictly as a `serde_json::Value` reads it: serde's
/// `IgnoredAny` lets serde_json skip strings without checking their UTF-8 or their `\u`
/// escapes (a lone surrogate) and numbers without checking their range (`1e400`), all of which
/// make the map path refuse the whole header. Skipping them here would accept a header the map
/// path refuses.
pub(crate) struct ValidJson;

impl<'de> Deserialize<'de> for ValidJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValidJsonVisitor)
    }
}

struct ValidJsonVisitor;

impl<'de> Visitor<'de> for ValidJsonVisitor {
    type Value = ValidJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<ValidJson, E> {
        Ok(ValidJson)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<ValidJson, E> {
        Ok(ValidJson)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<ValidJson, E> {
        Ok(ValidJson)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<ValidJson, E> {
        Ok(ValidJson)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<ValidJson, E> {
        Ok(ValidJson)
    }
    fn visit_unit<E: de::Error>(self) -> Result<ValidJson, E> {
        Ok(ValidJson)
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<ValidJson, S::Error> {
        while seq.next_element::<ValidJson>()?.is_some() {}
        Ok(ValidJson)
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<ValidJson, M::Error> {
        while map.next_entry::<Text, ValidJson>()?.is_some() {}
        Ok(ValidJson)
    }
}
