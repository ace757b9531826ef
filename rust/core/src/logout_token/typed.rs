//! The fast path of a logout token's claims (issue 14, target b): the members the rules look
//! at, read in one pass into a typed struct that borrows its strings from the decoded payload
//! (no `serde_json::Map`, no `Value` per member).
//!
//! It only ever *accepts*: a payload whose members do not all have the type the rules want
//! (a `null`, a number for a string, a member twice, ...) does not parse as [`TypedClaims`], and
//! a typed token that breaks a rule gets `None` from [`TypedClaims::accept`]. In both cases the
//! caller runs the JSON-map rules of `logout_token.rs` on the same payload, which name the exact
//! problem, so every refusal keeps its code and message. The rules here are those rules
//! restated for valid types; `tests.rs` holds them equal on every refused variant.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::jose::plain_json::Reader;
use crate::jose::{once, ValidJson};

use super::{LogoutExpectations, LogoutTokenRef, BACKCHANNEL_LOGOUT_EVENT, MAX_ID_LEN};
use crate::text::has_control;

/// The members of a logout token's payload the rules read, each of its valid type.
#[derive(Debug, Default, PartialEq)]
pub(super) struct TypedClaims<'a> {
    pub iss: Option<Cow<'a, str>>,
    /// `aud` as a string (one element) or an array of strings.
    pub aud: Option<Audiences<'a>>,
    pub azp: Option<Cow<'a, str>>,
    pub iat: Option<f64>,
    pub exp: Option<f64>,
    /// `events` is an object; true when its back-channel logout member is an object.
    pub events: Option<bool>,
    pub sub: Option<Cow<'a, str>>,
    pub sid: Option<Cow<'a, str>>,
    pub jti: Option<Cow<'a, str>>,
    pub nonce: bool,
}

impl<'a> TypedClaims<'a> {
    /// `None` when the payload is not a JSON object whose read members all have their type.
    pub fn parse(payload: &'a [u8]) -> Option<TypedClaims<'a>> {
        serde_json::from_slice(payload).ok()
    }

    /// [`TypedClaims::parse`] by the strict reader (`jose/plain_json.rs`): `None` for whatever
    /// it does not take, and when it answers, [`TypedClaims::parse`] answers the same (the
    /// strings borrowed from the payload either way: the reader takes no escape).
    pub fn read_plain(payload: &'a [u8]) -> Option<TypedClaims<'a>> {
        let mut reader = Reader::new(payload)?;
        let mut claims = TypedClaims::default();
        let text = |reader: &mut Reader<'a>| reader.string().map(Cow::Borrowed);
        let number = |reader: &mut Reader<'a>| reader.integer().map(|n| n as f64);
        reader.begin_object()?;
        let mut first = true;
        while let Some(key) = reader.next_key(first)? {
            first = false;
            match key {
                "iss" => once(&mut claims.iss, text(&mut reader)?)?,
                "aud" => once(&mut claims.aud, read_audiences(&mut reader)?)?,
                "azp" => once(&mut claims.azp, text(&mut reader)?)?,
                "iat" => once(&mut claims.iat, number(&mut reader)?)?,
                "exp" => once(&mut claims.exp, number(&mut reader)?)?,
                "events" => once(&mut claims.events, read_events(&mut reader)?)?,
                "sub" => once(&mut claims.sub, text(&mut reader)?)?,
                "sid" => once(&mut claims.sid, text(&mut reader)?)?,
                "jti" => once(&mut claims.jti, text(&mut reader)?)?,
                "nonce" => {
                    reader.skip_value(1)?;
                    claims.nonce = true;
                }
                _ => reader.skip_value(1)?,
            }
        }
        reader.end()?;
        Some(claims)
    }

    /// The rules of `validate_parsed` after the signature; `None` when any is broken. The
    /// answer's strings are borrowed from these claims.
    pub fn accept(&self, expect: &LogoutExpectations<'_>) -> Option<LogoutTokenRef<'_>> {
        let who = &expect.audience;
        if self.iss.as_deref()? != who.issuer.as_str() {
            return None;
        }
        let aud = self.aud.as_ref().map(Audiences::as_slice);
        let aud = aud.filter(|aud| !aud.is_empty())?;
        if !aud.iter().any(|a| *a == who.client_id.as_str())
            || aud
                .iter()
                .any(|a| *a != who.client_id.as_str() && !who.trusted.iter().any(|t| t == a))
        {
            return None;
        }
        match self.azp.as_deref() {
            None if aud.len() > 1 => return None,
            Some(azp) if azp != who.client_id.as_str() => return None,
            _ => {}
        }
        let iat = self.iat?;
        if iat > (expect.now + expect.leeway) as f64
            || iat < (expect.now - expect.max_token_age - expect.leeway) as f64
        {
            return None;
        }
        if self
            .exp
            .is_some_and(|exp| exp <= (expect.now - expect.leeway) as f64)
        {
            return None;
        }
        if self.events != Some(true) || self.nonce {
            return None;
        }
        let sub = identifier(self.sub.as_deref())?;
        let sid = identifier(self.sid.as_deref())?;
        if sub.is_none() && sid.is_none() {
            return None;
        }
        let jti = identifier(self.jti.as_deref())??;
        let oldest_accepted = iat as i64 + expect.max_token_age;
        let exp = self.exp.map(|exp| exp as i64);
        Some(LogoutTokenRef {
            sub: sub.map(Cow::Borrowed),
            sid: sid.map(Cow::Borrowed),
            jti: Cow::Borrowed(jti),
            remember_until: exp.unwrap_or(oldest_accepted).min(oldest_accepted) + expect.leeway,
        })
    }
}

/// `aud` by the strict reader: a string, or an array of strings only.
fn read_audiences<'a>(reader: &mut Reader<'a>) -> Option<Audiences<'a>> {
    if reader.peek_token()? == b'"' {
        return reader
            .string()
            .map(|aud| Audiences::One(Cow::Borrowed(aud)));
    }
    reader.begin_array()?;
    let mut all = Vec::new();
    while reader.next_element(all.is_empty())? {
        all.push(Cow::Borrowed(reader.string()?));
    }
    Some(Audiences::Array(all))
}

/// `events` by the strict reader: an object; `true` when its back-channel logout member is an
/// object too (read at most once).
fn read_events(reader: &mut Reader<'_>) -> Option<bool> {
    reader.begin_object()?;
    let mut logout = None;
    let mut first = true;
    while let Some(key) = reader.next_key(first)? {
        first = false;
        if key == BACKCHANNEL_LOGOUT_EVENT {
            let is_object = reader.peek_token()? == b'{';
            reader.skip_value(2)?;
            once(&mut logout, is_object)?;
        } else {
            reader.skip_value(2)?;
        }
    }
    Some(logout == Some(true))
}

/// `Some(None)` when absent, `Some(Some(_))` when valid, `None` when present but not
/// 1 to 255 printable characters.
fn identifier(value: Option<&str>) -> Option<Option<&str>> {
    match value {
        None => Some(None),
        Some(s) if !s.is_empty() && s.len() <= MAX_ID_LEN && !has_control(s) => Some(Some(s)),
        Some(_) => None,
    }
}

/// A member read twice, or of another type: not the fast path's payload.
fn not_typed<E: de::Error>() -> E {
    E::custom("not the typed logout token payload")
}

fn set_once<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(not_typed());
    }
    Ok(())
}

impl<'de: 'a, 'a> Deserialize<'de> for TypedClaims<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ClaimsVisitor(std::marker::PhantomData))
    }
}

struct ClaimsVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ClaimsVisitor<'a> {
    type Value = TypedClaims<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a logout token payload")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut claims = TypedClaims::default();
        while let Some(key) = map.next_key::<Text<'de>>()? {
            match key.0.as_ref() {
                "iss" => {
                    set_once::<_, M::Error>(&mut claims.iss, map.next_value::<Text<'de>>()?.0)?
                }
                "aud" => {
                    set_once::<_, M::Error>(&mut claims.aud, map.next_value::<Audiences<'de>>()?)?
                }
                "azp" => {
                    set_once::<_, M::Error>(&mut claims.azp, map.next_value::<Text<'de>>()?.0)?
                }
                "iat" => set_once::<_, M::Error>(&mut claims.iat, map.next_value::<f64>()?)?,
                "exp" => set_once::<_, M::Error>(&mut claims.exp, map.next_value::<f64>()?)?,
                "events" => {
                    set_once::<_, M::Error>(&mut claims.events, map.next_value::<Events>()?.0)?
                }
                "sub" => {
                    set_once::<_, M::Error>(&mut claims.sub, map.next_value::<Text<'de>>()?.0)?
                }
                "sid" => {
                    set_once::<_, M::Error>(&mut claims.sid, map.next_value::<Text<'de>>()?.0)?
                }
                "jti" => {
                    set_once::<_, M::Error>(&mut claims.jti, map.next_value::<Text<'de>>()?.0)?
                }
                "nonce" => {
                    map.next_value::<ValidJson>()?;
                    claims.nonce = true;
                }
                _ => {
                    map.next_value::<ValidJson>()?;
                }
            }
        }
        Ok(claims)
    }
}

/// A JSON string, borrowed from the payload unless it has escapes; nothing else (not `null`).
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor(std::marker::PhantomData))
    }
}

/// `aud`: a string (held without a `Vec`), or an array of strings only.
#[derive(Debug, PartialEq)]
pub(super) enum Audiences<'a> {
    One(Cow<'a, str>),
    Array(Vec<Cow<'a, str>>),
}

impl<'a> Audiences<'a> {
    pub fn as_slice(&self) -> &[Cow<'a, str>] {
        match self {
            Audiences::One(aud) => std::slice::from_ref(aud),
            Audiences::Array(all) => all,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Audiences<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AudVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for AudVisitor<'a> {
            type Value = Audiences<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Audiences<'a>, E> {
                Ok(Audiences::One(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Audiences<'a>, E> {
                Ok(Audiences::One(Cow::Owned(v.to_owned())))
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Audiences<'a>, S::Error> {
                let mut all = Vec::with_capacity(seq.size_hint().unwrap_or(2).min(16));
                while let Some(text) = seq.next_element::<Text<'de>>()? {
                    all.push(text.0);
                }
                Ok(Audiences::Array(all))
            }
        }
        deserializer.deserialize_any(AudVisitor(std::marker::PhantomData))
    }
}

/// `events`: an object; `true` when its back-channel logout member is an object too.
struct Events(bool);

impl<'de> Deserialize<'de> for Events {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EventsVisitor;
        impl<'de> Visitor<'de> for EventsVisitor {
            type Value = Events;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Events, M::Error> {
                let mut logout: Option<bool> = None;
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    if key.0 == BACKCHANNEL_LOGOUT_EVENT {
                        set_once::<_, M::Error>(&mut logout, map.next_value::<Object>()?.0)?;
                    } else {
                        map.next_value::<ValidJson>()?;
                    }
                }
                Ok(Events(logout == Some(true)))
            }
        }
        deserializer.deserialize_map(EventsVisitor)
    }
}

/// Whether a value is a JSON object (its members skipped); any other value is `false`.
struct Object(bool);

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Object;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Object, M::Error> {
                while map.next_entry::<ValidJson, ValidJson>()?.is_some() {}
                Ok(Object(true))
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Object, S::Error> {
                while seq.next_element::<ValidJson>()?.is_some() {}
                Ok(Object(false))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Object, E> {
                Ok(Object(false))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Object, E> {
                Ok(Object(false))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Object, E> {
                Ok(Object(false))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Object, E> {
                Ok(Object(false))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Object, E> {
                Ok(Object(false))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Object, E> {
                Ok(Object(false))
            }
        }
        deserializer.deserialize_any(ObjectVisitor)
    }
}
