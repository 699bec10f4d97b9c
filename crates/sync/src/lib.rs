//! Teams: one book shared by several people, end-to-end encrypted, through a
//! stock PostgreSQL server (issue 15, docs/SYNC.md).
//!
//! - [`server`]: the server's schema and its forward-only migrations
//!   ([`server::server_setup`]), and what a member reads and writes there.
//! - [`keys`]: the team key, each member's key pairs, and the team key
//!   wrapped for one member.
//! - [`envelope`]: a change from the vault's change log as the server stores
//!   it — encrypted with the team key and signed by its author — and the
//!   checks that turn it back into a change.
//! - [`exchange`]: pushing a vault's changes to the server as events and
//!   pulling the team's events back as verified changes.
//! - `throwaway` (feature `throwaway`): a PostgreSQL server in a temp
//!   directory, for tests.
//!
//! Tauri-free, like the rest of `crates/`.

pub mod envelope;
pub mod exchange;
pub mod keys;
pub mod server;
pub mod team;
#[cfg(feature = "throwaway")]
pub mod throwaway;

pub use envelope::{EnvelopeError, Roster};
pub use keys::{MemberKey, MemberPublicKey, TeamKey};
pub use server::ServerError;
