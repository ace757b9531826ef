//! The strict decoder against the `base64` crate's `URL_SAFE_NO_PAD` engine (the one the
//! rest of the core uses): on every input, the same octets or both a refusal.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use super::decode;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Ours and the crate's answer on `input`: (ours, theirs), each the octets or `None`.
fn answers(input: &[u8]) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    let mut out = vec![0xA5; input.len() / 4 * 3 + 3];
    let ours = decode(input, &mut out).map(|len| out[..len].to_vec());
    (ours, URL_SAFE_NO_PAD.decode(input).ok())
}

/// Counts the inputs each side took, and fails on the first one they answer differently.
#[derive(Default)]
struct Tally {
    taken: usize,
    refused: usize,
}

impl Tally {
    fn check(&mut self, input: &[u8]) {
        let (ours, theirs) = answers(input);
        assert_eq!(
            ours,
            theirs,
            "ours and the base64 crate differ on {:?} ({} bytes)",
            String::from_utf8_lossy(input),
            input.len()
        );
        match ours {
            Some(_) => self.taken += 1,
            None => self.refused += 1,
        }
    }
}

/// A small deterministic generator (xorshift64*), so a failure is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `len` characters of the alphabet.
    fn text(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| ALPHABET[self.below(64)]).collect()
    }
}

#[test]
fn decode_when_every_length_to_64_and_every_byte_in_every_position_then_same_as_crate() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut tally = Tally::default();
    for len in 0..=64 {
        for _ in 0..8 {
            let text = rng.text(len);
            tally.check(&text);
            // Every byte value in every position of this text.
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut other = text.clone();
                    other[at] = byte;
                    tally.check(&other);
                }
            }
        }
        // Random bytes, mostly outside the alphabet.
        for _ in 0..64 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            tally.check(&bytes);
        }
    }
    // Both sides of the comparison are exercised, not only refusals.
    assert!(tally.taken > 100_000, "taken {}", tally.taken);
    assert!(tally.refused > 100_000, "refused {}", tally.refused);
}

#[test]
fn decode_when_last_character_has_unused_bits_then_refused_as_by_crate() {
    let mut tally = Tally::default();
    for prefix in [&b""[..], b"QUJD", b"eyJhbGciOiJSUzI1NiJ9"] {
        // Every last character after 1 and 2 characters of a group: 12 and 18 bits, only the
        // ones whose unused bits are zero are canonical.
        for tail in [&b"Q"[..], b"QU"] {
            for &last in ALPHABET {
                let input = [prefix, tail, &[last]].concat();
                tally.check(&input);
            }
        }
    }
    // Of the 64 last characters, 4 are canonical after one character (low 4 bits zero) and
    // 16 after two (low 2 bits zero), for each of the 3 prefixes.
    assert_eq!(tally.taken, 3 * (4 + 16));
    let (ours, _) = answers(b"QR");
    assert_eq!(ours, None, "`QR` sets an unused bit");
    let (ours, _) = answers(b"QUJ");
    assert_eq!(ours, None, "`QUJ` sets an unused bit");
    assert_eq!(answers(b"QQ").0, Some(b"A".to_vec()));
    assert_eq!(answers(b"QUE").0, Some(b"AA".to_vec()));
}

#[test]
fn decode_when_padding_other_alphabets_white_space_or_non_ascii_then_same_as_crate() {
    let mut tally = Tally::default();
    let valid = b"eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0";
    for input in [
        &b""[..],
        b"=",
        b"==",
        b"QQ==",
        b"QUE=",
        b"QUJD=",
        b"QQ=A",
        b"Q===",
        b"+/+/",
        b"-_-_",
        b"ab+c",
        b"ab/c",
        b" QUJD",
        b"QUJD ",
        b"QU JD",
        b"QUJD\n",
        b"\tQUJD",
        b"QUJD\r\n",
        b"QUJ\0",
        "QUJé".as_bytes(),
        "ＱＵＪＤ".as_bytes(),
        b"\xffQUJ",
        b"QUJ\x80",
        b"Q",
        b"QUJDQ",
        b".QUJ",
        valid,
    ] {
        tally.check(input);
    }
    // The valid header with each kind of intruder at each position.
    for intruder in [b'=', b'+', b'/', b' ', b'\n', b'.', 0x80, 0xC3, 0xFF, 0] {
        for at in 0..=valid.len() {
            let mut input = valid.to_vec();
            input.insert(at, intruder);
            tally.check(&input);
        }
    }
    assert_eq!(tally.taken, 3, "``, `-_-_` and the valid header");
}

#[test]
fn decode_when_output_too_short_then_refused() {
    let mut out = [0u8; 2];
    assert_eq!(decode(b"QUJD", &mut out), None);
    assert_eq!(decode(b"QUE", &mut out), Some(2));
    assert_eq!(out, *b"AA");
}

#[test]
fn decode_when_long_random_text_then_same_as_crate() {
    let mut rng = Rng(42);
    let mut tally = Tally::default();
    for _ in 0..2_000 {
        let len = rng.below(3_000);
        let mut text = rng.text(len);
        // Now and then one byte anywhere replaced by any value.
        if len > 0 && rng.below(2) == 0 {
            let at = rng.below(len);
            text[at] = rng.next() as u8;
        }
        tally.check(&text);
    }
    assert!(tally.taken > 300, "taken {}", tally.taken);
    assert!(tally.refused > 300, "refused {}", tally.refused);
}
