//! The stats service against the simulator over real TCP, with tokio's clock paused so cache
//! lifetimes, deadlines and the stale limit are exact and nothing sleeps for real.

mod support;

use std::time::Duration;

use routeros_traffic::model::RouterProblem;
use routeros_traffic::routeros::sim::faults::Faults;
use routeros_traffic::routeros::sim::{SimStats, Simulator};
use routeros_traffic::stats::{ServedTable, StatsService};
use support::*;
use tokio::time::{advance, Instant};

const TTL: Duration = Duration::from_secs(5);

fn rx_bps(answer: &ServedTable, name: &str) -> Option<f64> {
    answer.interfaces().iter().find(|s| s.info.name == name).and_then(|s| s.rx_bps)
}

/// Primes the cache (the first fetch takes two readings) and lets it expire.
async fn primed(sim: &Simulator) -> StatsService {
    let stats = stats_service(sim);
    stats.table().await.expect("first table");
    advance(TTL).await;
    stats
}

#[tokio::test(start_paused = true)]
async fn the_first_answer_already_has_rates_about_a_second_in() {
    let sim = simulator().await;
    let stats = stats_service(&sim);
    let started = Instant::now();
    let answer = stats.table().await.unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(1), "two readings one second apart");
    assert!(rx_bps(&answer, "ether1").is_some_and(|bps| bps > 1e6), "ether1 has a rate");
    assert!(!answer.stale());
}

#[tokio::test(start_paused = true)]
async fn requests_during_the_warm_up_wait_for_the_reading_with_rates() {
    let sim = simulator().await;
    let stats = stats_service(&sim);
    let first = stats.clone();
    let (a, b) = tokio::join!(first.table(), async {
        // Paused time only moves when the runtime is idle, so this wakes while the first
        // request waits between its two readings.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let commands = sim.stats().commands;
        assert_eq!(commands, 2, "the login and the first reading, so far");
        stats.table().await
    });
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.fetched_at(), b.fetched_at(), "both get the second reading");
    assert!(rx_bps(&b, "ether1").is_some(), "never the first reading, which has no rates");
}

#[tokio::test(start_paused = true)]
async fn fifty_concurrent_requests_on_a_miss_cost_one_command() {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    let before = sim.stats().commands;
    let answers = futures::future::join_all((0..50).map(|_| stats.table())).await;
    assert_eq!(sim.stats().commands - before, 1);
    let first = answers[0].as_ref().unwrap().fetched_at();
    assert!(answers.iter().all(|a| a.as_ref().is_ok_and(|a| a.fetched_at() == first && !a.stale())));
}

#[tokio::test(start_paused = true)]
async fn thirty_seconds_of_fifty_viewers_is_one_login_and_a_command_per_cache_period() {
    let sim = simulator().await;
    let stats = stats_service(&sim);
    let started = Instant::now();
    // Fifty dashboards polling every 2 s.
    while started.elapsed() < Duration::from_secs(30) {
        let answers = futures::future::join_all((0..50).map(|_| stats.table())).await;
        assert!(answers.iter().all(Result::is_ok));
        advance(Duration::from_secs(2)).await;
    }
    let router = sim.stats();
    assert_eq!(router.logins, 1);
    assert_eq!(router.connections_accepted, 1);
    // /login, the warm-up pair, then one print per expired 5 s cache period.
    assert!(router.commands <= 1 + 2 + 7, "{router:?}");
}

#[tokio::test(start_paused = true)]
async fn no_router_traffic_while_nobody_asks() {
    let sim = simulator().await;
    let _stats = primed(&sim).await;
    let before = sim.stats();
    advance(Duration::from_secs(600)).await;
    assert_eq!(sim.stats(), before);
}

#[tokio::test(start_paused = true)]
async fn a_hang_is_stale_within_the_deadline_then_503_then_fresh_after_recovery() {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    let good = stats.table().await.unwrap();
    assert!(!good.stale());
    let last_good = good.fetched_at();

    sim.set_faults(Faults { hang: true, ..Faults::default() });
    advance(TTL).await;
    let asked = Instant::now();
    let stale = stats.table().await.unwrap();
    assert!(asked.elapsed() <= COMMAND_DEADLINE + Duration::from_millis(2), "{:?}", asked.elapsed());
    assert!(stale.stale() && stale.fetched_at() == last_good, "the last good table, marked stale");

    // Keep polling every 2 s: stale until the stale limit, then unavailable.
    let mut unavailable = None;
    for _ in 0..30 {
        assert!(sim.stats().open_connections <= 1, "{:?}", sim.stats());
        match stats.table().await {
            Ok(answer) => {
                assert!(answer.stale() && answer.age <= Duration::from_secs(30), "{:?}", answer.age)
            }
            Err(error) => {
                unavailable = Some(error);
                break;
            }
        }
        advance(Duration::from_secs(2)).await;
    }
    let unavailable = unavailable.expect("503 after the stale limit");
    assert_eq!(unavailable.problem, RouterProblem::TooSlow { deadline_ms: 3_000 });
    assert_eq!(unavailable.problem.to_string(), "router too slow (no answer in 3 s)");

    sim.clear_faults();
    let mut recovered = None;
    for _ in 0..30 {
        assert!(sim.stats().open_connections <= 1, "{:?}", sim.stats());
        if let Ok(answer) = stats.table().await {
            if !answer.stale() {
                recovered = Some(answer);
                break;
            }
        }
        advance(Duration::from_secs(2)).await;
    }
    let recovered = recovered.expect("fresh data once the router answers again");
    assert!(recovered.fetched_at() > last_good);
}

/// A fault makes the next miss stale (the old table, with the problem in words); once it is
/// cleared, polling every 2 s gets fresh data again within `recovers_within`.
async fn stale_then_fresh(faults: Faults, problem: &str, recovers_within: Duration) {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    let good = stats.table().await.unwrap();
    sim.set_faults(faults.clone());
    advance(TTL).await;
    let during = stats.table().await.unwrap_or_else(|e| panic!("{faults:?}: {e:?}"));
    assert!(during.stale() && during.fetched_at() == good.fetched_at(), "{faults:?}");
    assert_eq!(during.problem.as_ref().map(ToString::to_string).as_deref(), Some(problem), "{faults:?}");
    sim.clear_faults();
    let cleared = Instant::now();
    loop {
        advance(Duration::from_secs(2)).await;
        if stats.table().await.is_ok_and(|after| !after.stale() && after.fetched_at() > good.fetched_at()) {
            break;
        }
        assert!(
            cleared.elapsed() <= recovers_within,
            "{faults:?}: still not fresh after {:?}",
            cleared.elapsed()
        );
    }
}

#[tokio::test(start_paused = true)]
async fn every_fault_switch_serves_stale_data_with_its_cause_then_recovers() {
    let next_period = TTL + Duration::from_secs(2);
    for (faults, problem, recovers_within) in [
        (Faults { drop_mid_sentence: true, ..Faults::default() }, "router unreachable", next_period),
        (
            Faults { garbage: true, ..Faults::default() },
            "router sent data that is not the RouterOS API",
            next_period,
        ),
        (
            Faults { fatal: true, ..Faults::default() },
            "router answered with an error: session ended: simulated failure",
            next_period,
        ),
        (
            Faults { trap: true, ..Faults::default() },
            "router answered with an error: simulated failure",
            next_period,
        ),
        (Faults { refuse: true, ..Faults::default() }, "router unreachable", next_period),
        (Faults { delay_ms: 4_000, ..Faults::default() }, "router too slow (no answer in 3 s)", next_period),
        // Silent: the connection is closed at the next attempt, and the login after it waits
        // at least 10 s.
        (
            Faults { hang: true, ..Faults::default() },
            "router too slow (no answer in 3 s)",
            Duration::from_secs(25),
        ),
        (
            Faults { stall_commands: true, ..Faults::default() },
            "router too slow (no answer in 3 s)",
            Duration::from_secs(25),
        ),
    ] {
        stale_then_fresh(faults, problem, recovers_within).await;
    }
}

/// Twenty dashboards polling every 2 s for 30 s while the router fails as `faults`: what the
/// router sees.
async fn twenty_viewers_for_thirty_seconds(faults: Faults) -> SimStats {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    sim.set_faults(faults);
    let before = sim.stats();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        futures::future::join_all((0..20).map(|_| stats.table())).await;
        advance(Duration::from_secs(2)).await;
    }
    let after = sim.stats();
    SimStats {
        commands: after.commands - before.commands,
        logins: after.logins - before.logins,
        failed_logins: after.failed_logins - before.failed_logins,
        connections_accepted: after.connections_accepted - before.connections_accepted,
        ..after
    }
}

#[tokio::test(start_paused = true)]
async fn a_router_that_traps_every_command_gets_one_per_cache_period_and_no_login() {
    let seen = twenty_viewers_for_thirty_seconds(Faults { trap: true, ..Faults::default() }).await;
    println!("!trap, 20 viewers, 30 s: {seen:?}");
    assert!(seen.commands <= 7, "one command per 5 s period: {seen:?}");
    assert_eq!((seen.logins, seen.connections_accepted), (0, 0), "the session is kept: {seen:?}");
}

#[tokio::test(start_paused = true)]
async fn a_router_that_logs_in_but_never_answers_sees_at_most_one_login_per_ten_seconds() {
    let seen = twenty_viewers_for_thirty_seconds(Faults { stall_commands: true, ..Faults::default() }).await;
    println!("logins answered, commands never, 20 viewers, 30 s: {seen:?}");
    assert!(seen.logins <= 2, "{seen:?}");
    // At most one command and its /cancel per 5 s period, and the logins.
    assert!(seen.commands <= 2 * 6 + seen.logins, "{seen:?}");
}

/// When the logins to a router that answers no command happen, over two minutes of 20 viewers.
/// Each connection is found silent at its second command (login + 3 s + 5 s + 3 s), and the
/// next login waits 10 s, then 20 s: a login does not reset the wait.
#[tokio::test(start_paused = true)]
async fn logins_to_a_silent_router_are_at_least_ten_seconds_apart_and_the_wait_doubles() {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    sim.set_faults(Faults { stall_commands: true, ..Faults::default() });
    let started = Instant::now();
    let mut logins_at = Vec::new();
    let mut logins = sim.stats().logins;
    while started.elapsed() < Duration::from_secs(120) {
        futures::future::join_all((0..20).map(|_| stats.table())).await;
        if sim.stats().logins > logins {
            logins = sim.stats().logins;
            logins_at.push(started.elapsed());
        }
        advance(Duration::from_secs(1)).await;
    }
    println!("logins to a silent router, 120 s: at {logins_at:?}");
    assert!(logins_at.len() >= 2, "{logins_at:?}");
    // The first new login comes after the first silent connection is closed (11 s) and a wait
    // of at least 10 s; the next one after the same 11 s and a wait of at least 20 s.
    assert!(logins_at[0] >= Duration::from_secs(20), "{logins_at:?}");
    assert!(logins_at[1] - logins_at[0] >= Duration::from_secs(30), "{logins_at:?}");
}

#[tokio::test(start_paused = true)]
async fn a_router_that_breaks_every_command_after_login_is_not_logged_in_to_every_period() {
    let seen = twenty_viewers_for_thirty_seconds(Faults { garbage: true, ..Faults::default() }).await;
    println!("garbage after login, 20 viewers, 30 s: {seen:?}");
    assert!(seen.logins <= 2, "{seen:?}");
}

#[tokio::test(start_paused = true)]
async fn a_request_that_gives_up_does_not_cut_the_attempt_short() {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    sim.set_faults(Faults { stall_commands: true, ..Faults::default() });
    // A viewer closes the tab one second into the attempt.
    let gave_up = tokio::time::timeout(Duration::from_secs(1), stats.table()).await;
    assert!(gave_up.is_err());
    let commands = sim.stats().commands;
    // The attempt ran on to its deadline and is remembered: the next viewer gets its outcome
    // at once, without a new command.
    advance(Duration::from_secs(3)).await;
    let asked = Instant::now();
    let answer = stats.table().await.unwrap();
    assert_eq!(asked.elapsed(), Duration::ZERO, "answered from the cache");
    assert_eq!(answer.problem.map(|p| p.to_string()).as_deref(), Some("router too slow (no answer in 3 s)"));
    assert!(sim.stats().commands <= commands + 1, "at most the /cancel of the stuck command");
    assert_eq!(sim.stats().logins, 1, "the connection was kept");
}

#[tokio::test(start_paused = true)]
async fn a_refused_login_is_not_retried_for_a_minute() {
    let sim = simulator().await;
    let stats = stats_service(&sim);
    sim.set_faults(Faults { refuse_logins: true, ..Faults::default() });
    let started = Instant::now();
    let mut answers = Vec::new();
    while started.elapsed() < Duration::from_secs(59) {
        answers.extend(futures::future::join_all((0..20).map(|_| stats.table())).await);
        advance(Duration::from_secs(1)).await;
    }
    let seen = sim.stats();
    println!("wrong password, 20 viewers, 59 s: {seen:?}");
    assert_eq!((seen.logins, seen.failed_logins), (0, 1), "{seen:?}");
    for answer in answers {
        let unavailable = answer.expect_err("no data without a login");
        assert_eq!(unavailable.problem.to_string(), "login refused (check user and password)");
    }
    // A minute on (75 s at most, with the jitter), one more try; with the password right
    // again, it gets in.
    sim.clear_faults();
    advance(Duration::from_secs(17)).await;
    let table = stats.table().await.expect("logged in after the backoff");
    assert!(!table.stale());
    assert_eq!((sim.stats().logins, sim.stats().failed_logins), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn a_command_that_times_out_costs_no_login_while_the_router_still_answers() {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    sim.set_faults(Faults { delay_ms: 3_500, ..Faults::default() });
    // Three attempts (3 s each, 5 s apart) stay within the 30 s stale limit.
    for _ in 0..3 {
        let answer = stats.table().await.unwrap();
        assert!(answer.stale(), "3.5 s is past the 3 s deadline");
        advance(TTL).await;
    }
    assert_eq!((sim.stats().logins, sim.stats().connections_accepted), (1, 1), "{:?}", sim.stats());
    sim.clear_faults();
    advance(TTL).await;
    assert!(!stats.table().await.unwrap().stale(), "the same connection answers again");
    assert_eq!(sim.stats().logins, 1);
}

#[tokio::test(start_paused = true)]
async fn a_failed_attempt_is_remembered_for_the_cache_period() {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    sim.set_faults(Faults { trap: true, ..Faults::default() });
    let before = sim.stats().commands;
    let first = stats.table().await.unwrap();
    assert_eq!(sim.stats().commands - before, 1);
    // Within the period: the same stale table and problem, no command.
    advance(Duration::from_millis(4_900)).await;
    let again = stats.table().await.unwrap();
    assert_eq!((again.fetched_at(), again.problem.clone()), (first.fetched_at(), first.problem.clone()));
    assert_eq!(sim.stats().commands - before, 1);
    advance(Duration::from_millis(100)).await;
    stats.table().await.unwrap();
    assert_eq!(sim.stats().commands - before, 2, "the next period tries again");
}

#[tokio::test(start_paused = true)]
async fn a_slow_warm_up_keeps_its_first_reading_and_never_waits_past_the_deadline() {
    let sim = simulator().await;
    let stats = stats_service(&sim);
    // Each reply takes 0.9 s: the login, the first reading and the 1 s gap take 2.8 s, so the
    // second reading does not fit in the 3 s deadline.
    sim.set_faults(Faults { delay_ms: 900, ..Faults::default() });
    let asked = Instant::now();
    let answer = stats.table().await.expect("the first reading is kept");
    assert!(asked.elapsed() <= COMMAND_DEADLINE, "{:?}", asked.elapsed());
    assert!(answer.stale(), "the second reading missed the deadline");
    assert!(answer.interfaces().iter().any(|i| i.info.name == "ether1"));
}

#[tokio::test(start_paused = true)]
async fn an_empty_answer_is_an_empty_table_not_an_error() {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    sim.set_faults(Faults { empty: true, ..Faults::default() });
    let answer = stats.table().await.unwrap();
    assert!(answer.interfaces().is_empty() && !answer.stale());
}

#[tokio::test(start_paused = true)]
async fn counter_reset_and_pppoe_recreate_give_unknown_rates_not_spikes() {
    let sim = simulator().await;
    let stats = primed(&sim).await;
    let before = stats.table().await.unwrap();
    assert!(rx_bps(&before, "ether1").is_some() && rx_bps(&before, "<pppoe-citra>").is_some());

    sim.reset_counters();
    assert!(sim.recreate("<pppoe-citra>"));
    advance(TTL).await;
    let after = stats.table().await.unwrap();
    for name in ["ether1", "<pppoe-citra>"] {
        let s = after.interfaces().iter().find(|s| s.info.name == name).unwrap();
        assert_eq!((s.rx_bps, s.tx_bps), (None, None), "{name}");
    }
    advance(TTL).await;
    let next = stats.table().await.unwrap();
    assert!(rx_bps(&next, "ether1").is_some_and(|bps| bps >= 0.0), "rates return on the next reading");
}

#[tokio::test(start_paused = true)]
async fn rates_match_the_simulators_own_rates_within_one_percent() {
    let sim = simulator().await;
    let stats = stats_service(&sim);
    stats.table().await.unwrap();
    // The clock is paused, so readings fall on whole simulated seconds: read at t0 and t0 + 10 s.
    advance(TTL).await;
    let t0 = stats.table().await.unwrap();
    // The simulator's truth: the rate it reports for each second between the two readings.
    let mut truth = std::collections::HashMap::<String, f64>::new();
    for _ in 0..10 {
        advance(Duration::from_millis(500)).await;
        for interface in sim.interfaces() {
            *truth.entry(interface.name.clone()).or_default() += interface.rx_bps as f64 / 10.0;
        }
        advance(Duration::from_millis(500)).await;
    }
    let t1 = stats.table().await.unwrap();
    assert!(t1.fetched_at() > t0.fetched_at());
    let mut compared = 0;
    for measured in t1.interfaces() {
        let (Some(bps), Some(expected)) = (measured.rx_bps, truth.get(&measured.info.name)) else { continue };
        if *expected < 1_000.0 {
            continue;
        }
        let error = (bps - expected).abs() / expected;
        assert!(error <= 0.01, "{}: measured {bps} vs truth {expected}", measured.info.name);
        compared += 1;
    }
    assert!(compared >= 10, "compared {compared} interfaces");
}
