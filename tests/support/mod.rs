//! Helpers shared by the integration tests: simulators and sessions on loopback.
#![allow(dead_code)] // each test binary uses its own subset of these helpers

pub mod app;

use std::time::Duration;

use routeros_traffic::routeros::sim::{SimConfig, Simulator};
use routeros_traffic::routeros::{Deadlines, Password, Session, Target};
use routeros_traffic::stats::{StatsService, StatsTimings};

pub const USER: &str = "admin";
pub const PASSWORD: &str = "s3cret-pass";

/// A simulator on a free loopback port with user `admin` and [`PASSWORD`].
pub async fn simulator() -> Simulator {
    simulator_with(SimConfig { password: PASSWORD.to_owned(), ..SimConfig::default() }).await
}

pub async fn simulator_with(config: SimConfig) -> Simulator {
    Simulator::start(([127, 0, 0, 1], 0).into(), config).await.expect("simulator starts")
}

pub fn target(sim: &Simulator) -> Target {
    Target {
        host: "127.0.0.1".to_owned(),
        port: sim.local_addr().port(),
        user: USER.to_owned(),
        password: Password::new(PASSWORD),
        tls: None,
        deadlines: Deadlines::default(),
    }
}

pub fn session(sim: &Simulator) -> Session {
    Session::new(target(sim)).expect("valid target")
}

pub const COMMAND_DEADLINE: Duration = Deadlines::DEFAULT;

/// The contract's defaults: 5 s cache, 3 s deadline, 30 s stale limit, 1 s warm-up
/// (the configuration's unit tests pin these values).
pub fn default_timings() -> StatsTimings {
    StatsTimings::default()
}

/// A stats service reading `sim`, as the dashboard server builds it.
pub fn stats_service(sim: &Simulator) -> StatsService {
    StatsService::new("test-router", session(sim), default_timings())
}
