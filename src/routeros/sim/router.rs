//! The simulated router's state: a small ISP's interfaces, their counters, and PPPoE customers
//! that come and go. Time is tokio's, so tests can pause and advance it.

use std::time::Duration;

use tokio::time::Instant;

use super::traffic::{unit, Profile};

/// Names of the dynamic PPPoE customers.
const CUSTOMERS: [&str; 12] =
    ["andi", "budi", "citra", "dewi", "eko", "fajar", "gita", "hadi", "indah", "joko", "kartika", "lukman"];

/// Chance per second that a connected customer's session drops (about one drop in 30 min each).
const DROP_CHANCE_PER_SECOND: f64 = 1.0 / 1800.0;

/// One interface as the router reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Interface {
    /// Number behind `.id` (`*1A`).
    pub id: u32,
    pub name: String,
    pub kind: &'static str,
    pub comment: Option<String>,
    pub running: bool,
    pub disabled: bool,
    pub rx_byte: u64,
    pub tx_byte: u64,
    /// Packet counters, advanced with the byte counters.
    pub rx_packet: u64,
    pub tx_packet: u64,
    /// Rates during the current simulated second, bits per second.
    pub rx_bps: u64,
    pub tx_bps: u64,
    profile: Profile,
    /// Traffic key: stable for an interface name, so the same customer behaves alike.
    key: u64,
    /// Sub-byte remainders, so counters are the exact integral of the rates.
    carry: [f64; 4],
}

impl Interface {
    pub fn dot_id(&self) -> String {
        format!("*{:X}", self.id)
    }

    pub fn is_pppoe(&self) -> bool {
        self.kind == "pppoe-in"
    }
}

/// The state of a port's link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Up,
    /// Enabled, but nothing is plugged in: `running=false`.
    Unplugged,
    /// Administratively off: `disabled=true`, `running=false`.
    Disabled,
}

/// An interface to create.
struct Port<'a> {
    name: &'a str,
    kind: &'static str,
    comment: Option<&'a str>,
    profile: Profile,
    link: Link,
}

impl<'a> Port<'a> {
    fn up(name: &'a str, kind: &'static str, comment: &'a str, profile: Profile) -> Self {
        Self { name, kind, comment: Some(comment), profile, link: Link::Up }
    }
}

/// A customer whose session is down, and when it comes back.
#[derive(Debug, Clone)]
struct Offline {
    name: String,
    back_at_second: u64,
}

#[derive(Debug)]
pub struct Router {
    seed: u64,
    pub identity: String,
    booted: Instant,
    /// Simulated time of day at boot, seconds.
    boot_second_of_day: u64,
    /// Simulated seconds fully accounted into the counters.
    accounted: Duration,
    interfaces: Vec<Interface>,
    offline: Vec<Offline>,
    next_id: u32,
}

fn name_key(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

impl Router {
    /// A small ISP's router, deterministic for `seed`, with its twelve named customers.
    pub fn new(seed: u64) -> Self {
        Self::with_customers(seed, CUSTOMERS.len())
    }

    /// The same router with `customers` PPPoE sessions: the named ones first, then
    /// `<pppoe-customer-013>` and on (a large RT/RW-net, for load measurements).
    pub fn with_customers(seed: u64, customers: usize) -> Self {
        let mut router = Self {
            seed,
            identity: "demo-isp-gw".to_owned(),
            booted: Instant::now(),
            // Start in the evening, when the chart has something to show.
            boot_second_of_day: 19 * 3600 + (seed % 7200),
            accounted: Duration::ZERO,
            interfaces: Vec::new(),
            offline: Vec::new(),
            next_id: 1,
        };
        let mbps = 1e6;
        let ports = [
            Port::up("ether1", "ether", "WAN uplink", Profile::new(420.0 * mbps, 95.0 * mbps, 0.25)),
            Port::up("ether2", "ether", "LAN core", Profile::new(60.0 * mbps, 260.0 * mbps, 0.3)),
            Port::up("ether3", "ether", "AP tower north", Profile::new(35.0 * mbps, 110.0 * mbps, 0.5)),
            Port {
                name: "ether4",
                kind: "ether",
                comment: None,
                profile: Profile::IDLE,
                link: Link::Unplugged,
            },
            Port {
                name: "ether5",
                kind: "ether",
                comment: Some("backup uplink"),
                profile: Profile::IDLE,
                link: Link::Disabled,
            },
            Port::up("bridge1", "bridge", "customers", Profile::new(55.0 * mbps, 330.0 * mbps, 0.3)),
            Port::up("vlan100", "vlan", "management", Profile::new(0.8 * mbps, 0.3 * mbps, 0.6)),
            Port::up("wlan1", "wlan", "hotspot lobi", Profile::new(6.0 * mbps, 24.0 * mbps, 0.8)),
        ];
        for port in ports {
            router.add(port);
        }
        // Counters of a router that has been up for weeks, past the 32-bit range. The WAN
        // uplink's have passed 2^53 (9 PB, three months at 1 GB/s): readers that hold numbers
        // as doubles, as the browser's JSON.parse does, round them and must still read them.
        for (i, interface) in router.interfaces.iter_mut().enumerate() {
            if interface.running {
                let base = if i == 0 { 1u64 << 53 } else { 5_000_000_000u64 << (i % 4) };
                interface.rx_byte = base + (unit(seed, i as u64, 1) * 1e9) as u64;
                interface.tx_byte = base / 3 + (unit(seed, i as u64, 2) * 1e9) as u64;
            }
        }
        for customer in CUSTOMERS.iter().take(customers) {
            router.connect_customer(customer);
        }
        for number in CUSTOMERS.len() + 1..=customers {
            router.connect_customer(&format!("customer-{number:03}"));
        }
        router
    }

    fn add(&mut self, port: Port) {
        let id = self.next_id;
        self.next_id += 1;
        let carries_traffic = port.link == Link::Up;
        self.interfaces.push(Interface {
            id,
            name: port.name.to_owned(),
            kind: port.kind,
            comment: port.comment.map(str::to_owned),
            running: carries_traffic,
            disabled: port.link == Link::Disabled,
            rx_byte: 0,
            tx_byte: 0,
            rx_packet: 0,
            tx_packet: 0,
            rx_bps: 0,
            tx_bps: 0,
            profile: if carries_traffic {
                port.profile
            } else {
                Profile { rx_peak_bps: 0.0, tx_peak_bps: 0.0, ..port.profile }
            },
            key: name_key(port.name),
            carry: [0.0; 4],
        });
    }

    /// A new session for a customer: a new `.id`, counters from zero.
    fn connect_customer(&mut self, customer: &str) {
        let key = name_key(customer);
        // A third of the customers barely use their line; the rest range up to 40 Mbps down.
        let profile = if unit(self.seed, key, 0) < 0.33 {
            Profile::IDLE
        } else {
            let down = 2e6 + unit(self.seed, key, 1) * 38e6;
            Profile::new(down / 8.0, down, 0.9)
        };
        let name = format!("<pppoe-{customer}>");
        // Seen from the router, a customer's download is the PPPoE interface's transmit.
        self.add(Port { name: &name, kind: "pppoe-in", comment: None, profile, link: Link::Up });
    }

    /// The current simulated second since boot.
    fn second_now(&self, now: Instant) -> u64 {
        now.saturating_duration_since(self.booted).as_secs()
    }

    /// Accounts traffic and PPPoE churn up to `now`.
    pub fn advance_to(&mut self, now: Instant) {
        let target = now.saturating_duration_since(self.booted);
        while self.accounted < target {
            let second = self.accounted.as_secs();
            let second_end = Duration::from_secs(second + 1);
            let slice_end = second_end.min(target);
            let slice = (slice_end - self.accounted).as_secs_f64();
            if self.accounted.subsec_nanos() == 0 {
                self.start_second(second);
            }
            for interface in &mut self.interfaces {
                let add = |counter: &mut u64, carry: &mut f64, per_second: f64| {
                    let exact = per_second * slice + *carry;
                    let whole = exact.floor();
                    *carry = exact - whole;
                    *counter = counter.wrapping_add(whole as u64);
                };
                let packet_bits = interface.profile.packet_bytes * 8.0;
                let [rx_carry, tx_carry, rxp_carry, txp_carry] = &mut interface.carry;
                add(&mut interface.rx_byte, rx_carry, interface.rx_bps as f64 / 8.0);
                add(&mut interface.tx_byte, tx_carry, interface.tx_bps as f64 / 8.0);
                add(&mut interface.rx_packet, rxp_carry, interface.rx_bps as f64 / packet_bits);
                add(&mut interface.tx_packet, txp_carry, interface.tx_bps as f64 / packet_bits);
            }
            self.accounted = slice_end;
        }
    }

    /// Sets every interface's rate for simulated second `second`, and drops or restores
    /// PPPoE sessions.
    fn start_second(&mut self, second: u64) {
        let day = self.boot_second_of_day + second;
        for interface in &mut self.interfaces {
            (interface.rx_bps, interface.tx_bps) =
                interface.profile.rates(self.seed, interface.key, second, day);
        }
        let seed = self.seed;
        let dropped: Vec<String> = self
            .interfaces
            .iter()
            .filter(|i| {
                i.is_pppoe() && second > 0 && unit(seed, i.key ^ 0xD809, second) < DROP_CHANCE_PER_SECOND
            })
            .map(|i| i.name.clone())
            .collect();
        for name in dropped {
            let back_in = 5 + (unit(seed, name_key(&name), second) * 40.0) as u64;
            self.interfaces.retain(|i| i.name != name);
            self.offline.push(Offline { name, back_at_second: second + back_in });
        }
        let (back, still_offline): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.offline).into_iter().partition(|o| o.back_at_second <= second);
        self.offline = still_offline;
        for customer in back {
            self.connect_customer(customer_of(&customer.name));
            if let Some(new) = self.interfaces.last_mut() {
                (new.rx_bps, new.tx_bps) = new.profile.rates(self.seed, new.key, second, day);
            }
        }
    }

    /// Every interface, after accounting up to `now`.
    pub fn interfaces(&mut self, now: Instant) -> &[Interface] {
        self.advance_to(now);
        &self.interfaces
    }

    pub fn uptime(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.booted)
    }

    /// `reset-counters` on every interface.
    pub fn reset_counters(&mut self, now: Instant) {
        self.advance_to(now);
        for interface in &mut self.interfaces {
            interface.rx_byte = 0;
            interface.tx_byte = 0;
            interface.rx_packet = 0;
            interface.tx_packet = 0;
            interface.carry = [0.0; 4];
        }
    }

    /// A PPPoE customer hangs up and stays away for `away`. Returns false when no such PPPoE
    /// interface exists.
    pub fn hang_up(&mut self, name: &str, away: Duration, now: Instant) -> bool {
        self.advance_to(now);
        let Some(index) = self.interfaces.iter().position(|i| i.name == name && i.is_pppoe()) else {
            return false;
        };
        self.interfaces.remove(index);
        let back_at_second = self.second_now(now) + away.as_secs().max(1);
        self.offline.push(Offline { name: name.to_owned(), back_at_second });
        true
    }

    /// Drops a PPPoE customer's session and connects it again at once: same name, new `.id`,
    /// counters from zero. Returns false when no such PPPoE interface exists.
    pub fn recreate(&mut self, name: &str, now: Instant) -> bool {
        self.advance_to(now);
        let Some(index) = self.interfaces.iter().position(|i| i.name == name && i.is_pppoe()) else {
            return false;
        };
        let old = self.interfaces.remove(index);
        self.connect_customer(customer_of(&old.name));
        let second = self.second_now(now);
        let day = self.boot_second_of_day + second;
        if let Some(new) = self.interfaces.last_mut() {
            (new.rx_bps, new.tx_bps) = new.profile.rates(self.seed, new.key, second, day);
        }
        true
    }
}

/// `andi` from `<pppoe-andi>`.
fn customer_of(name: &str) -> &str {
    name.trim_start_matches("<pppoe-").trim_end_matches('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn counters_are_the_integral_of_the_reported_rates() {
        let mut router = Router::new(42);
        let start = Instant::now();
        let before: Vec<(String, u64)> =
            router.interfaces(start).iter().map(|i| (i.name.clone(), i.rx_byte)).collect();
        // Walk second by second, summing the rates the router reports.
        let mut expected_bits: Vec<f64> = vec![0.0; before.len()];
        for s in 0..20 {
            let at = start + Duration::from_secs(s) + Duration::from_millis(500);
            for (i, interface) in router.interfaces(at).iter().enumerate().take(8) {
                expected_bits[i] += interface.rx_bps as f64;
            }
        }
        let end = router.interfaces(start + Duration::from_secs(20)).to_vec();
        for i in 0..8 {
            let counted = (end[i].rx_byte - before[i].1) as f64 * 8.0;
            assert!(
                (counted - expected_bits[i]).abs() <= 16.0,
                "{}: {counted} vs {}",
                end[i].name,
                expected_bits[i]
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn looks_like_a_small_isp() {
        let mut router = Router::new(1);
        let interfaces = router.interfaces(Instant::now());
        let kinds: Vec<&str> = interfaces.iter().map(|i| i.kind).collect();
        for kind in ["ether", "bridge", "vlan", "pppoe-in"] {
            assert!(kinds.contains(&kind), "{kind} missing");
        }
        assert_eq!(interfaces.iter().filter(|i| i.is_pppoe()).count(), 12);
        // A large RT/RW-net for load measurements: 250 interfaces, every name distinct.
        let mut large = Router::with_customers(1, 242);
        let names: std::collections::HashSet<String> =
            large.interfaces(Instant::now()).iter().map(|i| i.name.clone()).collect();
        assert_eq!(names.len(), 250);
        assert!(names.contains("<pppoe-customer-242>") && names.contains("<pppoe-lukman>"));
        assert!(interfaces.iter().any(|i| !i.running), "an unplugged port");
        assert!(interfaces.iter().any(|i| i.disabled), "a disabled port");
        assert!(interfaces[0].rx_byte > 1 << 53, "the uplink's counters past 2^53");
        assert!(interfaces[1].rx_byte > u64::from(u32::MAX), "counters past 32 bits");
    }

    #[tokio::test(start_paused = true)]
    async fn pppoe_sessions_come_and_go_with_new_ids_and_zero_counters() {
        let mut router = Router::new(5);
        let start = Instant::now();
        let ids = |r: &mut Router, at| -> Vec<(String, String)> {
            r.interfaces(at).iter().filter(|i| i.is_pppoe()).map(|i| (i.name.clone(), i.dot_id())).collect()
        };
        let first = ids(&mut router, start);
        let mut saw_fewer = false;
        let mut reconnected = None;
        for minute in 1..=120 {
            let at = start + Duration::from_secs(minute * 60);
            let now = ids(&mut router, at);
            saw_fewer |= now.len() < first.len();
            if let Some((name, id)) =
                now.iter().find(|(n, id)| first.iter().any(|(fn_, fid)| fn_ == n && fid != id))
            {
                reconnected = Some((name.clone(), id.clone()));
                break;
            }
        }
        assert!(saw_fewer || reconnected.is_some(), "no churn in two hours");
        assert!(reconnected.is_some(), "a customer came back with a new .id");
    }

    #[tokio::test(start_paused = true)]
    async fn recreate_and_reset_zero_the_counters() {
        let mut router = Router::new(9);
        let start = Instant::now();
        let later = start + Duration::from_secs(10);
        let old = router.interfaces(later).iter().find(|i| i.name == "<pppoe-budi>").unwrap().clone();
        assert!(router.recreate("<pppoe-budi>", later));
        let new = router.interfaces(later).iter().find(|i| i.name == "<pppoe-budi>").unwrap().clone();
        assert_ne!(old.id, new.id);
        assert_eq!((new.rx_byte, new.tx_byte), (0, 0));
        assert!(!router.recreate("ether1", later), "only PPPoE interfaces are recreated");

        router.reset_counters(later);
        assert!(router.interfaces(later).iter().all(|i| i.rx_byte == 0 && i.tx_byte == 0));
    }
}
