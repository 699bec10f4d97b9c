//! A team's keys. The team key encrypts the team's events; each member has
//! two key pairs — Ed25519 to sign what they write, X25519 to receive the team
//! key — whose public halves the server and the team know.
//!
//! The team key travels wrapped for one member's X25519 key (an ephemeral
//! X25519 exchange, SHA-512 over the shared secret and both public keys as the
//! key derivation, XChaCha20-Poly1305 as the vault header uses):
//!
//! ```text
//! format (1) | ephemeral public key (32) | nonce (24) | encrypted team key (32 + 16)
//! ```
//!
//! bound to the team and the member (associated data), so a wrapped key
//! handed to another member or team does not open.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use ed25519_dalek::{SigningKey, VerifyingKey};
use rand::RngCore;
use sha2::{Digest, Sha512};
use uuid::Uuid;
use x25519_dalek::{PublicKey as AgreementPublic, StaticSecret};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

const WRAP_FORMAT: u8 = 1;
const NONCE_LEN: usize = 24;
/// The length of a wrapped team key.
pub const WRAPPED_LEN: usize = 1 + 32 + NONCE_LEN + 32 + 16;
/// Separates this key derivation and associated data from any other use.
const WRAP_CONTEXT: &[u8] = b"rapport team key v1";

fn random_32() -> Zeroizing<[u8; 32]> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    rand::rng().fill_bytes(bytes.as_mut());
    bytes
}

/// The key every member of a team holds, which encrypts the team's events.
/// Not `Clone`, printed as `<redacted>`, zeroized on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct TeamKey([u8; 32]);

impl TeamKey {
    /// A fresh key from the operating system's CSPRNG.
    pub fn generate() -> Self {
        Self(*random_32())
    }

    pub(crate) fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(&self.0))
    }

    /// The team key sealed so that only `member` of `team`, holding the
    /// private half of `to`, can open it. Safe to store on the server.
    pub fn wrap_for(&self, team: Uuid, member: Uuid, to: &MemberPublicKey) -> Vec<u8> {
        let ephemeral = StaticSecret::from(*random_32());
        let ephemeral_public = AgreementPublic::from(&ephemeral);
        let shared = ephemeral.diffie_hellman(&to.agreement);
        let key = wrapping_key(shared.as_bytes(), &ephemeral_public, &to.agreement);
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let aad = wrap_binding(team, member);
        let sealed = XChaCha20Poly1305::new(Key::from_slice(key.as_ref()))
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &self.0, aad: &aad })
            .expect("XChaCha20-Poly1305 encrypts 32 bytes");
        let mut out = Vec::with_capacity(WRAPPED_LEN);
        out.push(WRAP_FORMAT);
        out.extend_from_slice(ephemeral_public.as_bytes());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens a team key wrapped for `member` of `team` with that member's
    /// keys. `None` when it was not wrapped for them, or was altered.
    pub fn unwrap(wrapped: &[u8], team: Uuid, member: Uuid, mine: &MemberKey) -> Option<Self> {
        if wrapped.len() != WRAPPED_LEN || wrapped[0] != WRAP_FORMAT {
            return None;
        }
        let ephemeral_public = AgreementPublic::from(<[u8; 32]>::try_from(&wrapped[1..33]).ok()?);
        let (nonce, sealed) = wrapped[33..].split_at(NONCE_LEN);
        let shared = mine.agreement.diffie_hellman(&ephemeral_public);
        if !shared.was_contributory() {
            return None;
        }
        let key = wrapping_key(shared.as_bytes(), &ephemeral_public, &AgreementPublic::from(&mine.agreement));
        let aad = wrap_binding(team, member);
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new(Key::from_slice(key.as_ref()))
                .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: &aad })
                .ok()?,
        );
        Some(Self(<[u8; 32]>::try_from(plain.as_slice()).ok()?))
    }
}

fn wrapping_key(shared: &[u8; 32], ephemeral: &AgreementPublic, recipient: &AgreementPublic) -> Zeroizing<[u8; 32]> {
    let mut hash = Sha512::new();
    hash.update(WRAP_CONTEXT);
    hash.update(shared);
    hash.update(ephemeral.as_bytes());
    hash.update(recipient.as_bytes());
    let mut digest = hash.finalize();
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&digest[..32]);
    digest.as_mut_slice().zeroize();
    key
}

fn wrap_binding(team: Uuid, member: Uuid) -> Vec<u8> {
    [WRAP_CONTEXT, team.as_bytes(), member.as_bytes()].concat()
}

impl fmt::Debug for TeamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TeamKey(<redacted>)")
    }
}

/// A member's private keys: Ed25519 to sign their events, X25519 to receive
/// the team key. Not `Clone`, printed as `<redacted>`; both are zeroized on
/// drop (by ed25519-dalek and x25519-dalek).
pub struct MemberKey {
    signing: SigningKey,
    agreement: StaticSecret,
}

impl MemberKey {
    /// Fresh keys from the operating system's CSPRNG.
    pub fn generate() -> Self {
        Self { signing: SigningKey::from_bytes(&random_32()), agreement: StaticSecret::from(*random_32()) }
    }

    /// The halves the team (and the server) may know.
    pub fn public(&self) -> MemberPublicKey {
        MemberPublicKey { signing: self.signing.verifying_key(), agreement: AgreementPublic::from(&self.agreement) }
    }

    pub(crate) fn signing(&self) -> &SigningKey {
        &self.signing
    }

    /// The private keys as 64 bytes (Ed25519 seed, then X25519 secret), for
    /// the OS keychain: never written anywhere else.
    pub fn to_secret_bytes(&self) -> Zeroizing<[u8; 64]> {
        let mut out = Zeroizing::new([0u8; 64]);
        out[..32].copy_from_slice(&self.signing.to_bytes());
        out[32..].copy_from_slice(self.agreement.as_bytes());
        out
    }

    /// The keys back from [`Self::to_secret_bytes`].
    pub fn from_secret_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != 64 {
            return None;
        }
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(&bytes[..32]);
        let mut agreement = Zeroizing::new([0u8; 32]);
        agreement.copy_from_slice(&bytes[32..]);
        Some(Self { signing: SigningKey::from_bytes(&seed), agreement: StaticSecret::from(*agreement) })
    }
}

impl fmt::Debug for MemberKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemberKey(<redacted>)")
    }
}

/// A member's public keys, as the server's `members.public_key` holds them:
/// Ed25519 (32 bytes) then X25519 (32 bytes).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MemberPublicKey {
    signing: VerifyingKey,
    agreement: AgreementPublic,
}

impl MemberPublicKey {
    pub const LEN: usize = 64;

    pub fn to_bytes(&self) -> [u8; Self::LEN] {
        let mut out = [0u8; Self::LEN];
        out[..32].copy_from_slice(self.signing.as_bytes());
        out[32..].copy_from_slice(self.agreement.as_bytes());
        out
    }

    /// Reads keys from the server. `None` for anything that is not 64 bytes
    /// starting with a valid Ed25519 public key.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let bytes: [u8; Self::LEN] = bytes.try_into().ok()?;
        let signing = VerifyingKey::from_bytes(&bytes[..32].try_into().ok()?).ok()?;
        let agreement = AgreementPublic::from(<[u8; 32]>::try_from(&bytes[32..]).ok()?);
        Some(Self { signing, agreement })
    }

    pub(crate) fn verifying(&self) -> &VerifyingKey {
        &self.signing
    }

    /// A short digest of both public keys for people to compare:
    /// `1a2b 3c4d 5e6f 7a8b` (64 bits of SHA-512).
    pub fn fingerprint(&self) -> String {
        let digest = Sha512::new_with_prefix(b"rapport member fingerprint v1").chain_update(self.to_bytes()).finalize();
        digest[..8].chunks(2).map(|pair| format!("{:02x}{:02x}", pair[0], pair[1])).collect::<Vec<_>>().join(" ")
    }
}

/// What a joiner posts with their public keys to show they hold an
/// invitation's secret: a keyed digest over the team, their member id and
/// their keys (fixed-length fields, so no two inputs share a message). The
/// server cannot make one for keys of its own choosing: it never sees the
/// secret, which travels only in the invitation code.
pub fn invitation_proof(secret: &[u8; 32], team: Uuid, member: Uuid, key: &MemberPublicKey) -> [u8; 32] {
    let digest = Sha512::new_with_prefix(b"rapport invitation v1")
        .chain_update(secret)
        .chain_update(team.as_bytes())
        .chain_update(member.as_bytes())
        .chain_update(key.to_bytes())
        .finalize();
    let mut out = [0u8; 32];
    out.copy_from_slice(&digest[..32]);
    out
}

impl fmt::Debug for MemberPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemberPublicKey(")?;
        for b in self.to_bytes() {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_team_key_opens_only_for_its_member_and_team() {
        let team_key = TeamKey::generate();
        let (team, bob, bob_key) = (Uuid::new_v4(), Uuid::new_v4(), MemberKey::generate());
        let wrapped = team_key.wrap_for(team, bob, &bob_key.public());
        assert_eq!(wrapped.len(), WRAPPED_LEN);
        let opened = TeamKey::unwrap(&wrapped, team, bob, &bob_key).expect("Bob opens his wrapped key");
        assert_eq!(opened.0, team_key.0);
        assert!(!wrapped.windows(32).any(|w| w == team_key.0), "the team key is not in the wrapped bytes");

        // Someone else's keys, another member's name, another team: nothing.
        assert!(TeamKey::unwrap(&wrapped, team, bob, &MemberKey::generate()).is_none());
        assert!(TeamKey::unwrap(&wrapped, team, Uuid::new_v4(), &bob_key).is_none());
        assert!(TeamKey::unwrap(&wrapped, Uuid::new_v4(), bob, &bob_key).is_none());
        for i in 0..wrapped.len() {
            let mut tampered = wrapped.clone();
            tampered[i] ^= 0x01;
            assert!(TeamKey::unwrap(&tampered, team, bob, &bob_key).is_none(), "byte {i}");
        }
        assert!(TeamKey::unwrap(&wrapped[..WRAPPED_LEN - 1], team, bob, &bob_key).is_none());
        // Two wraps of one key differ (ephemeral key, nonce).
        assert_ne!(wrapped, team_key.wrap_for(team, bob, &bob_key.public()));
    }

    #[test]
    fn public_keys_round_trip_through_their_bytes() {
        let public = MemberKey::generate().public();
        assert_eq!(MemberPublicKey::from_bytes(&public.to_bytes()), Some(public));
        assert_eq!(MemberPublicKey::from_bytes(&public.to_bytes()[..32]), None);
        assert_eq!(MemberPublicKey::from_bytes(&[0u8; 63]), None);
    }

    #[test]
    fn private_keys_round_trip_and_proofs_bind_keys_team_and_member() {
        let key = MemberKey::generate();
        let back = MemberKey::from_secret_bytes(key.to_secret_bytes().as_slice()).unwrap();
        assert_eq!(back.public(), key.public());
        assert!(MemberKey::from_secret_bytes(&[1u8; 63]).is_none());
        assert_eq!(key.public().fingerprint().len(), 19);
        assert_ne!(key.public().fingerprint(), MemberKey::generate().public().fingerprint());

        let (secret, team, member) = ([7u8; 32], Uuid::new_v4(), Uuid::new_v4());
        let proof = invitation_proof(&secret, team, member, &key.public());
        assert_eq!(proof, invitation_proof(&secret, team, member, &back.public()));
        assert_ne!(proof, invitation_proof(&[8u8; 32], team, member, &key.public()));
        assert_ne!(proof, invitation_proof(&secret, Uuid::new_v4(), member, &key.public()));
        assert_ne!(proof, invitation_proof(&secret, team, Uuid::new_v4(), &key.public()));
        assert_ne!(proof, invitation_proof(&secret, team, member, &MemberKey::generate().public()));
    }

    #[test]
    fn keys_print_redacted() {
        assert_eq!(format!("{:?}", TeamKey::generate()), "TeamKey(<redacted>)");
        assert_eq!(format!("{:?}", MemberKey::generate()), "MemberKey(<redacted>)");
        let public = MemberKey::generate().public();
        assert!(format!("{public:?}").starts_with("MemberPublicKey("));
    }
}
