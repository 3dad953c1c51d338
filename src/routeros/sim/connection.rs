//! One API session on the simulated router: login, commands, streams, and the fault switches.

use std::sync::atomic::Ordering;
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::watch;
use tokio::time::{Instant, MissedTickBehavior};

use super::faults::Faults;
use super::query::matches;
use super::router::Interface;
use super::traffic::mix;
use super::Shared;
use crate::routeros::client::challenge_response;
use crate::routeros::connection::Connection;
use crate::routeros::sentence::{Reply, ReplyKind, Request};

/// What a request does to the session besides its replies.
#[derive(Debug, PartialEq, Eq)]
enum After {
    Continue,
    Close,
}

/// A running `monitor-traffic` without `once`.
struct MonitorStream {
    tag: Option<String>,
    interfaces: Vec<String>,
}

struct Session<'a, S> {
    conn: Connection<S>,
    shared: &'a Shared,
    logged_in: bool,
    challenge: Option<[u8; 16]>,
    streams: Vec<MonitorStream>,
}

pub(super) async fn run<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    shared: &Shared,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut session = Session {
        conn: Connection::new(stream),
        shared,
        logged_in: false,
        challenge: None,
        streams: Vec::new(),
    };
    let mut faults = shared.faults.subscribe();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        // Biased: once the router is told to drop its sessions, it answers nothing more.
        tokio::select! {
            biased;
            _ = shutdown.changed() => return,
            () = super::until(&mut faults, |f| f.refuse) => return,
            sentence = session.conn.read_sentence() => {
                let words = match sentence {
                    Ok(Some(words)) => words,
                    Ok(None) => return,
                    Err(error) => {
                        tracing::debug!(%error, "simulator closes a connection on bad input");
                        return;
                    }
                };
                shared.counters.commands.fetch_add(1, Ordering::SeqCst);
                let Some(request) = Request::parse(&words) else { continue };
                if session.handle(request).await == After::Close {
                    return;
                }
            }
            _ = tick.tick(), if !session.streams.is_empty() => {
                let replies = session.monitor_rounds();
                if session.send(replies).await == After::Close {
                    return;
                }
            }
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<'_, S> {
    async fn handle(&mut self, request: Request) -> After {
        let tag = request.tag.clone();
        if request.command == "/login" {
            let replies = self.login(&request);
            return self.send(tagged(replies, &tag)).await;
        }
        if !self.logged_in {
            // A real router answers a command before login with !fatal and hangs up.
            self.send(vec![fatal("not logged in")]).await;
            return After::Close;
        }
        let faults = self.shared.faults();
        if faults.stall_commands {
            return After::Continue; // read, counted, never answered
        }
        if faults.fatal {
            self.send(vec![fatal("simulated failure")]).await;
            return After::Close;
        }
        if faults.trap && request.command != "/cancel" {
            return self.send(tagged(trap("simulated failure", None), &tag)).await;
        }
        let replies = match request.command.as_str() {
            "/interface/print" => self.print_interfaces(&request, &faults),
            "/interface/monitor-traffic" => self.monitor_traffic(&request),
            "/system/resource/print" => self.print_one(&request, &faults, system_resource),
            "/system/identity/print" => self.print_one(&request, &faults, |_, shared| {
                vec![("name".to_owned(), shared.router().identity.clone())]
            }),
            "/cancel" => {
                let replies = self.cancel(&request);
                return self.send(replies).await;
            }
            "/quit" => {
                self.send(vec![fatal("session terminated on request")]).await;
                return After::Close;
            }
            _ => trap("no such command prefix", None),
        };
        self.send(tagged(replies, &tag)).await
    }

    fn login(&mut self, request: &Request) -> Vec<Reply> {
        let name = request.attributes.text("name");
        let password = request.attributes.text("password");
        let response = request.attributes.text("response");
        let legacy = self.shared.config.legacy_login;
        let accepted = match (name.as_deref(), password, response) {
            (Some(name), Some(password), _) if !legacy => {
                name == self.shared.config.user && password == self.shared.config.password
            }
            (Some(name), None, Some(response)) => match self.challenge.take() {
                Some(challenge) => {
                    let expected = challenge_response(&self.shared.config.password, &hex::encode(challenge));
                    name == self.shared.config.user && expected.is_ok_and(|e| e == response)
                }
                None => false,
            },
            // `/login` alone asks for the pre-6.43 MD5 challenge, which old routers also gave
            // in answer to a plain-text password.
            _ => {
                let n = self.shared.counters.connections_accepted.load(Ordering::SeqCst);
                let challenge = [mix(self.shared.config.seed ^ n), mix(n)].map(u64::to_be_bytes).concat();
                let challenge: [u8; 16] = challenge.try_into().unwrap_or([0; 16]);
                self.challenge = Some(challenge);
                return vec![Reply::new(ReplyKind::Done).attribute("ret", hex::encode(challenge))];
            }
        };
        if accepted && !self.shared.faults().refuse_logins {
            self.logged_in = true;
            self.shared.counters.logins.fetch_add(1, Ordering::SeqCst);
            vec![Reply::new(ReplyKind::Done)]
        } else {
            self.shared.counters.failed_logins.fetch_add(1, Ordering::SeqCst);
            trap("invalid user name or password (6)", None)
        }
    }

    fn print_interfaces(&self, request: &Request, faults: &Faults) -> Vec<Reply> {
        let mut rows: Vec<Vec<(String, String)>> =
            self.shared.router().interfaces(Instant::now()).iter().map(interface_properties).collect();
        if faults.malformed_row {
            rows.push(vec![("name".to_owned(), "no-id".to_owned()), ("type".to_owned(), "ether".to_owned())]);
        }
        print_rows(request, faults, rows)
    }

    fn print_one(
        &self,
        request: &Request,
        faults: &Faults,
        row: impl Fn(Instant, &Shared) -> Vec<(String, String)>,
    ) -> Vec<Reply> {
        print_rows(request, faults, vec![row(Instant::now(), self.shared)])
    }

    fn monitor_traffic(&mut self, request: &Request) -> Vec<Reply> {
        let Some(list) = request.attributes.text("interface") else {
            return trap("missing value of interface", Some(1));
        };
        let names: Vec<String> =
            list.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect();
        let known = self
            .shared
            .router()
            .interfaces(Instant::now())
            .iter()
            .map(|i| i.name.clone())
            .collect::<Vec<_>>();
        if let Some(unknown) = names.iter().find(|n| !known.contains(n)) {
            return trap(&format!("no such item ({unknown})"), None);
        }
        let rows = self.traffic_rows(&names);
        if request.attributes.get("once").is_some() {
            let mut replies = rows;
            replies.push(Reply::new(ReplyKind::Done));
            replies
        } else {
            self.streams.push(MonitorStream { tag: request.tag.clone(), interfaces: names });
            rows
        }
    }

    fn traffic_rows(&self, names: &[String]) -> Vec<Reply> {
        let mut router = self.shared.router();
        let interfaces = router.interfaces(Instant::now());
        names
            .iter()
            .filter_map(|name| interfaces.iter().find(|i| &i.name == name))
            .map(|i| {
                let packets = |bps: u64, bytes: u64, packets: u64| {
                    if bytes == 0 {
                        0
                    } else {
                        bps * packets / bytes.max(1)
                    }
                };
                Reply::new(ReplyKind::Re)
                    .attribute("name", i.name.clone())
                    .attribute("rx-packets-per-second", packets(i.rx_bps, i.rx_byte, i.rx_packet).to_string())
                    .attribute("rx-bits-per-second", i.rx_bps.to_string())
                    .attribute("tx-packets-per-second", packets(i.tx_bps, i.tx_byte, i.tx_packet).to_string())
                    .attribute("tx-bits-per-second", i.tx_bps.to_string())
            })
            .collect()
    }

    /// One round of every running stream, tagged with its own command's tag.
    fn monitor_rounds(&self) -> Vec<Reply> {
        self.streams
            .iter()
            .flat_map(|stream| tagged(self.traffic_rows(&stream.interfaces), &stream.tag))
            .collect()
    }

    /// `/cancel =tag=X` ends stream X with `!trap interrupted` and `!done`, each tagged as
    /// that stream; `/cancel` alone ends them all. The cancel then gets its own `!done`.
    fn cancel(&mut self, request: &Request) -> Vec<Reply> {
        let target = request.attributes.text("tag").map(|t| t.into_owned());
        let (cancelled, kept): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.streams).into_iter().partition(|s| target.is_none() || s.tag == target);
        self.streams = kept;
        let mut replies = Vec::new();
        for stream in cancelled {
            replies.extend(tagged(trap("interrupted", Some(2)), &stream.tag));
        }
        replies.push(Reply::new(ReplyKind::Done).with_tag(request.tag.clone()));
        replies
    }

    /// Writes replies, applying the fault switches. Returns whether the session goes on.
    async fn send(&mut self, replies: Vec<Reply>) -> After {
        let faults = self.shared.faults();
        if faults.hang {
            return After::Continue;
        }
        if faults.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(faults.delay_ms)).await;
        }
        if faults.garbage {
            self.conn.queue_raw(&[0xF8]);
        }
        if faults.drop_mid_sentence {
            let mut wire = bytes::BytesMut::new();
            if let Some(first) = replies.first() {
                first.encode(&mut wire);
            }
            self.conn.queue_raw(&wire[..wire.len() / 2]);
            let _ = self.conn.flush().await;
            return After::Close;
        }
        let close = replies.iter().any(|r| r.kind == ReplyKind::Fatal);
        for reply in &replies {
            self.conn.queue_reply(reply);
        }
        match (self.conn.flush().await, close) {
            (Ok(()), false) => After::Continue,
            _ => After::Close,
        }
    }
}

/// Gives every reply the tag of the request it answers.
fn tagged(replies: Vec<Reply>, tag: &Option<String>) -> Vec<Reply> {
    replies.into_iter().map(|reply| reply.with_tag(tag.clone())).collect()
}

fn trap(message: &str, category: Option<u8>) -> Vec<Reply> {
    let mut trap = Reply::new(ReplyKind::Trap);
    if let Some(category) = category {
        trap = trap.attribute("category", category.to_string());
    }
    vec![trap.attribute("message", message.to_owned()), Reply::new(ReplyKind::Done)]
}

fn fatal(reason: &str) -> Reply {
    let mut reply = Reply::new(ReplyKind::Fatal);
    reply.bare.push(reason.to_owned());
    reply
}

/// `!re` rows filtered by the request's `?` queries and cut to its `.proplist`; `!empty`
/// when nothing matches, as RouterOS 7.18+ does.
fn print_rows(request: &Request, faults: &Faults, rows: Vec<Vec<(String, String)>>) -> Vec<Reply> {
    let proplist: Option<Vec<String>> =
        request.attributes.text(".proplist").map(|p| p.split(',').map(|s| s.trim().to_owned()).collect());
    let mut replies = Vec::new();
    for row in rows {
        let get = |name: &str| row.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        match matches(&request.queries, get) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(error) => return trap(&error.to_string(), None),
        }
        let mut reply = Reply::new(ReplyKind::Re);
        for (key, value) in &row {
            if proplist.as_ref().is_none_or(|p| p.contains(key)) {
                reply = reply.attribute(key, Bytes::from(value.clone()));
            }
        }
        replies.push(reply);
    }
    if replies.is_empty() || faults.empty {
        replies = vec![Reply::new(ReplyKind::Empty)];
    }
    replies.push(Reply::new(ReplyKind::Done));
    replies
}

fn interface_properties(i: &Interface) -> Vec<(String, String)> {
    let mut row = vec![
        (".id".to_owned(), i.dot_id()),
        ("name".to_owned(), i.name.clone()),
        ("type".to_owned(), i.kind.to_owned()),
        ("mtu".to_owned(), if i.is_pppoe() { "1480".to_owned() } else { "auto".to_owned() }),
        ("actual-mtu".to_owned(), "1500".to_owned()),
        ("rx-byte".to_owned(), i.rx_byte.to_string()),
        ("tx-byte".to_owned(), i.tx_byte.to_string()),
        ("rx-packet".to_owned(), i.rx_packet.to_string()),
        ("tx-packet".to_owned(), i.tx_packet.to_string()),
        ("running".to_owned(), i.running.to_string()),
        ("disabled".to_owned(), i.disabled.to_string()),
    ];
    if let Some(comment) = &i.comment {
        row.push(("comment".to_owned(), comment.clone()));
    }
    row
}

fn system_resource(now: Instant, shared: &Shared) -> Vec<(String, String)> {
    let uptime = shared.router().uptime(now).as_secs() + 9 * 86_400 + 3 * 3600;
    let (w, d, h, m, s) =
        (uptime / 604_800, uptime / 86_400 % 7, uptime / 3600 % 24, uptime / 60 % 60, uptime % 60);
    let load = mix(shared.config.seed ^ (uptime / 5)) % 23 + 4;
    [
        ("uptime", format!("{w}w{d}d{h}h{m}m{s}s")),
        ("version", "7.18.2 (stable)".to_owned()),
        ("build-time", "2025-03-11 11:59:04".to_owned()),
        ("free-memory", (3_221_225_472u64 - load * 10_000_000).to_string()),
        ("total-memory", "4294967296".to_owned()),
        ("cpu", "ARM64".to_owned()),
        ("cpu-count", "4".to_owned()),
        ("cpu-load", load.to_string()),
        ("architecture-name", "arm64".to_owned()),
        ("board-name", "CCR2004-16G-2S+".to_owned()),
        ("platform", "MikroTik".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}
