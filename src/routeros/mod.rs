//! The RouterOS API: our own codec, client and simulator (the maintained crates are
//! AGPL/GPL or unmaintained). Server side only.
//!
//! - `codec`: bytes ⇄ words and sentences, no I/O
//! - `sentence`: requests and replies, values as bytes
//! - `connection`: framed sentences over any async stream
//! - `client`: login, tagged commands, deadlines; `rows`: typed rows
//! - `session`: one persistent, reconnecting session per router; `backoff`: how long it
//!   leaves a failing router alone; `target`: where a router is
//!   and how to log in; `tls`: API-SSL
//! - `sim`: the built-in router

pub mod backoff;
pub mod client;
pub mod codec;
pub mod connection;
pub mod error;
pub mod metrics;
pub mod rows;
pub mod sentence;
pub mod session;
pub mod sim;
pub mod target;
pub mod tls;

pub use client::Client;
pub use error::{Error, Result};
pub use session::Session;
pub use target::{Deadlines, Password, Target};
