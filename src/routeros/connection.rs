//! A framed RouterOS API connection over any byte stream: TCP, TLS, or `tokio::io::duplex` in
//! tests. It reads and writes whole sentences and knows nothing about commands.

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

use super::codec::{Limits, SentenceDecoder};
use super::error::{Error, Result};
use super::sentence::{Reply, Request};

const READ_CHUNK: usize = 16 * 1024;

#[derive(Debug)]
pub struct Connection<S> {
    stream: S,
    read_buf: BytesMut,
    write_buf: BytesMut,
    decoder: SentenceDecoder,
    /// When bytes last arrived: a session tells a slow router from a silent one by it.
    last_heard: Option<Instant>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Connection<S> {
    pub fn new(stream: S) -> Self {
        Self::with_limits(stream, Limits::default())
    }

    pub fn with_limits(stream: S, limits: Limits) -> Self {
        Self {
            stream,
            read_buf: BytesMut::with_capacity(READ_CHUNK),
            write_buf: BytesMut::new(),
            decoder: SentenceDecoder::new(limits),
            last_heard: None,
        }
    }

    /// The next sentence, or `Ok(None)` when the peer closed the stream between sentences.
    /// A close in the middle of a sentence is an error.
    pub async fn read_sentence(&mut self) -> Result<Option<Vec<Bytes>>> {
        loop {
            if let Some(sentence) = self.decoder.decode(&mut self.read_buf)? {
                return Ok(Some(sentence));
            }
            self.read_buf.reserve(READ_CHUNK);
            // Cancel-safe: bytes read before a caller's deadline stay in `read_buf`.
            if self.stream.read_buf(&mut self.read_buf).await? == 0 {
                return if self.read_buf.is_empty() && !self.decoder_has_partial() {
                    Ok(None)
                } else {
                    Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof).into())
                };
            }
            self.last_heard = Some(Instant::now());
        }
    }

    /// When the peer last sent anything, if ever.
    pub fn last_heard(&self) -> Option<Instant> {
        self.last_heard
    }

    fn decoder_has_partial(&self) -> bool {
        self.decoder.has_partial_sentence()
    }

    /// The next reply from a router. A closed stream is [`Error::Closed`].
    pub async fn read_reply(&mut self) -> Result<Reply> {
        let sentence = self.read_sentence().await?.ok_or(Error::Closed)?;
        Reply::parse(&sentence).map_err(|e| Error::Protocol(e.to_string()))
    }

    pub async fn write_request(&mut self, request: &Request) -> Result<()> {
        self.queue_request(request);
        self.flush().await
    }

    /// Queues a request without sending it; the next flush sends it.
    pub fn queue_request(&mut self, request: &Request) {
        request.encode(&mut self.write_buf);
    }

    /// Queues a reply without sending it, so a whole answer goes out in one write.
    pub fn queue_reply(&mut self, reply: &Reply) {
        reply.encode(&mut self.write_buf);
    }

    /// Queues raw bytes: the simulator uses it to misbehave on purpose.
    pub fn queue_raw(&mut self, bytes: &[u8]) {
        self.write_buf.extend_from_slice(bytes);
    }

    /// Sends everything queued. Cancel-safe: bytes not yet written stay queued and go out,
    /// in order, with the next flush, so a dropped flush never breaks the framing.
    pub async fn flush(&mut self) -> Result<()> {
        while !self.write_buf.is_empty() {
            if self.stream.write_buf(&mut self.write_buf).await? == 0 {
                return Err(std::io::Error::from(std::io::ErrorKind::WriteZero).into());
            }
        }
        self.stream.flush().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routeros::sentence::ReplyKind;

    #[tokio::test]
    async fn reads_sentences_written_one_byte_at_a_time() {
        let (client, mut router) = tokio::io::duplex(64);
        let mut conn = Connection::new(client);
        let mut wire = BytesMut::new();
        Reply::new(ReplyKind::Re).attribute("name", "ether1").encode(&mut wire);
        Reply::new(ReplyKind::Done).encode(&mut wire);
        tokio::spawn(async move {
            for byte in wire {
                router.write_all(&[byte]).await.unwrap();
            }
        });
        let first = conn.read_reply().await.unwrap();
        assert_eq!(first.attributes.text("name").as_deref(), Some("ether1"));
        assert_eq!(conn.read_reply().await.unwrap().kind, ReplyKind::Done);
        assert!(matches!(conn.read_reply().await, Err(Error::Closed)));
    }

    #[tokio::test]
    async fn close_in_the_middle_of_a_sentence_is_an_error_not_a_clean_end() {
        let (client, mut router) = tokio::io::duplex(64);
        let mut conn = Connection::new(client);
        router.write_all(&[3, b'!', b'r', b'e', 5, b'=']).await.unwrap();
        drop(router);
        let err = conn.read_sentence().await.unwrap_err();
        assert!(err.is_connection_broken(), "{err}");
    }

    #[tokio::test]
    async fn a_control_byte_is_a_broken_connection() {
        let (client, mut router) = tokio::io::duplex(64);
        let mut conn = Connection::new(client);
        router.write_all(&[0xF8]).await.unwrap();
        let err = conn.read_reply().await.unwrap_err();
        assert!(matches!(err, Error::Frame(_)) && err.is_connection_broken(), "{err}");
    }
}
