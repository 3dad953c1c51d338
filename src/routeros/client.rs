//! A logged-in RouterOS API client over one connection: tagged commands, typed rows, and a
//! deadline on every operation.
//!
//! A command that misses its deadline is cancelled by its tag (`/cancel =tag=…`) and the
//! connection stays usable: reads and writes are cancel-safe, and later commands skip replies
//! with other tags. After a framing error the connection's state is unknown; the client
//! reports [`Error::is_connection_broken`] and its owner must drop it (see `session.rs`).

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use futures::FutureExt;
use md5::{Digest, Md5};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::Instant;

use super::connection::Connection;
use super::error::{Error, Operation, Result};
use super::rows::FromRow;
use super::sentence::{Attributes, Reply, ReplyKind, Request};

/// Runs one operation under its own deadline.
pub async fn deadline<T>(
    operation: Operation,
    after: Duration,
    future: impl Future<Output = Result<T>>,
) -> Result<T> {
    tokio::time::timeout(after, future).await.map_err(|_| Error::Timeout { operation, after })?
}

/// The answer to the pre-6.43 MD5 challenge: `00` followed by hex(md5(0x00 ‖ password ‖ challenge)).
pub fn challenge_response(password: &str, challenge_hex: &str) -> Result<String> {
    let challenge = hex::decode(challenge_hex.trim())
        .map_err(|_| Error::InvalidValue { field: "login challenge", value: challenge_hex.to_owned() })?;
    let mut md5 = Md5::new();
    md5.update([0u8]);
    md5.update(password.as_bytes());
    md5.update(&challenge);
    Ok(format!("00{}", hex::encode(md5.finalize())))
}

#[derive(Debug)]
pub struct Client<S> {
    conn: Connection<S>,
    next_tag: u64,
    command_timeout: Duration,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Client<S> {
    /// Logs in over an open stream: name and password first (RouterOS 6.43+), and the MD5
    /// challenge only if the router answers with `=ret=` (older versions).
    pub async fn login(stream: S, user: &str, password: &str, login_timeout: Duration) -> Result<Self> {
        let mut client = Self { conn: Connection::new(stream), next_tag: 0, command_timeout: login_timeout };
        deadline(Operation::Login, login_timeout, client.login_exchange(user, password)).await?;
        Ok(client)
    }

    async fn login_exchange(&mut self, user: &str, password: &str) -> Result<()> {
        let plain = Request::new("/login")
            .attribute("name", user.to_owned())
            .attribute("password", password.to_owned());
        let done = self.login_step(plain).await?;
        let Some(challenge) = done.text("ret") else { return Ok(()) };
        let response = challenge_response(password, &challenge)?;
        let md5 = Request::new("/login").attribute("name", user.to_owned()).attribute("response", response);
        self.login_step(md5).await.map(drop)
    }

    /// One `/login` round; a `!trap` (wrong credentials) is [`Error::LoginRefused`]. The
    /// router's message names the user at most, never the password.
    async fn login_step(&mut self, request: Request) -> Result<Attributes> {
        let tag = self.tag();
        match self.exchange(request, &tag).await {
            Ok((_, done)) => Ok(done),
            Err(Error::Trap { message, .. }) => Err(Error::LoginRefused(message)),
            Err(other) => Err(other),
        }
    }

    /// Sets the deadline of each later command.
    pub fn set_command_timeout(&mut self, timeout: Duration) {
        self.command_timeout = timeout;
    }

    fn tag(&mut self) -> String {
        self.next_tag += 1;
        self.next_tag.to_string()
    }

    /// Runs a command under the command deadline and collects its `!re` rows.
    pub async fn run(&mut self, request: Request) -> Result<Vec<Attributes>> {
        self.run_until(request, Instant::now() + self.command_timeout).await
    }

    /// Runs a command that must be answered by `deadline_at`. When it is not, the command is
    /// cancelled by its tag without waiting for the router, and the connection stays usable.
    pub async fn run_until(&mut self, request: Request, deadline_at: Instant) -> Result<Vec<Attributes>> {
        let started = Instant::now();
        let tag = self.tag();
        match tokio::time::timeout_at(deadline_at, self.exchange(request, &tag)).await {
            Ok(result) => result.map(|(rows, _)| rows),
            Err(_) => {
                self.cancel_without_waiting(&tag)?;
                Err(Error::Timeout { operation: Operation::Command, after: deadline_at - started })
            }
        }
    }

    /// Runs a command and parses each row into `T`; a row that does not parse fails the whole
    /// query. (A `Session` skips and reports such rows instead, so one costs no reading.)
    pub async fn query<T: FromRow>(&mut self, request: Request) -> Result<Vec<T>> {
        self.run(request).await?.iter().map(T::from_row).collect()
    }

    /// When the router last sent anything on this connection.
    pub fn last_heard(&self) -> Option<Instant> {
        self.conn.last_heard()
    }

    /// Queues `/cancel` for the command tagged `tag` and sends what the socket takes at once.
    /// Whatever it does not take goes out before the next command. The cancel's replies, and
    /// any late ones of the command, carry tags that later commands skip.
    fn cancel_without_waiting(&mut self, tag: &str) -> Result<()> {
        let cancel = Request::new("/cancel").attribute("tag", Bytes::from(tag.to_owned()));
        let cancel_tag = self.tag();
        self.conn.queue_request(&cancel.tag(cancel_tag));
        self.conn.flush().now_or_never().unwrap_or(Ok(()))
    }

    /// Sends a command tagged `tag` and reads up to its `!done`: the rows and the `!done`
    /// attributes. Replies with other tags are ignored. `!trap` becomes [`Error::Trap`] once
    /// its `!done` has been read, so the connection stays usable.
    async fn exchange(&mut self, request: Request, tag: &str) -> Result<(Vec<Attributes>, Attributes)> {
        self.conn.write_request(&request.tag(tag.to_owned())).await?;
        let mut rows = Vec::new();
        let mut trap = None;
        loop {
            let reply = self.conn.read_reply().await?;
            if reply.kind == ReplyKind::Fatal {
                return Err(Error::Fatal(reply.message()));
            }
            if reply.tag.as_deref() != Some(tag) {
                tracing::debug!(tag = ?reply.tag, "ignoring a reply to another command");
                continue;
            }
            match reply.kind {
                ReplyKind::Re => rows.push(reply.attributes),
                ReplyKind::Empty => {}
                ReplyKind::Trap => trap = Some(trap_error(&reply)),
                ReplyKind::Done => {
                    return match trap {
                        Some(error) => Err(error),
                        None => Ok((rows, reply.attributes)),
                    }
                }
                ReplyKind::Fatal => unreachable!("handled above"),
            }
        }
    }

    /// Starts a streaming command such as `monitor-traffic` without `once`. Read its rounds with
    /// [`Stream::next`] and end it with [`Stream::cancel`].
    pub async fn stream(&mut self, request: Request) -> Result<Stream<'_, S>> {
        let tag = self.tag();
        let timeout = self.command_timeout;
        deadline(Operation::Stream, timeout, self.conn.write_request(&request.tag(tag.clone()))).await?;
        Ok(Stream { client: self, tag, done: false })
    }
}

fn trap_error(reply: &Reply) -> Error {
    Error::Trap {
        category: reply.attributes.text("category").and_then(|c| c.parse().ok()),
        message: reply.message(),
    }
}

/// A running streaming command. Dropping it without [`Stream::cancel`] leaves the command
/// running on the router, so the owner should cancel or drop the whole connection.
pub struct Stream<'a, S> {
    client: &'a mut Client<S>,
    tag: String,
    done: bool,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Stream<'_, S> {
    /// The next row, or `None` once the command has ended.
    pub async fn next(&mut self) -> Result<Option<Attributes>> {
        let timeout = self.client.command_timeout;
        deadline(Operation::Stream, timeout, self.next_row()).await
    }

    async fn next_row(&mut self) -> Result<Option<Attributes>> {
        while !self.done {
            let reply = self.client.conn.read_reply().await?;
            if reply.kind == ReplyKind::Fatal {
                return Err(Error::Fatal(reply.message()));
            }
            if reply.tag.as_deref() != Some(self.tag.as_str()) {
                continue;
            }
            match reply.kind {
                ReplyKind::Re => return Ok(Some(reply.attributes)),
                ReplyKind::Trap => return Err(trap_error(&reply)),
                ReplyKind::Done => self.done = true,
                ReplyKind::Empty | ReplyKind::Fatal => {}
            }
        }
        Ok(None)
    }

    /// Sends `/cancel` and reads until both the command and the cancel are done. The command's
    /// own `!trap =message=interrupted` is the expected outcome, not an error.
    pub async fn cancel(mut self) -> Result<()> {
        let timeout = self.client.command_timeout;
        deadline(Operation::Stream, timeout, async {
            let cancel = Request::new("/cancel").attribute("tag", Bytes::from(self.tag.clone()));
            let cancel_tag = self.client.tag();
            self.client.conn.write_request(&cancel.tag(cancel_tag.clone())).await?;
            let mut cancel_done = false;
            while !(self.done && cancel_done) {
                let reply = self.client.conn.read_reply().await?;
                match (reply.kind, reply.tag.as_deref()) {
                    (ReplyKind::Fatal, _) => return Err(Error::Fatal(reply.message())),
                    (ReplyKind::Done, Some(t)) if t == self.tag => self.done = true,
                    (ReplyKind::Done, Some(t)) if t == cancel_tag => cancel_done = true,
                    _ => {}
                }
            }
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routeros::rows::InterfaceRow;
    use tokio::io::DuplexStream;

    /// A scripted router on the other end of a duplex pipe: it answers each request it reads
    /// with `answer(request)`.
    fn scripted_router(answer: impl Fn(&Request) -> Vec<Reply> + Send + 'static) -> DuplexStream {
        let (client, router) = tokio::io::duplex(4096);
        tokio::spawn(async move {
            let mut conn = Connection::new(router);
            while let Ok(Some(words)) = conn.read_sentence().await {
                let request = Request::parse(&words).unwrap();
                for reply in answer(&request) {
                    conn.queue_reply(&reply);
                }
                if conn.flush().await.is_err() {
                    return;
                }
            }
        });
        client
    }

    #[tokio::test]
    async fn replies_with_unknown_tags_are_ignored() {
        let stream = scripted_router(|request| {
            let ours = request.tag.clone();
            let stranger = Some("not-ours".to_owned());
            vec![
                Reply::new(ReplyKind::Re).attribute("name", "ghost").with_tag(stranger.clone()),
                Reply::new(ReplyKind::Done).with_tag(stranger),
                Reply::new(ReplyKind::Re)
                    .attribute(".id", "*1")
                    .attribute("name", "ether1")
                    .with_tag(ours.clone()),
                Reply::new(ReplyKind::Done).with_tag(ours),
            ]
        });
        let mut client = Client::login(stream, "admin", "", Duration::from_secs(1)).await.unwrap();
        let rows: Vec<InterfaceRow> = client.query(InterfaceRow::request(&[])).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name, "ether1");
    }

    #[tokio::test]
    async fn empty_before_done_means_zero_rows() {
        let stream = scripted_router(|request| {
            vec![
                Reply::new(ReplyKind::Empty).with_tag(request.tag.clone()),
                Reply::new(ReplyKind::Done).with_tag(request.tag.clone()),
            ]
        });
        let mut client = Client::login(stream, "admin", "", Duration::from_secs(1)).await.unwrap();
        assert!(client.run(Request::new("/interface/print")).await.unwrap().is_empty());
    }

    #[test]
    fn md5_challenge_matches_the_known_vector() {
        let response = challenge_response("secret", "ebddd18303a54111e2dea05a92ab46b4").unwrap();
        assert_eq!(response, "007319531c22b6b85e160d6ac355c1df2e");
    }

    #[test]
    fn a_malformed_challenge_is_a_clear_error() {
        let err = challenge_response("secret", "not-hex").unwrap_err();
        assert!(err.to_string().contains("login challenge"), "{err}");
        assert!(!err.to_string().contains("secret"));
    }
}
