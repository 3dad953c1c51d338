//! Command-line interface: serve the dashboard (no arguments) or run the simulator.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::routeros::sim::DEFAULT_CUSTOMERS;
use crate::routeros::target::{API_PORT, DEFAULT_USER};

#[derive(Debug, Parser)]
#[command(
    name = "routeros-traffic",
    version,
    about = "Live RX/TX traffic dashboard for MikroTik routers",
    long_about = "Live RX/TX traffic dashboard for MikroTik routers.\n\n\
        With no subcommand, serves the dashboard for the routers stored in the data directory \
        (see `routers add`) and the one of ROUTEROS_HOST; with neither, on built-in simulated \
        routers (demo mode). Leptos settings come from ./Leptos.toml when present, and \
        LEPTOS_* variables override them.",
    after_help = crate::server::config::env_help()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run only the built-in RouterOS API simulator: a TCP server speaking the RouterOS API.
    Simulate(SimulateArgs),
    /// Manage the routers stored in the data directory. A running server picks changes up
    /// within 10 s.
    #[command(subcommand)]
    Routers(RoutersCommand),
    /// Manage the operators who log in.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Manage API tokens for scripts and Prometheus (`Authorization: Bearer TOKEN`).
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// Write a consistent copy of the database to FILE, also while the server runs.
    Backup {
        /// Where to write the copy; it must not exist yet.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user; the password (at least 8 characters) is read from standard input.
    Add {
        name: String,
        #[arg(long, value_enum, default_value_t = RoleArg::Viewer)]
        role: RoleArg,
        /// Read the password from the first line of standard input (required: it keeps the
        /// password out of the shell history and `ps`).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List the users and their roles.
    List,
    /// Remove a user; their sessions end.
    Remove { name: String },
    /// Set a user's password from standard input; their sessions end.
    Passwd {
        name: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Create a token and print it, once: only its hash is kept.
    Add {
        name: String,
        #[arg(long, value_enum, default_value_t = RoleArg::Viewer)]
        role: RoleArg,
    },
    /// List the tokens' names and roles.
    List,
    /// Revoke a token.
    Remove { name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    Admin,
    Viewer,
}

#[derive(Debug, Subcommand)]
pub enum RoutersCommand {
    /// Store a router.
    Add(AddRouterArgs),
    /// List the stored routers (never a password).
    List,
    /// Remove a stored router.
    Remove { name: String },
}

#[derive(Debug, Args)]
pub struct AddRouterArgs {
    /// 1 to 64 letters, digits, `-`, `_` and `.`.
    pub name: String,
    /// The router: `host`, `host:port` or `[v6]:port`.
    #[arg(long)]
    pub host: String,
    /// The API user [default: admin].
    #[arg(long)]
    pub user: Option<String>,
    /// Read the password from the first line of standard input, so it stays out of the shell
    /// history and `ps`. Without it, the password is empty.
    #[arg(long)]
    pub password_stdin: bool,
    /// API-SSL; needs exactly one of the three verification options.
    #[arg(long)]
    pub tls: bool,
    /// API-SSL: the SHA-256 fingerprint of the router's certificate.
    #[arg(long, value_name = "HEX", requires = "tls")]
    pub tls_fingerprint: Option<String>,
    /// API-SSL: a PEM file of the CA that signed the router's certificate.
    #[arg(long, value_name = "PEM", requires = "tls")]
    pub tls_ca_file: Option<PathBuf>,
    /// API-SSL without verifying the certificate: encrypted, but not authenticated.
    #[arg(long, requires = "tls")]
    pub tls_insecure_skip_verify: bool,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Address to listen on.
    #[arg(long, default_value_t = SocketAddr::from(([127, 0, 0, 1], API_PORT)))]
    pub listen: SocketAddr,
    /// API user name the simulator accepts.
    #[arg(long, default_value = DEFAULT_USER)]
    pub user: String,
    /// API password the simulator accepts (empty, like a new router).
    #[arg(long, default_value = "", hide_default_value = true)]
    pub password: String,
    /// Seed of the simulated traffic: the same seed gives the same traffic.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Simulate this many routers, on consecutive ports from --listen's, each with its own
    /// identity (sim-1, sim-2, ...) and traffic (seed, seed + 1, ...).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub routers: u16,
    /// PPPoE sessions (customers) per router, beside its 8 ports: 242 makes 250 interfaces.
    #[arg(long, default_value_t = DEFAULT_CUSTOMERS as u16, value_parser = clap::value_parser!(u16).range(0..=5000))]
    pub customers: u16,
    /// Log in like RouterOS before 6.43: only by the MD5 challenge.
    #[arg(long)]
    pub legacy_login: bool,
    /// Also serve an HTTP control port for tests: fault switches, counter resets, the truth.
    /// Never expose it beyond loopback.
    #[arg(long, value_name = "ADDR")]
    pub control: Option<SocketAddr>,
    /// Speak API-SSL with this PEM certificate (chain); needs --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn simulate_defaults_are_a_new_router() {
        let cli = Cli::try_parse_from(["routeros-traffic", "simulate"]).unwrap();
        let Some(Command::Simulate(args)) = cli.command else { panic!("expected simulate") };
        assert_eq!(args.listen, "127.0.0.1:8728".parse().unwrap());
        assert_eq!((args.user.as_str(), args.password.as_str()), ("admin", ""));
    }

    #[test]
    fn no_arguments_serves() {
        assert!(Cli::try_parse_from(["routeros-traffic"]).unwrap().command.is_none());
    }
}
