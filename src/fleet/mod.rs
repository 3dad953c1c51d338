//! The routers the server watches.

pub mod settings;
