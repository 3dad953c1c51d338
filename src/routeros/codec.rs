//! The RouterOS API wire format: length-prefixed words grouped into sentences. No I/O here.
//!
//! A word is a length (1 to 5 bytes, big-endian, prefix-coded) followed by that many bytes; a
//! sentence is words ended by an empty word. Decoding is incremental: [`SentenceDecoder`]
//! consumes whole words from a buffer as they arrive and keeps the partial sentence itself, so
//! a peer may split words and sentences across reads in any way at linear cost. It tells
//! "need more bytes" (`Ok(None)`) apart from "invalid" (`Err`), after which the stream's
//! framing is unknown and the connection must be closed.

use bytes::{Buf, Bytes, BytesMut};

/// Longest word accepted by default. Real replies are far smaller; this bounds a hostile peer.
pub const DEFAULT_MAX_WORD_LEN: usize = 8 * 1024 * 1024;
/// Largest sentence accepted by default, in payload bytes over all its words.
pub const DEFAULT_MAX_SENTENCE_LEN: usize = 16 * 1024 * 1024;
/// Most words accepted in one sentence by default.
pub const DEFAULT_MAX_WORDS: usize = 64 * 1024;

/// Largest length the 5-byte form can carry.
pub const MAX_ENCODABLE_LEN: usize = u32::MAX as usize;

/// Why a byte stream is not valid RouterOS API framing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// F1–FF start a length: reserved control bytes (F8–FF) or undefined (F1–F7).
    #[error("control byte 0x{0:02X} where a word length was expected")]
    ControlByte(u8),
    #[error("word of {len} bytes exceeds the limit of {max}")]
    WordTooLong { len: usize, max: usize },
    #[error("sentence exceeds the limit of {max} bytes")]
    SentenceTooLong { max: usize },
    #[error("sentence exceeds the limit of {max} words")]
    TooManyWords { max: usize },
}

/// Appends the shortest encoding of a word length. Lengths above [`MAX_ENCODABLE_LEN`] cannot
/// be framed; callers check with [`encode_word`].
fn encode_length(len: u32, out: &mut BytesMut) {
    match len {
        0..=0x7F => out.extend_from_slice(&[len as u8]),
        0x80..=0x3FFF => out.extend_from_slice(&((len | 0x8000) as u16).to_be_bytes()),
        0x4000..=0x1F_FFFF => out.extend_from_slice(&(len | 0xC0_0000).to_be_bytes()[1..]),
        0x20_0000..=0x0FFF_FFFF => out.extend_from_slice(&(len | 0xE000_0000).to_be_bytes()),
        _ => {
            out.extend_from_slice(&[0xF0]);
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
}

/// Appends one word. Panics only for words of 4 GiB and more, which no caller builds.
pub fn encode_word(word: &[u8], out: &mut BytesMut) {
    let len = u32::try_from(word.len()).expect("a RouterOS word is shorter than 4 GiB");
    out.reserve(word.len() + 5);
    encode_length(len, out);
    out.extend_from_slice(word);
}

/// Appends a whole sentence: its words and the empty word that ends it.
pub fn encode_sentence<W: AsRef<[u8]>>(words: impl IntoIterator<Item = W>, out: &mut BytesMut) {
    for word in words {
        encode_word(word.as_ref(), out);
    }
    out.extend_from_slice(&[0]);
}

/// Reads a word length from the start of `buf`: `Ok(Some((len, header_bytes)))`, `Ok(None)`
/// when the header is incomplete.
fn decode_length(buf: &[u8]) -> Result<Option<(usize, usize)>, FrameError> {
    let Some(&first) = buf.first() else { return Ok(None) };
    let (header, mask) = match first {
        0x00..=0x7F => (1, 0x7F),
        0x80..=0xBF => (2, 0x3F),
        0xC0..=0xDF => (3, 0x1F),
        0xE0..=0xEF => (4, 0x0F),
        0xF0 => (5, 0x00),
        control => return Err(FrameError::ControlByte(control)),
    };
    if buf.len() < header {
        return Ok(None);
    }
    let len = buf[1..header].iter().fold(u64::from(first & mask), |acc, &b| (acc << 8) | u64::from(b));
    Ok(Some((usize::try_from(len).unwrap_or(usize::MAX), header)))
}

/// Limits that bound what one peer can make us buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_word_len: usize,
    pub max_sentence_len: usize,
    pub max_words: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_word_len: DEFAULT_MAX_WORD_LEN,
            max_sentence_len: DEFAULT_MAX_SENTENCE_LEN,
            max_words: DEFAULT_MAX_WORDS,
        }
    }
}

/// Incremental sentence decoder. Keeps the words of the sentence in progress between calls.
#[derive(Debug, Default)]
pub struct SentenceDecoder {
    limits: Limits,
    words: Vec<Bytes>,
    sentence_len: usize,
}

impl SentenceDecoder {
    pub fn new(limits: Limits) -> Self {
        Self { limits, words: Vec::new(), sentence_len: 0 }
    }

    /// True while words of an unfinished sentence are held.
    pub fn has_partial_sentence(&self) -> bool {
        !self.words.is_empty()
    }

    /// Takes whole words off the front of `buf`. Returns the next complete, non-empty sentence,
    /// `Ok(None)` when more bytes are needed, or the framing error. Empty sentences (a lone
    /// zero-length word) are skipped, as RouterOS does.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Vec<Bytes>>, FrameError> {
        loop {
            let Some((len, header)) = decode_length(buf)? else { return Ok(None) };
            if len > self.limits.max_word_len {
                return Err(FrameError::WordTooLong { len, max: self.limits.max_word_len });
            }
            if len == 0 {
                buf.advance(header);
                self.sentence_len = 0;
                if self.words.is_empty() {
                    continue;
                }
                return Ok(Some(std::mem::take(&mut self.words)));
            }
            if self.sentence_len + len > self.limits.max_sentence_len {
                return Err(FrameError::SentenceTooLong { max: self.limits.max_sentence_len });
            }
            if self.words.len() >= self.limits.max_words {
                return Err(FrameError::TooManyWords { max: self.limits.max_words });
            }
            if buf.len() < header + len {
                // Make room once for the whole word instead of growing read by read.
                buf.reserve(header + len - buf.len());
                return Ok(None);
            }
            buf.advance(header);
            self.words.push(buf.split_to(len).freeze());
            self.sentence_len += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn encoded_length(len: u32) -> Vec<u8> {
        let mut out = BytesMut::new();
        encode_length(len, &mut out);
        out.to_vec()
    }

    #[test]
    fn lengths_at_every_boundary_use_the_shortest_form() {
        let table: &[(u32, &[u8])] = &[
            (0, &[0x00]),
            (1, &[0x01]),
            (0x7F, &[0x7F]),
            (0x80, &[0x80, 0x80]),
            (0x3FFF, &[0xBF, 0xFF]),
            (0x4000, &[0xC0, 0x40, 0x00]),
            (0x1F_FFFF, &[0xDF, 0xFF, 0xFF]),
            (0x20_0000, &[0xE0, 0x20, 0x00, 0x00]),
            (0x0FFF_FFFF, &[0xEF, 0xFF, 0xFF, 0xFF]),
            (0x1000_0000, &[0xF0, 0x10, 0x00, 0x00, 0x00]),
            (u32::MAX, &[0xF0, 0xFF, 0xFF, 0xFF, 0xFF]),
        ];
        for &(len, bytes) in table {
            assert_eq!(encoded_length(len), bytes, "encoding {len:#x}");
            assert_eq!(decode_length(bytes), Ok(Some((len as usize, bytes.len()))), "decoding {len:#x}");
            for cut in 0..bytes.len() {
                assert_eq!(decode_length(&bytes[..cut]), Ok(None), "{len:#x} cut at {cut}");
            }
        }
    }

    #[test]
    fn longer_than_needed_length_forms_are_accepted() {
        assert_eq!(decode_length(&[0x80, 0x05]), Ok(Some((5, 2))));
        assert_eq!(decode_length(&[0xF0, 0, 0, 0, 3]), Ok(Some((3, 5))));
    }

    #[test]
    fn control_and_undefined_bytes_are_invalid() {
        for byte in 0xF1..=0xFF {
            assert_eq!(decode_length(&[byte]), Err(FrameError::ControlByte(byte)));
            let mut buf = BytesMut::from(&[0x01, b'x', byte][..]);
            assert_eq!(SentenceDecoder::default().decode(&mut buf), Err(FrameError::ControlByte(byte)));
        }
    }

    #[test]
    fn sentence_split_at_every_byte_decodes_the_same() {
        let words: Vec<Vec<u8>> = vec![
            b"!re".to_vec(),
            b"=name=ether1".to_vec(),
            vec![b'x'; 200],
            vec![b'y'; 0x4001],
            b".tag=7".to_vec(),
        ];
        let mut wire = BytesMut::new();
        encode_sentence(&words, &mut wire);
        encode_sentence([b"!done"], &mut wire);
        let wire = wire.freeze();

        for split in 0..wire.len() {
            let mut decoder = SentenceDecoder::default();
            let mut buf = BytesMut::new();
            let mut sentences = Vec::new();
            for chunk in [&wire[..split], &wire[split..]] {
                buf.extend_from_slice(chunk);
                while let Some(sentence) = decoder.decode(&mut buf).unwrap() {
                    sentences.push(sentence);
                }
            }
            assert_eq!(sentences.len(), 2, "split at {split}");
            assert_eq!(sentences[0], words, "split at {split}");
            assert_eq!(sentences[1], vec![Bytes::from_static(b"!done")]);
            assert!(buf.is_empty());
        }
    }

    #[test]
    fn empty_sentences_are_skipped() {
        let mut buf = BytesMut::from(&[0, 0, 3, b'a', b'b', b'c', 0, 0][..]);
        let mut decoder = SentenceDecoder::default();
        assert_eq!(decoder.decode(&mut buf), Ok(Some(vec![Bytes::from_static(b"abc")])));
        assert_eq!(decoder.decode(&mut buf), Ok(None));
        assert!(buf.is_empty());
    }

    #[test]
    fn limits_are_enforced_before_buffering() {
        let limits = Limits { max_word_len: 10, max_sentence_len: 15, max_words: 3 };
        let mut oversize = BytesMut::from(&[0x0B][..]);
        assert_eq!(
            SentenceDecoder::new(limits).decode(&mut oversize),
            Err(FrameError::WordTooLong { len: 11, max: 10 })
        );
        // A 5-byte length announcing 4 GiB is refused from its header alone.
        let mut huge = BytesMut::from(&[0xF0, 0xFF, 0xFF, 0xFF, 0xFF][..]);
        assert!(matches!(SentenceDecoder::default().decode(&mut huge), Err(FrameError::WordTooLong { .. })));

        let mut long_sentence = BytesMut::new();
        for _ in 0..2 {
            encode_word(&[b'a'; 10], &mut long_sentence);
        }
        assert_eq!(
            SentenceDecoder::new(limits).decode(&mut long_sentence),
            Err(FrameError::SentenceTooLong { max: 15 })
        );
        let mut many = BytesMut::new();
        for _ in 0..4 {
            encode_word(b"a", &mut many);
        }
        assert_eq!(SentenceDecoder::new(limits).decode(&mut many), Err(FrameError::TooManyWords { max: 3 }));
    }

    proptest! {
        #[test]
        fn sentences_round_trip_through_any_chunking(
            sentences in prop::collection::vec(
                prop::collection::vec(prop::collection::vec(any::<u8>(), 1..300), 1..8), 1..5),
            chunk in 1usize..64,
        ) {
            let mut wire = BytesMut::new();
            for sentence in &sentences {
                encode_sentence(sentence, &mut wire);
            }
            let mut decoder = SentenceDecoder::default();
            let mut buf = BytesMut::new();
            let mut decoded = Vec::new();
            for piece in wire.chunks(chunk) {
                buf.extend_from_slice(piece);
                while let Some(sentence) = decoder.decode(&mut buf).unwrap() {
                    decoded.push(sentence.iter().map(|w| w.to_vec()).collect::<Vec<_>>());
                }
            }
            prop_assert_eq!(decoded, sentences);
        }

        #[test]
        fn decoder_never_panics_and_always_progresses(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let limits = Limits { max_word_len: 512, max_sentence_len: 1024, max_words: 16 };
            let mut decoder = SentenceDecoder::new(limits);
            let mut buf = BytesMut::from(&bytes[..]);
            loop {
                let before = buf.len();
                match decoder.decode(&mut buf) {
                    Ok(Some(sentence)) => {
                        prop_assert!(buf.len() < before, "a sentence consumed no bytes");
                        prop_assert!(!sentence.is_empty(), "empty sentences are skipped");
                    }
                    // It stops only for want of bytes: no whole word is left at the front.
                    Ok(None) => {
                        match decode_length(&buf) {
                            Ok(Some((len, header))) => prop_assert!(
                                header + len > buf.len(),
                                "stopped before a whole word of {} bytes ({} buffered)", len, buf.len()
                            ),
                            Ok(None) => {}
                            Err(error) => prop_assert!(false, "an invalid length was left unreported: {error}"),
                        }
                        break;
                    }
                    Err(_) => break,
                }
            }
        }

        #[test]
        fn any_length_round_trips(len in 0u32..=u32::MAX) {
            let bytes = encoded_length(len);
            prop_assert_eq!(decode_length(&bytes), Ok(Some((len as usize, bytes.len()))));
        }
    }
}
