//! The `rapport` command end to end, run as a process on real vaults: one
//! test binary for the crate (each file here is a module).
//! `cargo test -p rapport-cli --test all meetings::` runs one module.

mod common;

mod blueprints;
mod care;
mod cli;
mod commitments;
mod history;
mod meetings;
mod team;
