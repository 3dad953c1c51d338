//! Meaning of sentences: requests (command, attributes, queries, tag) and replies
//! (`!re`, `!done`, `!trap`, `!fatal`, `!empty`). Values stay bytes; text is decoded as UTF-8
//! with a lossy fallback, so a comment in another code page never breaks a sentence.

use std::borrow::Cow;

use bytes::{Bytes, BytesMut};

use super::codec::encode_sentence;

/// A word as text, replacing invalid UTF-8 rather than failing.
pub fn text(word: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(word)
}

/// `=key=value` attributes in their order on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes(Vec<(String, Bytes)>);

impl Attributes {
    pub fn get(&self, key: &str) -> Option<&Bytes> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn text(&self, key: &str) -> Option<Cow<'_, str>> {
        self.get(key).map(|v| text(v))
    }

    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Bytes>) {
        self.0.push((key.into(), value.into()));
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Bytes)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Parses `=key=value` (the caller has checked the leading `=`). The key ends at the first `=`
/// after the leading one, because values may contain `=`; `=once` alone has an empty value.
fn split_attribute(word: &Bytes) -> (String, Bytes) {
    let body = word.slice(1..);
    match body.iter().position(|&b| b == b'=') {
        Some(eq) => (text(&body[..eq]).into_owned(), body.slice(eq + 1..)),
        None => (text(&body).into_owned(), Bytes::new()),
    }
}

/// A command sent to the router.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub command: String,
    pub attributes: Attributes,
    /// Query words without their leading `?`, in order: `name=ether1`, `#|`, `-disabled` …
    pub queries: Vec<String>,
    pub tag: Option<String>,
}

impl Request {
    pub fn new(command: impl Into<String>) -> Self {
        Self { command: command.into(), ..Self::default() }
    }

    pub fn attribute(mut self, key: &str, value: impl Into<Bytes>) -> Self {
        self.attributes.insert(key, value);
        self
    }

    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.queries.push(query.into());
        self
    }

    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Reads a sentence as a request. Words that are neither attributes, queries nor API
    /// attributes are kept as attributes with empty values, as RouterOS tolerates them.
    pub fn parse(words: &[Bytes]) -> Option<Self> {
        let (command, rest) = words.split_first()?;
        let mut request = Self::new(text(command));
        for word in rest {
            match word.first() {
                Some(b'=') => {
                    let (key, value) = split_attribute(word);
                    request.attributes.insert(key, value);
                }
                Some(b'?') => request.queries.push(text(&word[1..]).into_owned()),
                Some(b'.') if word.starts_with(b".tag=") => request.tag = Some(text(&word[5..]).into_owned()),
                _ => request.attributes.insert(text(word), Bytes::new()),
            }
        }
        Some(request)
    }

    pub fn encode(&self, out: &mut BytesMut) {
        encode_sentence(self.words(), out);
    }

    fn words(&self) -> Vec<Vec<u8>> {
        let mut words = vec![self.command.as_bytes().to_vec()];
        for (key, value) in self.attributes.iter() {
            words.push([b"=", key.as_bytes(), b"=", value].concat());
        }
        words.extend(self.queries.iter().map(|q| format!("?{q}").into_bytes()));
        words.extend(self.tag.iter().map(|t| format!(".tag={t}").into_bytes()));
        words
    }
}

/// The kind of a reply sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    /// One row of data.
    Re,
    /// The command finished. Always the last reply to a command.
    Done,
    /// The command failed; a `!done` follows and the connection is fine.
    Trap,
    /// The router closes the connection.
    Fatal,
    /// RouterOS 7.18+: the query matched no rows. `!done` follows.
    Empty,
}

impl ReplyKind {
    fn word(self) -> &'static str {
        match self {
            Self::Re => "!re",
            Self::Done => "!done",
            Self::Trap => "!trap",
            Self::Fatal => "!fatal",
            Self::Empty => "!empty",
        }
    }
}

/// A sentence from the router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub kind: ReplyKind,
    pub tag: Option<String>,
    pub attributes: Attributes,
    /// The bare words after `!fatal` (its reason), or any other bare word.
    pub bare: Vec<String>,
}

/// A reply sentence whose first word is not a known reply type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown reply word {0:?}")]
pub struct UnknownReply(pub String);

impl Reply {
    pub fn new(kind: ReplyKind) -> Self {
        Self { kind, tag: None, attributes: Attributes::default(), bare: Vec::new() }
    }

    pub fn attribute(mut self, key: &str, value: impl Into<Bytes>) -> Self {
        self.attributes.insert(key, value);
        self
    }

    pub fn with_tag(mut self, tag: Option<String>) -> Self {
        self.tag = tag;
        self
    }

    pub fn parse(words: &[Bytes]) -> Result<Self, UnknownReply> {
        let (first, rest) = words.split_first().ok_or_else(|| UnknownReply(String::new()))?;
        let kind = match &first[..] {
            b"!re" => ReplyKind::Re,
            b"!done" => ReplyKind::Done,
            b"!trap" => ReplyKind::Trap,
            b"!fatal" => ReplyKind::Fatal,
            b"!empty" => ReplyKind::Empty,
            other => return Err(UnknownReply(text(other).into_owned())),
        };
        let mut reply = Self::new(kind);
        for word in rest {
            match word.first() {
                Some(b'=') => {
                    let (key, value) = split_attribute(word);
                    reply.attributes.insert(key, value);
                }
                Some(b'.') if word.starts_with(b".tag=") => reply.tag = Some(text(&word[5..]).into_owned()),
                _ => reply.bare.push(text(word).into_owned()),
            }
        }
        Ok(reply)
    }

    pub fn encode(&self, out: &mut BytesMut) {
        let mut words = vec![self.kind.word().as_bytes().to_vec()];
        for (key, value) in self.attributes.iter() {
            words.push([b"=", key.as_bytes(), b"=", value].concat());
        }
        words.extend(self.bare.iter().map(|b| b.as_bytes().to_vec()));
        words.extend(self.tag.iter().map(|t| format!(".tag={t}").into_bytes()));
        encode_sentence(words, out);
    }

    /// The router's message on a `!trap` or the reason of a `!fatal`.
    pub fn message(&self) -> String {
        match self.attributes.text("message") {
            Some(message) => message.into_owned(),
            None => self.bare.join(" "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routeros::codec::SentenceDecoder;

    fn words(list: &[&[u8]]) -> Vec<Bytes> {
        list.iter().map(|w| Bytes::copy_from_slice(w)).collect()
    }

    #[test]
    fn attribute_values_keep_their_equals_signs_and_bare_keys_are_empty() {
        let request = Request::parse(&words(&[
            b"/interface/monitor-traffic",
            b"=interface=a=b,c",
            b"=once",
            b"?name=x",
            b"?#|",
            b".tag=42",
        ]))
        .unwrap();
        assert_eq!(request.command, "/interface/monitor-traffic");
        assert_eq!(request.attributes.text("interface").as_deref(), Some("a=b,c"));
        assert_eq!(request.attributes.get("once").map(|v| v.len()), Some(0));
        assert_eq!(request.queries, ["name=x", "#|"]);
        assert_eq!(request.tag.as_deref(), Some("42"));
    }

    #[test]
    fn requests_round_trip_through_the_wire() {
        let request = Request::new("/interface/print")
            .attribute(".proplist", "name,rx-byte")
            .query("name=ether1")
            .tag("t1");
        let mut wire = BytesMut::new();
        request.encode(&mut wire);
        let decoded = SentenceDecoder::default().decode(&mut wire).unwrap().unwrap();
        assert_eq!(Request::parse(&decoded), Some(request));
    }

    #[test]
    fn replies_of_every_kind_parse() {
        let trap =
            Reply::parse(&words(&[b"!trap", b"=category=2", b"=message=interrupted", b".tag=9"])).unwrap();
        assert_eq!(
            (trap.kind, trap.tag.as_deref(), trap.message()),
            (ReplyKind::Trap, Some("9"), "interrupted".into())
        );
        let fatal = Reply::parse(&words(&[b"!fatal", b"not logged in"])).unwrap();
        assert_eq!((fatal.kind, fatal.message()), (ReplyKind::Fatal, "not logged in".into()));
        assert_eq!(Reply::parse(&words(&[b"!empty"])).unwrap().kind, ReplyKind::Empty);
        assert_eq!(Reply::parse(&words(&[b"!nonsense"])), Err(UnknownReply("!nonsense".into())));
    }

    #[test]
    fn latin1_values_decode_lossily_without_failing_the_sentence() {
        let reply = Reply::parse(&words(&[b"!re", b"=comment=caf\xe9", b"=name=ether1"])).unwrap();
        assert_eq!(reply.attributes.text("comment").as_deref(), Some("caf\u{fffd}"));
        assert_eq!(reply.attributes.text("name").as_deref(), Some("ether1"));
        assert_eq!(reply.attributes.get("comment").map(|v| v.to_vec()), Some(b"caf\xe9".to_vec()));
    }
}
