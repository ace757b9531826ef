//! JWS Compact Serialization (RFC 7515 §7.1) and the header rules of RFC 8725:
//! compact form only, strict base64url, allowed `alg` only, no `crit` we do not
//! understand, never a key or key URL taken from the token itself.

use std::borrow::Cow;

use crate::Code;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};

use crate::text::{quote, quote_json};
use crate::types::SigningAlg;
use crate::Error;
use header::TypedHeader;
pub(crate) use header::{once, ValidJson};
pub(crate) use key::PublicKey;
pub use key::VerificationKey;

/// Larger tokens are refused before any decoding.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;
/// Longest `kid` accepted.
const MAX_KID_LEN: usize = 256;

/// A token split into its parts; nothing verified yet.
#[derive(Debug)]
pub struct CompactJws<'a> {
    pub header: Header<'a>,
    /// The payload's octets, on the stack up to [`PAYLOAD_INLINE`] bytes.
    pub payload: Octets<PAYLOAD_INLINE>,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: what the signature covers.
    pub signing_input: &'a str,
    /// The signature's octets (empty for an unsigned token), decoded once here.
    pub signature: Octets<SIGNATURE_INLINE>,
}

/// A token's header, parsed once: typed when every member the rules read has its valid type
/// (the fast path, `jose/header.rs`), else the JSON map, which the rules read to name a problem.
#[derive(Debug)]
// The typed header (its `kid` inline) stays on the stack on purpose: boxing it would be the
// very allocation it avoids, and a header is built once per token.
#[allow(clippy::large_enum_variant)]
pub enum Header<'a> {
    /// The typed header, and the header's base64url text to read the map from if a rule is
    /// broken (only then: a valid token never builds the map).
    Typed(TypedHeader, &'a [u8]),
    Map(Map<String, Value>),
}

/// Signatures up to this size (RSA 4096, every EC and HMAC one) are decoded on the stack.
const SIGNATURE_INLINE: usize = 512;
/// Headers up to this size (any real one) are decoded on the stack.
const HEADER_INLINE: usize = 512;
/// Payloads up to this size (any logout token, most ID tokens) are decoded on the stack,
/// larger ones (up to [`MAX_TOKEN_BYTES`]) on the heap.
pub const PAYLOAD_INLINE: usize = 1024;

/// Decoded bytes, on the stack up to `N` bytes, else on the heap (no input bound changes).
#[derive(Clone)]
pub enum Octets<const N: usize> {
    Inline([u8; N], usize),
    Heap(Vec<u8>),
}

impl<const N: usize> std::ops::Deref for Octets<N> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Octets::Inline(bytes, len) => &bytes[..*len],
            Octets::Heap(bytes) => bytes,
        }
    }
}

impl<const N: usize> std::fmt::Debug for Octets<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Octets").field(&&self[..]).finish()
    }
}

/// The header fields that matter once the header passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwsHeader {
    pub alg: SigningAlg,
    pub kid: Option<String>,
}

/// [`JwsHeader`] with the `kid` borrowed from the parsed header (owned only when the map
/// rules ran): what the signature step needs, without an allocation on the typed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwsHeaderRef<'h> {
    pub alg: SigningAlg,
    pub kid: Option<Cow<'h, str>>,
}

impl JwsHeaderRef<'_> {
    pub fn into_owned(self) -> JwsHeader {
        JwsHeader {
            alg: self.alg,
            kid: self.kid.map(Cow::into_owned),
        }
    }
}

fn malformed(what: &str, why: impl std::fmt::Display) -> Error {
    Error::auth(
        Code::MalformedIdToken,
        format!("the {what} is malformed: {why}"),
    )
}

/// Splits a compact JWS: exactly three parts, each strict base64url without padding.
pub fn parse_compact<'t>(token: &'t str, what: &str) -> Result<CompactJws<'t>, Error> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(malformed(
            what,
            format!("longer than {MAX_TOKEN_BYTES} bytes"),
        ));
    }
    if token.trim_start().starts_with('{') {
        // RFC 7515 §7.2: the JSON serialisation is never used by OpenID Connect.
        return Err(malformed(
            what,
            "it uses the JWS JSON serialisation; only the compact form is accepted",
        ));
    }
    let mut parts = token.splitn(3, '.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Err(wrong_part_count(token, what));
    };
    if signature_b64.contains('.') {
        return Err(wrong_part_count(token, what));
    }
    let header = decode_part::<HEADER_INLINE>(header_b64, "header", what)?;
    let payload = decode_part::<PAYLOAD_INLINE>(payload_b64, "payload", what)?;
    // An empty signature (an unsigned token) is refused by the `alg` check, with a
    // clearer message; the signature check would refuse it anyway.
    let signature = if signature_b64.is_empty() {
        Octets::Inline([0; SIGNATURE_INLINE], 0)
    } else {
        decode_part(signature_b64, "signature", what)?
    };
    let header = match TypedHeader::parse(&header) {
        Some(typed) => Header::Typed(typed, header_b64.as_bytes()),
        None => Header::Map(header_map(&header, what)?),
    };
    let signing_input = &token[..header_b64.len() + 1 + payload_b64.len()];
    Ok(CompactJws {
        header,
        payload,
        signing_input,
        signature,
    })
}

/// The parts of a split token, borrowed from wherever they were decoded: what the header
/// rules and the signature step read, the same for [`CompactJws`] and [`PlainJws`].
#[derive(Debug, Clone, Copy)]
pub struct JwsRef<'a> {
    pub header: &'a Header<'a>,
    pub payload: &'a [u8],
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: what the signature covers.
    pub signing_input: &'a [u8],
    pub signature: &'a [u8],
}

impl CompactJws<'_> {
    pub fn parts(&self) -> JwsRef<'_> {
        JwsRef {
            header: &self.header,
            payload: &self.payload,
            signing_input: self.signing_input.as_bytes(),
            signature: &self.signature,
        }
    }
}

/// Room for a token's decoded parts in the caller's frame, so that a [`PlainJws`] borrows
/// them where they are instead of moving kilobytes of stack buffers with the parsed token.
#[derive(Debug)]
pub struct JwsBuffers {
    header: [u8; HEADER_INLINE],
    payload: [u8; PAYLOAD_INLINE],
    signature: [u8; SIGNATURE_INLINE],
}

impl Default for JwsBuffers {
    fn default() -> Self {
        JwsBuffers {
            header: [0; HEADER_INLINE],
            payload: [0; PAYLOAD_INLINE],
            signature: [0; SIGNATURE_INLINE],
        }
    }
}

/// A token [`parse_plain`] split, its parts decoded into a [`JwsBuffers`].
#[derive(Debug)]
pub struct PlainJws<'a> {
    header: Header<'a>,
    payload: &'a [u8],
    signing_input: &'a [u8],
    signature: &'a [u8],
}

impl PlainJws<'_> {
    pub fn parts(&self) -> JwsRef<'_> {
        JwsRef {
            header: &self.header,
            payload: self.payload,
            signing_input: self.signing_input,
            signature: self.signature,
        }
    }
}

/// The fast path of [`parse_compact`] for a token's raw bytes (issue 14, target b): one pass
/// to find the two dots, each part decoded straight into `buffers`, no UTF-8 check of its own.
///
/// It only takes the plain case and answers `None` for anything else: a token longer than
/// [`MAX_TOKEN_BYTES`], a part that is empty, not strict unpadded base64url or larger than its
/// stack buffer, a header that is not the typed one. Then the caller checks the bytes as text
/// and runs [`parse_compact`], which names the problem (or takes the unusual token), so every
/// error keeps its code and message. When it answers, [`parse_compact`] on the same bytes (as
/// text, trimmed) gives the same parts: every byte is then a base64url character or one of
/// the two dots, so the text is ASCII with nothing to trim, does not start with `{`, and splits
/// into the same three parts, decoded by the same engine into buffers of the same sizes.
pub fn parse_plain<'a>(token: &'a [u8], buffers: &'a mut JwsBuffers) -> Option<PlainJws<'a>> {
    if token.len() > MAX_TOKEN_BYTES {
        return None;
    }
    let first = memchr::memchr(b'.', token)?;
    let second = first + 1 + memchr::memchr(b'.', &token[first + 1..])?;
    let (header_b64, payload_b64) = (&token[..first], &token[first + 1..second]);
    // A third dot is not a base64url character: the signature's decoding refuses it.
    let signature_b64 = &token[second + 1..];
    let JwsBuffers {
        header,
        payload,
        signature,
    } = buffers;
    let header = decode_plain(header_b64, header)?;
    let payload = decode_plain(payload_b64, payload)?;
    let signature = decode_plain(signature_b64, signature)?;
    let typed = TypedHeader::read_plain(header).or_else(|| TypedHeader::parse(header))?;
    let header = Header::Typed(typed, header_b64);
    Some(PlainJws {
        header,
        payload,
        signing_input: &token[..second],
        signature,
    })
}

/// Whether the strict reader agrees with serde on a header (for the tests and the fuzz
/// target): `None` when the reader leaves it to serde, else whether both read the same.
#[doc(hidden)]
pub(crate) fn plain_header_agrees(header: &[u8]) -> Option<bool> {
    TypedHeader::read_plain(header).map(|plain| Some(plain) == TypedHeader::parse(header))
}

/// Whether the strict reader reads a header (for the bench, through `fuzzing`).
pub(crate) fn read_plain_header(header: &[u8]) -> bool {
    std::hint::black_box(TypedHeader::read_plain(header)).is_some()
}

/// Whether serde reads a header into the typed struct (for the bench, through `fuzzing`).
pub(crate) fn read_serde_header(header: &[u8]) -> bool {
    std::hint::black_box(TypedHeader::parse(header)).is_some()
}

/// A non-empty part decoded into `buffer`, `None` when it does not fit (by [`decode_part`]'s
/// estimate) or is not strict unpadded base64url. Decoded by our own strict decoder
/// (`jose/base64url.rs`); what it refuses goes to the `base64` crate's engine, which
/// [`decode_part`] uses, so a part is taken exactly when that engine takes it.
fn decode_plain<'b, const N: usize>(part: &[u8], buffer: &'b mut [u8; N]) -> Option<&'b [u8]> {
    if part.is_empty() || part.len().div_ceil(4) * 3 > N {
        return None;
    }
    let len = base64url::decode(part, &mut buffer[..])
        .or_else(|| URL_SAFE_NO_PAD.decode_slice(part, &mut buffer[..]).ok())?;
    Some(&buffer[..len])
}

/// The plain path's base64url decoder (for the tests and the fuzz target, through `fuzzing`).
pub(crate) fn decode_base64url(input: &[u8], out: &mut [u8]) -> Option<usize> {
    base64url::decode(input, out)
}

fn wrong_part_count(token: &str, what: &str) -> Error {
    malformed(
        what,
        match token.split('.').count() {
            5 => "it is encrypted (JWE), which is not configured".to_string(),
            n => format!("{n} dot-separated parts instead of 3 (JWS compact form)"),
        },
    )
}

fn header_map(header: &[u8], what: &str) -> Result<Map<String, Value>, Error> {
    match serde_json::from_slice::<Value>(header) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(malformed(what, "the header is not a JSON object")),
    }
}

/// RFC 7515 §2: base64url without padding; anything else (`=`, `+`, `/`, spaces) is refused.
fn decode_vec(part: &[u8], name: &str, what: &str) -> Result<Vec<u8>, Error> {
    if part.is_empty() {
        return Err(malformed(what, format!("the {name} is empty")));
    }
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| malformed(what, format!("the {name} is not unpadded base64url")))
}

/// [`decode_vec`] into a stack buffer when the part fits in `N` bytes.
fn decode_part<const N: usize>(part: &str, name: &str, what: &str) -> Result<Octets<N>, Error> {
    // base64's own conservative estimate (3 octets per started 4 characters), so that a part
    // that fits never fails for want of room.
    if part.len().div_ceil(4) * 3 > N {
        return decode_vec(part.as_bytes(), name, what).map(Octets::Heap);
    }
    if part.is_empty() {
        return Err(malformed(what, format!("the {name} is empty")));
    }
    let mut bytes = [0; N];
    match URL_SAFE_NO_PAD.decode_slice(part, &mut bytes) {
        Ok(len) => Ok(Octets::Inline(bytes, len)),
        Err(_) => Err(malformed(
            what,
            format!("the {name} is not unpadded base64url"),
        )),
    }
}

/// Which `typ` a token of a slot may carry (RFC 8725 §3.11, explicit typing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    /// ID tokens and signed userinfo: `typ` absent, `JWT` or `application/jwt`.
    Jwt,
    /// Back-channel logout tokens (Back-Channel Logout 1.0 §2.4): `typ` absent or
    /// `logout+jwt` (`application/logout+jwt`).
    Logout,
    /// JWT access tokens (RFC 9068 §2.1): `typ` `at+jwt` (`application/at+jwt`), required;
    /// with `plain_jwt` also `JWT` or no `typ` (IdPs without RFC 9068).
    Access { plain_jwt: bool },
}

impl TokenType {
    fn accepts(self, typ: &str) -> bool {
        // RFC 7515 §4.1.9: the `application/` prefix may be omitted; compared case-insensitively.
        let short = typ
            .get(..12)
            .filter(|p| p.eq_ignore_ascii_case("application/"))
            .map_or(typ, |_| &typ[12..]);
        match self {
            TokenType::Jwt => short.eq_ignore_ascii_case("JWT"),
            TokenType::Logout => short.eq_ignore_ascii_case("logout+jwt"),
            TokenType::Access { plain_jwt } => {
                short.eq_ignore_ascii_case("at+jwt")
                    || (plain_jwt && short.eq_ignore_ascii_case("JWT"))
            }
        }
    }

    /// RFC 9068 §4: an access token without `typ` is refused unless plain JWTs are accepted.
    fn requires_typ(self) -> bool {
        matches!(self, TokenType::Access { plain_jwt: false })
    }

    fn expected(self) -> &'static str {
        match self {
            TokenType::Jwt => "`JWT`",
            TokenType::Logout => "`logout+jwt`",
            TokenType::Access { plain_jwt: false } => "`at+jwt`",
            TokenType::Access { plain_jwt: true } => "`at+jwt` or `JWT`",
        }
    }
}

/// The header checks, in the order a reviewer reads them.
pub fn check_header(
    header: &Header<'_>,
    allowed: &[SigningAlg],
    what: &str,
) -> Result<JwsHeader, Error> {
    check_header_typed(header, allowed, what, TokenType::Jwt)
}

/// [`check_header`] for a token whose `typ`, when present, must be `expected`.
pub fn check_header_typed(
    header: &Header<'_>,
    allowed: &[SigningAlg],
    what: &str,
    expected: TokenType,
) -> Result<JwsHeader, Error> {
    check_header_borrowed(header, allowed, what, expected).map(JwsHeaderRef::into_owned)
}

/// [`check_header_typed`] with the `kid` borrowed from `header`.
pub fn check_header_borrowed<'h>(
    header: &'h Header<'_>,
    allowed: &[SigningAlg],
    what: &str,
    expected: TokenType,
) -> Result<JwsHeaderRef<'h>, Error> {
    let owned = |header: JwsHeader| JwsHeaderRef {
        alg: header.alg,
        kid: header.kid.map(Cow::Owned),
    };
    match header {
        Header::Typed(typed, header_b64) => match typed.accept(allowed, expected) {
            Some(valid) => Ok(valid),
            // A rule is broken: the map's checks say which, with its code and message.
            None => {
                let header = header_map(&decode_vec(header_b64, "header", what)?, what)?;
                check_header_map(&header, allowed, what, expected).map(owned)
            }
        },
        Header::Map(header) => check_header_map(header, allowed, what, expected).map(owned),
    }
}

/// The header rules on the JSON map, in the order a reviewer reads them.
fn check_header_map(
    header: &Map<String, Value>,
    allowed: &[SigningAlg],
    what: &str,
    expected: TokenType,
) -> Result<JwsHeader, Error> {
    check_type(header, what, expected)?;
    let alg = check_alg(header, allowed, what)?;
    check_crit(header, what)?;
    // RFC 8725 §3.10: keys come only from the configured issuer's `jwks_uri` (or the
    // client secret for HMAC). `jku`, `x5u`, `jwk` and `x5c` are ignored: never fetched,
    // never used, and no reason to refuse a token signed with the configured key.
    let kid = check_kid(header, what)?;
    Ok(JwsHeader { alg, kid })
}

/// A token of another kind (a logout token or an access token in the ID-token slot, an
/// ID token in the logout slot) or a nested JWT is refused.
fn check_type(header: &Map<String, Value>, what: &str, expected: TokenType) -> Result<(), Error> {
    if expected.requires_typ() && !header.contains_key("typ") {
        return Err(Error::auth(
            Code::UnexpectedTokenType,
            format!(
                "the {what} has no `typ`; RFC 9068 access tokens carry `at+jwt` (set \
                 bearer.acceptJwtTyp for an IdP that does not)"
            ),
        ));
    }
    if let Some(typ) = header.get("typ") {
        if !typ.as_str().is_some_and(|t| expected.accepts(t)) {
            return Err(Error::auth(
                Code::UnexpectedTokenType,
                format!(
                    "the {what}'s `typ` is {} instead of {} (a token of another kind in \
                     this slot: a logout, access or ID token?)",
                    quote_json(typ),
                    expected.expected()
                ),
            ));
        }
    }
    if header.contains_key("cty") {
        return Err(Error::auth(
            Code::UnexpectedTokenType,
            format!("the {what} has a `cty` header (nested JWT), which is not supported"),
        ));
    }
    Ok(())
}

/// OIDC Core 3.1.3.7 step 7 and RFC 8725 §3.1: only the IdP's configured algorithms.
fn check_alg(
    header: &Map<String, Value>,
    allowed: &[SigningAlg],
    what: &str,
) -> Result<SigningAlg, Error> {
    let Some(name) = header.get("alg").and_then(Value::as_str) else {
        return Err(malformed(what, "the header has no `alg` string"));
    };
    if let Some(alg) = SigningAlg::from_name(name).filter(|a| allowed.contains(a)) {
        return Ok(alg);
    }
    let allowed_names: Vec<_> = allowed.iter().map(|a| a.name()).collect();
    let why = if name.trim().eq_ignore_ascii_case("none") {
        format!(
            "the {what} is unsigned (`alg` {}), which is never accepted",
            quote(name)
        )
    } else {
        format!(
            "the {what} is signed with {} but allowedAlgorithms is [{}]; add the \
             algorithm if the IdP really uses it (what the IdP advertises never widens it)",
            quote(name),
            allowed_names.join(", ")
        )
    };
    Err(Error::auth(Code::UnsupportedAlgorithm, why))
}

/// RFC 7515 §4.1.11: we understand no extension, so any `crit` is refused.
fn check_crit(header: &Map<String, Value>, what: &str) -> Result<(), Error> {
    match header.get("crit") {
        None => Ok(()),
        Some(crit) => Err(Error::auth(
            Code::UnsupportedCriticalHeader,
            format!(
                "the {what} marks {} as critical; no critical header is supported",
                quote_json(crit)
            ),
        )),
    }
}

/// RFC 7515 §4.1.4: a `kid` is a short string. A huge one, a non-string or one with
/// control characters is hostile; it is refused and shown escaped and shortened.
fn check_kid(header: &Map<String, Value>, what: &str) -> Result<Option<String>, Error> {
    match header.get("kid") {
        None => Ok(None),
        Some(Value::String(kid))
            if !kid.is_empty()
                && kid.len() <= MAX_KID_LEN
                && !kid.chars().any(char::is_control) =>
        {
            Ok(Some(kid.clone()))
        }
        Some(other) => Err(malformed(
            what,
            format!(
                "`kid` must be a string of 1 to {MAX_KID_LEN} printable characters, found {}",
                quote_json(other)
            ),
        )),
    }
}

/// OIDC Core 3.1.3.7 step 6: the signature, with a key of the token's algorithm family,
/// curve and `alg` (an HMAC key only for HS*, and only the client secret is one).
pub fn verify_signature(
    jws: &CompactJws<'_>,
    alg: SigningAlg,
    key: &VerificationKey,
    what: &str,
) -> Result<(), Error> {
    verify_signature_ref(&jws.parts(), alg, key, what)
}

/// [`verify_signature`] for the parts wherever they were decoded.
pub fn verify_signature_ref(
    jws: &JwsRef<'_>,
    alg: SigningAlg,
    key: &VerificationKey,
    what: &str,
) -> Result<(), Error> {
    let invalid = || {
        Error::auth(
            Code::InvalidSignature,
            format!(
                "the {what}'s {alg} signature does not verify with key {}; the token was \
                 altered or not issued by this IdP",
                key.kid
                    .as_deref()
                    .map(quote)
                    .unwrap_or_else(|| "(no kid)".into())
            ),
        )
    };
    if key.suits(alg) && key.key.verify(alg, jws.signing_input, jws.signature) {
        Ok(())
    } else {
        Err(invalid())
    }
}

mod base64url;
mod header;
mod key;
pub(crate) mod plain_json;
#[cfg(test)]
mod tests;
