//! The sentence decoder and reply parser on arbitrary bytes, fed in arbitrary chunks: they must
//! never panic, and every decoded sentence must re-encode to the bytes it came from.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use routeros_traffic::routeros::codec::{encode_sentence, Limits, SentenceDecoder};
use routeros_traffic::routeros::sentence::{Reply, Request};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the chunk size, so the fuzzer explores how reads are split.
    let Some((&chunk, input)) = data.split_first() else { return };
    let chunk = usize::from(chunk).max(1);
    let limits = Limits { max_word_len: 1 << 16, max_sentence_len: 1 << 18, max_words: 1024 };
    let mut decoder = SentenceDecoder::new(limits);
    let mut buf = BytesMut::new();
    for piece in input.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            match decoder.decode(&mut buf) {
                Ok(Some(words)) => {
                    let _ = Reply::parse(&words);
                    let _ = Request::parse(&words);
                    let mut again = BytesMut::new();
                    encode_sentence(&words, &mut again);
                    let mut redecoder = SentenceDecoder::new(limits);
                    assert_eq!(redecoder.decode(&mut again).ok().flatten().as_ref(), Some(&words));
                }
                Ok(None) => break,
                Err(_) => return,
            }
        }
    }
});
