//! A token's Java `String` (its UTF-16 units, read by [`crate::raw::string_units`]) to the bytes
//! the core takes: exactly the bytes `String.getBytes(StandardCharsets.UTF_8)` gave before the
//! token crossed as a `String`, so every token, ASCII or not, ends in the same answer or refusal.

use std::mem::MaybeUninit;

use crate::raw::narrow_ascii;

/// The token's bytes: `units` narrowed into `stack` when all are ASCII and fit (every real
/// compact JWS), else into `heap`: narrowed when ASCII, else encoded as Java encodes UTF-8.
pub fn token_bytes<'b>(
    units: &[u16],
    stack: &'b mut [MaybeUninit<u8>],
    heap: &'b mut Vec<u8>,
) -> &'b [u8] {
    if units.len() <= stack.len() {
        if let Some(bytes) = narrow_ascii(units, stack) {
            return bytes;
        }
    } else if units.iter().all(|&unit| unit < 0x80) {
        heap.clear();
        heap.extend(units.iter().map(|&unit| unit as u8));
        return heap;
    }
    java_utf8(units, heap);
    heap
}

/// What `String.getBytes(StandardCharsets.UTF_8)` writes for these UTF-16 units: UTF-8, with an
/// unpaired surrogate replaced by `?` (the JDK's replacement byte for that encoder), into `out`
/// (cleared first).
pub fn java_utf8(units: &[u16], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(units.len() * 3);
    let mut utf8 = [0u8; 4];
    for decoded in char::decode_utf16(units.iter().copied()) {
        match decoded {
            Ok(c) => out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes()),
            Err(_) => out.push(b'?'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    fn bytes_of(units: &[u16], stack_size: usize) -> Vec<u8> {
        let mut stack = vec![MaybeUninit::uninit(); stack_size];
        let mut heap = Vec::new();
        token_bytes(units, &mut stack, &mut heap).to_vec()
    }

    #[test]
    fn java_utf8_when_well_formed_then_utf8() {
        let mut out = vec![1, 2];
        java_utf8(&units("a\0é€😀"), &mut out);
        assert_eq!(out, "a\0é€😀".as_bytes());
    }

    #[test]
    fn java_utf8_when_unpaired_surrogates_then_question_marks_like_get_bytes() {
        // What `new String(new char[] {...}).getBytes(UTF_8)` gives on JDK 17 and 25.
        let cases: [(&[u16], &[u8]); 5] = [
            (&[0xd800], b"?"),
            (&[0xdc00, 0x61], b"?a"),
            (&[0x61, 0xd83d], b"a?"),
            (&[0xd83d, 0x61, 0xde00], b"?a?"),
            (&[0xd83d, 0xd83d, 0xde00], b"?\xf0\x9f\x98\x80"),
        ];
        for (input, expected) in cases {
            let mut out = Vec::new();
            java_utf8(input, &mut out);
            assert_eq!(out, expected, "{input:x?}");
        }
    }

    #[test]
    fn token_bytes_when_ascii_then_the_same_bytes_on_the_stack_or_the_heap() {
        let token = units(" eyJh.eyJp.c2ln ");
        for stack_size in [0, 4, token.len(), 64] {
            assert_eq!(
                bytes_of(&token, stack_size),
                b" eyJh.eyJp.c2ln ",
                "{stack_size}"
            );
        }
    }

    #[test]
    fn token_bytes_when_not_ascii_then_what_get_bytes_gave_on_the_stack_or_the_heap() {
        for text in [
            "eyJh.\u{a0}eyJp.c2ln",
            "é",
            "eyJh.eyJp.c2ln\u{2028}",
            "\u{ffff}x",
        ] {
            for stack_size in [0, 2, 64] {
                assert_eq!(
                    bytes_of(&units(text), stack_size),
                    text.as_bytes(),
                    "{text:?}"
                );
            }
        }
        assert_eq!(bytes_of(&[0x61, 0xdfff], 64), b"a?");
    }
}
