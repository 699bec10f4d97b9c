//! An event: one change from the vault's change log as the team server
//! stores it. The change is serialised, encrypted with the team key and
//! signed by its author, so the server (and anyone who reads its disks) learns
//! only which team, which member, the order, the size and the time.
//!
//! The bytes, as stored in `rapport.events.bytes`:
//!
//! ```text
//! format (1 byte) | nonce (24) | ciphertext (XChaCha20-Poly1305) | signature (64, Ed25519)
//! ```
//!
//! The team and the author are not in the bytes: they are the row's columns,
//! and both are bound in — as the AEAD's associated data and inside what the
//! signature covers — so an event moved to another team or another author's
//! name no longer verifies. The signature covers everything before it
//! (encrypt, then sign): a reader checks who wrote it before decrypting.

use std::collections::HashMap;

use chacha20poly1305::XNonce;
use chacha20poly1305::aead::{Aead, Payload};
use ed25519_dalek::{Signature, Signer, Verifier};
use rand::RngCore;
use rapport_core::changes::Change;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::Zeroizing;

pub use crate::keys::{MemberKey, MemberPublicKey, TeamKey};

/// The only format so far.
pub const FORMAT: u8 = 1;
const NONCE_LEN: usize = 24;
const SIGNATURE_LEN: usize = 64;
/// The AEAD's tag: a change of no bytes still has one.
const TAG_LEN: usize = 16;
/// What sealing adds to a change's JSON: format, nonce, tag and signature.
pub const OVERHEAD: usize = 1 + NONCE_LEN + TAG_LEN + SIGNATURE_LEN;
/// Separates these signatures and this associated data from any other use
/// of the same keys.
const CONTEXT: &[u8] = b"rapport event v1";

/// Why an event was refused. Each message is for a person reading a report
/// of refused events; none holds key material or the event's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("the event is damaged: {0}")]
    Malformed(String),
    #[error("the event names an author who is not a member of the team ({member})")]
    NotAMember { member: Uuid },
    #[error("the event's signature does not match its author {member}: it was altered or forged")]
    BadSignature { member: Uuid },
    #[error("the event by {member} is signed but cannot be decrypted with the team key")]
    Undecryptable { member: Uuid },
    #[error("the event by {member} decrypts to something that is not a change: {why}")]
    NotAChange { member: Uuid, why: String },
}

/// Who may write into a team: its members' public keys.
#[derive(Debug, Clone)]
pub struct Roster {
    team: Uuid,
    members: HashMap<Uuid, MemberPublicKey>,
}

impl Roster {
    pub fn new(team: Uuid) -> Self {
        Self { team, members: HashMap::new() }
    }

    pub fn team(&self) -> Uuid {
        self.team
    }

    pub fn admit(&mut self, member: Uuid, key: MemberPublicKey) {
        self.members.insert(member, key);
    }

    /// A member's key, `None` for someone outside the team.
    pub fn key(&self, member: Uuid) -> Option<MemberPublicKey> {
        self.members.get(&member).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// The associated data and the start of what the signature covers: the
/// context, the team and the author.
fn binding(team: Uuid, member: Uuid) -> Vec<u8> {
    let mut out = Vec::with_capacity(CONTEXT.len() + 32);
    out.extend_from_slice(CONTEXT);
    out.extend_from_slice(team.as_bytes());
    out.extend_from_slice(member.as_bytes());
    out
}

/// Turns a change into the bytes the server stores for `member` of `team`.
pub fn seal<T: Serialize>(change: &T, team: Uuid, member: Uuid, team_key: &TeamKey, author: &MemberKey) -> Vec<u8> {
    let plaintext =
        Zeroizing::new(serde_json::to_vec(change).expect("a change serialises to JSON: it holds only JSON values"));
    let bound = binding(team, member);
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let ciphertext = team_key
        .cipher()
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: &plaintext, aad: &bound })
        .expect("XChaCha20-Poly1305 encrypts any message shorter than 256 GiB");
    let mut bytes = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len() + SIGNATURE_LEN);
    bytes.push(FORMAT);
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&ciphertext);
    let signature = author.signing().sign(&signed_message(&bound, &bytes));
    bytes.extend_from_slice(&signature.to_bytes());
    bytes
}

fn signed_message(bound: &[u8], body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(bound.len() + body.len());
    message.extend_from_slice(bound);
    message.extend_from_slice(body);
    message
}

/// Checks an event the server returned for `member` of the roster's team and
/// gives back the change: the author must be a member, the signature theirs
/// over these exact bytes, and the ciphertext must open with the team key.
pub fn open(bytes: &[u8], member: Uuid, roster: &Roster, team_key: &TeamKey) -> Result<Change, EnvelopeError> {
    open_as(bytes, member, roster, team_key)
}

fn open_as<T: DeserializeOwned>(
    bytes: &[u8],
    member: Uuid,
    roster: &Roster,
    team_key: &TeamKey,
) -> Result<T, EnvelopeError> {
    if bytes.len() < OVERHEAD {
        return Err(EnvelopeError::Malformed(format!("{} bytes is too short for an event", bytes.len())));
    }
    if bytes[0] != FORMAT {
        return Err(EnvelopeError::Malformed(format!("unknown format {}", bytes[0])));
    }
    let author = roster.members.get(&member).ok_or(EnvelopeError::NotAMember { member })?;
    let (body, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
    let signature = Signature::from_slice(signature).map_err(|_| EnvelopeError::BadSignature { member })?;
    let bound = binding(roster.team, member);
    author
        .verifying()
        .verify(&signed_message(&bound, body), &signature)
        .map_err(|_| EnvelopeError::BadSignature { member })?;
    let (nonce, ciphertext) = body[1..].split_at(NONCE_LEN);
    let plaintext = Zeroizing::new(
        team_key
            .cipher()
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: &bound })
            .map_err(|_| EnvelopeError::Undecryptable { member })?,
    );
    serde_json::from_slice(&plaintext).map_err(|e| EnvelopeError::NotAChange { member, why: e.to_string() })
}

/// What a member pushes: a change with the hybrid logical clock its author
/// gave it (docs/SYNC.md, "Merge"). Sealed like a change, with one more
/// field inside the ciphertext.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub hlc: i64,
    #[serde(flatten)]
    pub change: Change,
}

/// [`open`] for an [`Event`].
pub fn open_event(bytes: &[u8], member: Uuid, roster: &Roster, team_key: &TeamKey) -> Result<Event, EnvelopeError> {
    open_as(bytes, member, roster, team_key)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use rapport_core::changes::{ChangeAction, ChangeMode, FieldDiff};
    use serde_json::json;

    use super::*;

    const CANARY: &str = "Zanzibar-canary-7f3a";

    fn change() -> Change {
        Change {
            seq: 42,
            at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap(),
            who: Some(format!("Ada {CANARY}")),
            mode: ChangeMode::Edit,
            action: ChangeAction::Update,
            entity: "account".into(),
            entity_id: "0193a1b2-0000-7000-8000-000000000001".into(),
            account_id: Some("0193a1b2-0000-7000-8000-000000000001".into()),
            fields: vec![
                FieldDiff { field: "name".into(), old: json!("Northwind"), new: json!(format!("Northwind {CANARY}")) },
                FieldDiff { field: "notes".into(), old: json!(null), new: json!(format!("met the CFO, {CANARY}")) },
            ],
        }
    }

    struct Team {
        id: Uuid,
        key: TeamKey,
        ada: (Uuid, MemberKey),
        roster: Roster,
    }

    fn team() -> Team {
        let id = Uuid::new_v4();
        let ada = (Uuid::new_v4(), MemberKey::generate());
        let mut roster = Roster::new(id);
        roster.admit(ada.0, ada.1.public());
        Team { id, key: TeamKey::generate(), ada, roster }
    }

    #[test]
    fn a_sealed_change_opens_to_the_same_change() {
        let t = team();
        let bytes = seal(&change(), t.id, t.ada.0, &t.key, &t.ada.1);
        assert_eq!(open(&bytes, t.ada.0, &t.roster, &t.key).unwrap(), change());
        // The server learns the size: the change's JSON plus 105 bytes.
        assert_eq!(OVERHEAD, 105);
        assert_eq!(bytes.len(), serde_json::to_vec(&change()).unwrap().len() + OVERHEAD);
    }

    #[test]
    fn the_bytes_hold_no_field_name_no_value_and_no_canary() {
        let t = team();
        let bytes = seal(&change(), t.id, t.ada.0, &t.key, &t.ada.1);
        for needle in [CANARY, "Northwind", "notes", "name", "account", "fields", "entity", "Ada", "update", "edit"] {
            assert!(!contains(&bytes, needle.as_bytes()), "the event's bytes contain {needle:?}");
        }
        // Two seals of the same change differ (fresh nonce): the server cannot
        // tell that two events say the same thing.
        assert_ne!(bytes, seal(&change(), t.id, t.ada.0, &t.key, &t.ada.1));
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let t = team();
        let bytes = seal(&change(), t.id, t.ada.0, &t.key, &t.ada.1);
        for i in 0..bytes.len() {
            let mut tampered = bytes.clone();
            tampered[i] ^= 0x01;
            let err = open(&tampered, t.ada.0, &t.roster, &t.key).unwrap_err();
            let expected = if i == 0 {
                EnvelopeError::Malformed("unknown format 0".into())
            } else {
                EnvelopeError::BadSignature { member: t.ada.0 }
            };
            assert_eq!(err, expected, "byte {i}");
        }
        let err = open(&bytes[..bytes.len() - 1], t.ada.0, &t.roster, &t.key).unwrap_err();
        assert_eq!(err, EnvelopeError::BadSignature { member: t.ada.0 });
        let err = open(&bytes[..40], t.ada.0, &t.roster, &t.key).unwrap_err();
        assert_eq!(err.to_string(), "the event is damaged: 40 bytes is too short for an event");
    }

    #[test]
    fn an_event_from_someone_outside_the_team_is_refused() {
        let t = team();
        let (mallory, mallory_key) = (Uuid::new_v4(), MemberKey::generate());
        let bytes = seal(&change(), t.id, mallory, &t.key, &mallory_key);
        let err = open(&bytes, mallory, &t.roster, &t.key).unwrap_err();
        assert_eq!(err, EnvelopeError::NotAMember { member: mallory });
        assert!(err.to_string().contains("not a member of the team"), "{err}");
    }

    #[test]
    fn a_forged_signature_is_refused() {
        let t = team();
        // Someone holding the team key (a former member, say) but not Ada's
        // signing key writes in her name.
        let forger = MemberKey::generate();
        let bytes = seal(&change(), t.id, t.ada.0, &t.key, &forger);
        let err = open(&bytes, t.ada.0, &t.roster, &t.key).unwrap_err();
        assert_eq!(err, EnvelopeError::BadSignature { member: t.ada.0 });
        assert!(err.to_string().contains("altered or forged"), "{err}");
    }

    #[test]
    fn an_event_moved_to_another_author_or_team_is_refused() {
        let mut t = team();
        let bob = (Uuid::new_v4(), MemberKey::generate());
        t.roster.admit(bob.0, bob.1.public());
        let bytes = seal(&change(), t.id, t.ada.0, &t.key, &t.ada.1);
        // The server claims Bob wrote Ada's event.
        assert_eq!(open(&bytes, bob.0, &t.roster, &t.key).unwrap_err(), EnvelopeError::BadSignature { member: bob.0 });
        // The server serves it in another team that Ada is also in.
        let mut other = Roster::new(Uuid::new_v4());
        other.admit(t.ada.0, t.ada.1.public());
        assert_eq!(open(&bytes, t.ada.0, &other, &t.key).unwrap_err(), EnvelopeError::BadSignature { member: t.ada.0 });
    }

    #[test]
    fn a_member_signing_with_another_team_key_is_reported_as_undecryptable() {
        let t = team();
        let bytes = seal(&change(), t.id, t.ada.0, &TeamKey::generate(), &t.ada.1);
        let err = open(&bytes, t.ada.0, &t.roster, &t.key).unwrap_err();
        assert_eq!(err, EnvelopeError::Undecryptable { member: t.ada.0 });
    }
}
