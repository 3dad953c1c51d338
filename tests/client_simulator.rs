//! Our client against the simulator over real TCP: login, commands, streams, and recovery
//! from every fault switch.

mod support;

use std::time::Duration;

use bytes::BytesMut;
use routeros_traffic::routeros::connection::Connection;
use routeros_traffic::routeros::rows::{InterfaceRow, SystemIdentity, SystemResource, TrafficRow};
use routeros_traffic::routeros::sentence::{ReplyKind, Request};
use routeros_traffic::routeros::sim::faults::{Faults, FaultsUpdate};
use routeros_traffic::routeros::sim::SimConfig;
use routeros_traffic::routeros::{Client, Error};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn logged_in(sim: &routeros_traffic::routeros::sim::Simulator) -> Client<TcpStream> {
    let stream = TcpStream::connect(sim.local_addr()).await.unwrap();
    Client::login(stream, USER, PASSWORD, COMMAND_DEADLINE).await.expect("login")
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn plain_login_then_typed_interface_rows() {
    let sim = simulator().await;
    let mut client = logged_in(&sim).await;
    let rows: Vec<InterfaceRow> = client.query(InterfaceRow::request(&[])).await.unwrap();
    let truth = sim.interfaces();
    assert_eq!(rows.len(), truth.len());
    let ether1 = rows.iter().find(|r| r.name == "ether1").unwrap();
    assert_eq!(
        (ether1.kind.as_str(), ether1.running, ether1.comment.as_deref()),
        ("ether", true, Some("WAN uplink"))
    );
    assert!(ether1.rx_byte.unwrap() > u64::from(u32::MAX));
    let unplugged = rows.iter().find(|r| r.name == "ether4").unwrap();
    assert!(!unplugged.running, "running=false reads as down");
    assert_eq!(sim.stats().logins, 1);
}

#[tokio::test]
async fn wrong_password_is_a_clear_error_without_the_password() {
    let sim = simulator().await;
    let stream = TcpStream::connect(sim.local_addr()).await.unwrap();
    let err = Client::login(stream, USER, "wrong-guess-123", COMMAND_DEADLINE).await.unwrap_err();
    assert!(matches!(err, Error::LoginRefused(_)), "{err}");
    let message = err.to_string();
    assert!(message.contains("invalid user name or password"), "{message}");
    assert!(!message.contains("wrong-guess-123") && !message.contains(PASSWORD), "{message}");
    assert_eq!((sim.stats().logins, sim.stats().failed_logins), (0, 1));
}

#[tokio::test]
async fn md5_challenge_login_when_the_router_is_older_than_6_43() {
    let sim = simulator_with(SimConfig {
        password: PASSWORD.to_owned(),
        legacy_login: true,
        ..SimConfig::default()
    })
    .await;
    let mut client = logged_in(&sim).await;
    let identity: Vec<SystemIdentity> = client.query(SystemIdentity::request()).await.unwrap();
    assert_eq!(identity[0].name, "demo-isp-gw");

    let stream = TcpStream::connect(sim.local_addr()).await.unwrap();
    let err = Client::login(stream, USER, "nope", COMMAND_DEADLINE).await.unwrap_err();
    assert!(matches!(err, Error::LoginRefused(_)), "{err}");
}

#[tokio::test]
async fn name_queries_select_rows_and_no_match_is_empty_not_an_error() {
    let sim = simulator().await;
    let mut client = logged_in(&sim).await;
    let rows: Vec<InterfaceRow> =
        client.query(InterfaceRow::request(&names(&["ether1", "bridge1"]))).await.unwrap();
    let mut got: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    got.sort();
    assert_eq!(got, ["bridge1", "ether1"]);
    // RouterOS 7.18+ answers !empty then !done.
    let none: Vec<InterfaceRow> = client.query(InterfaceRow::request(&names(&["no-such"]))).await.unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn monitor_traffic_once_reports_the_routers_current_rates() {
    let sim = simulator().await;
    let mut client = logged_in(&sim).await;
    let rows: Vec<TrafficRow> =
        client.query(TrafficRow::request(&names(&["ether1", "ether2"]), true)).await.unwrap();
    assert_eq!(rows.len(), 2);
    let truth = sim.interfaces();
    for row in &rows {
        let t = truth.iter().find(|i| i.name == row.name).unwrap();
        // The same simulated second, unless the test crossed a second boundary.
        assert!(row.rx_bits_per_second > 1_000_000, "{row:?}");
        assert!(row.rx_bits_per_second.abs_diff(t.rx_bps) <= t.rx_bps, "{row:?} vs {}", t.rx_bps);
    }
}

#[tokio::test]
async fn streaming_monitor_traffic_is_cancelled_and_the_connection_stays_usable() {
    let sim = simulator().await;
    let mut client = logged_in(&sim).await;
    {
        let mut stream = client.stream(TrafficRow::request(&names(&["ether1"]), false)).await.unwrap();
        for _ in 0..2 {
            let row = stream.next().await.unwrap().expect("a round");
            assert_eq!(row.text("name").as_deref(), Some("ether1"));
        }
        stream.cancel().await.unwrap();
    }
    let resource: Vec<SystemResource> = client.query(SystemResource::request()).await.unwrap();
    assert!(resource[0].version.starts_with("7."));
}

#[tokio::test]
async fn unknown_command_is_a_trap_and_the_connection_stays_usable() {
    let sim = simulator().await;
    let mut client = logged_in(&sim).await;
    let err = client.run(Request::new("/no/such/thing")).await.unwrap_err();
    assert!(matches!(&err, Error::Trap { message, .. } if message.contains("no such command")), "{err}");
    assert!(!err.is_connection_broken());
    assert_eq!(client.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_command_before_login_gets_fatal_and_a_closed_socket() {
    let sim = simulator().await;
    let mut conn = Connection::new(TcpStream::connect(sim.local_addr()).await.unwrap());
    conn.write_request(&Request::new("/interface/print")).await.unwrap();
    let reply = conn.read_reply().await.unwrap();
    assert_eq!((reply.kind, reply.message()), (ReplyKind::Fatal, "not logged in".to_owned()));
    assert!(matches!(conn.read_reply().await, Err(Error::Closed)));
}

#[tokio::test]
async fn words_split_into_single_bytes_are_reassembled() {
    let sim = simulator().await;
    let mut stream = TcpStream::connect(sim.local_addr()).await.unwrap();
    let mut wire = BytesMut::new();
    Request::new("/login").attribute("name", USER).attribute("password", PASSWORD).tag("a").encode(&mut wire);
    for byte in wire.iter() {
        stream.write_all(&[*byte]).await.unwrap();
        stream.flush().await.unwrap();
    }
    let mut conn = Connection::new(stream);
    let reply = conn.read_reply().await.unwrap();
    assert_eq!((reply.kind, reply.tag.as_deref()), (ReplyKind::Done, Some("a")));
}

#[tokio::test]
async fn words_of_20_000_and_3_000_000_bytes_are_answered() {
    let sim = simulator().await;
    let mut client = logged_in(&sim).await;
    for len in [20_000, 3_000_000] {
        let request = Request::new("/system/identity/print").attribute("comment", vec![b'x'; len]);
        let rows: Vec<SystemIdentity> = client.query(request).await.unwrap();
        assert_eq!(rows.len(), 1, "word of {len} bytes");
    }
}

#[tokio::test]
async fn garbage_streams_never_take_the_simulator_down() {
    let sim = simulator().await;
    let mut seed = 0x1234_5678_u64;
    for round in 0..200 {
        let mut bytes = vec![0u8; 1 + round * 7 % 600];
        for b in bytes.iter_mut() {
            seed = routeros_traffic::routeros::sim::traffic::mix(seed);
            *b = seed as u8;
        }
        let mut stream = TcpStream::connect(sim.local_addr()).await.unwrap();
        let _ = stream.write_all(&bytes).await;
        let _ = stream.shutdown().await;
        // Read whatever comes back until the simulator closes or stays quiet.
        let mut sink = Vec::new();
        let _ = tokio::time::timeout(Duration::from_millis(200), stream.read_to_end(&mut sink)).await;
    }
    let mut client = logged_in(&sim).await;
    assert!(!client.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap().is_empty());
}

// ---- Deadlines and fault switches, through the reconnecting session ----

#[tokio::test]
async fn a_hanging_router_is_cancelled_at_the_deadline_closed_when_silent_and_logged_in_again_after_10_s() {
    let sim = simulator().await;
    let mut session = session(&sim);
    session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap();
    sim.set_faults(Faults { hang: true, ..Faults::default() });

    tokio::time::pause();
    let started = tokio::time::Instant::now();
    let err = session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap_err();
    assert!(err.is_timeout() && !err.is_connection_broken(), "{err}");
    // At the deadline, within the 1 ms resolution of tokio's timer wheel.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= COMMAND_DEADLINE && elapsed <= COMMAND_DEADLINE + Duration::from_millis(2),
        "{elapsed:?}"
    );
    assert!(session.is_connected(), "kept: the command was cancelled and the router may yet answer");

    // The next command times out too, without a word since the cancel: the connection is
    // closed, and the next login waits 10 s.
    tokio::time::advance(Duration::from_secs(5)).await;
    let err = session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap_err();
    assert!(err.is_timeout() && !session.is_connected(), "{err}");
    sim.clear_faults();
    tokio::time::advance(Duration::from_millis(9_900)).await;
    let err = session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap_err();
    assert!(matches!(err, Error::BackingOff { .. }), "no login within 10 s: {err}");
    assert_eq!(sim.stats().logins, 1);
    tokio::time::advance(Duration::from_millis(2_700)).await;
    tokio::time::resume();
    session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.expect("reconnects");
    assert_eq!(sim.stats().logins, 2);
}

#[tokio::test]
async fn a_command_past_its_deadline_is_cancelled_by_tag_and_the_connection_answers_the_next() {
    let sim = simulator().await;
    let mut client = logged_in(&sim).await;
    sim.update_faults(&FaultsUpdate { delay_ms: Some(300), ..FaultsUpdate::default() });
    let deadline = tokio::time::Instant::now() + Duration::from_millis(100);
    let err = client.run_until(InterfaceRow::request(&[]), deadline).await.unwrap_err();
    assert!(err.is_timeout() && !err.is_connection_broken(), "{err}");
    sim.clear_faults();
    // The late rows of the print and the replies to its /cancel carry other tags: skipped.
    let identity: Vec<SystemIdentity> = client.query(SystemIdentity::request()).await.unwrap();
    assert_eq!(identity.len(), 1);
    // /login, the print, its /cancel and the identity, all on the one connection.
    let seen = sim.stats();
    assert_eq!((seen.commands, seen.logins, seen.connections_accepted), (4, 1, 1), "{seen:?}");
}

#[tokio::test]
async fn a_malformed_row_is_skipped_and_the_connection_kept() {
    let sim = simulator().await;
    let mut session = session(&sim);
    let all = session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap();
    sim.set_faults(Faults { malformed_row: true, ..Faults::default() });
    for _ in 0..3 {
        let rows =
            session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.expect("good rows still count");
        assert_eq!(rows.len(), all.len(), "only the row without .id is left out");
        assert!(rows.iter().all(|row| row.name != "no-id"));
    }
    assert!(session.is_connected());
    assert_eq!(sim.stats().logins, 1);
}

#[tokio::test]
async fn delayed_replies_within_the_deadline_succeed_and_beyond_it_time_out() {
    let sim = simulator().await;
    let mut session = session(&sim);
    session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap();
    tokio::time::pause();
    sim.update_faults(&FaultsUpdate { delay_ms: Some(2_500), ..FaultsUpdate::default() });
    session.query::<SystemIdentity>(SystemIdentity::request()).await.expect("2.5 s is within 3 s");
    sim.update_faults(&FaultsUpdate { delay_ms: Some(3_500), ..FaultsUpdate::default() });
    let err = session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
}

/// Puts the simulator in `faults`, checks the session fails with a broken connection, then
/// clears the faults and checks the very next use reconnects and works.
async fn breaks_then_recovers(faults: Faults, expect: fn(&Error) -> bool) {
    let sim = simulator().await;
    let mut session = session(&sim);
    session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap();
    sim.set_faults(faults.clone());
    let err = session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap_err();
    assert!(expect(&err), "{faults:?}: unexpected {err:?}");
    assert!(err.is_connection_broken() && !session.is_connected(), "{faults:?}: {err}");
    sim.clear_faults();
    let rows = session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.expect("reconnected");
    assert!(!rows.is_empty());
    assert_eq!(sim.stats().logins, 2, "{faults:?}: exactly one new login");
}

#[tokio::test]
async fn dropped_mid_sentence_reconnects() {
    breaks_then_recovers(Faults { drop_mid_sentence: true, ..Faults::default() }, |e| {
        matches!(e, Error::Io(_))
    })
    .await;
}

#[tokio::test]
async fn garbage_control_byte_reconnects() {
    breaks_then_recovers(Faults { garbage: true, ..Faults::default() }, |e| matches!(e, Error::Frame(_)))
        .await;
}

#[tokio::test]
async fn fatal_reconnects() {
    breaks_then_recovers(Faults { fatal: true, ..Faults::default() }, |e| matches!(e, Error::Fatal(_))).await;
}

#[tokio::test]
async fn trap_fails_the_command_but_keeps_the_connection() {
    let sim = simulator().await;
    let mut session = session(&sim);
    sim.set_faults(Faults { trap: true, ..Faults::default() });
    let err = session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap_err();
    assert!(matches!(err, Error::Trap { .. }) && !err.is_connection_broken(), "{err}");
    assert!(session.is_connected());
    sim.clear_faults();
    session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap();
    assert_eq!(sim.stats().logins, 1);
}

#[tokio::test]
async fn empty_fault_gives_zero_rows() {
    let sim = simulator().await;
    let mut session = session(&sim);
    sim.set_faults(Faults { empty: true, ..Faults::default() });
    assert!(session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap().is_empty());
}

#[tokio::test]
async fn refused_connections_back_off_then_reconnect() {
    let sim = simulator().await;
    let mut session = session(&sim);
    session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap();
    sim.set_faults(Faults { refuse: true, ..Faults::default() });

    // The open connection is closed by the router, then new ones are refused.
    let first = session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap_err();
    assert!(first.is_connection_broken(), "{first}");
    let refused = session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap_err();
    assert!(
        matches!(&refused, Error::Connect { source, .. } if source.kind() == std::io::ErrorKind::ConnectionRefused),
        "{refused:?}"
    );
    // Within the backoff, no connection is even attempted.
    let accepted = sim.stats().connections_accepted;
    let backing_off = session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap_err();
    assert!(matches!(backing_off, Error::BackingOff { .. }), "{backing_off:?}");
    assert_eq!(sim.stats().connections_accepted, accepted);

    sim.clear_faults();
    tokio::time::pause();
    tokio::time::advance(Duration::from_secs(1)).await;
    tokio::time::resume();
    session.query::<SystemIdentity>(SystemIdentity::request()).await.expect("reconnects after the backoff");
}

#[tokio::test]
async fn counter_reset_and_pppoe_recreate_show_in_the_next_reading() {
    let sim = simulator().await;
    let mut session = session(&sim);
    let read = |rows: Vec<InterfaceRow>, name: &str| rows.into_iter().find(|r| r.name == name).unwrap();
    let before = read(session.query(InterfaceRow::request(&[])).await.unwrap(), "<pppoe-budi>");
    assert!(sim.recreate("<pppoe-budi>"));
    let after = read(session.query(InterfaceRow::request(&[])).await.unwrap(), "<pppoe-budi>");
    assert_ne!(before.id, after.id);
    assert!(after.tx_byte.unwrap() <= before.tx_byte.unwrap());

    let ether1 = read(session.query(InterfaceRow::request(&[])).await.unwrap(), "ether1");
    sim.reset_counters();
    let reset = read(session.query(InterfaceRow::request(&[])).await.unwrap(), "ether1");
    assert!(reset.rx_byte.unwrap() < ether1.rx_byte.unwrap());
    assert_eq!(reset.id, ether1.id, "a counter reset keeps the .id");
}

#[tokio::test]
async fn one_session_keeps_one_connection_and_one_login() {
    let sim = simulator().await;
    let mut session = session(&sim);
    for _ in 0..50 {
        session.query::<InterfaceRow>(InterfaceRow::request(&[])).await.unwrap();
    }
    let stats = sim.stats();
    assert_eq!((stats.logins, stats.connections_accepted, stats.open_connections), (1, 1, 1));
}
