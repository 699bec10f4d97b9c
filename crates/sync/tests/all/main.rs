//! The team server against a real PostgreSQL: a throwaway server per test
//! (`rapport_sync::throwaway`), started as a non-root user in a temp dir.

mod common;
mod exchange;
mod server;
mod team;
