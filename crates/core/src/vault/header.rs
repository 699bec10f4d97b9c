//! The vault header: a small JSON file next to the database that holds the data
//! key *wrapped* (XChaCha20-Poly1305) under keys derived with Argon2id from the
//! user's passphrase and from the recovery key. It lets the vault be opened when
//! the OS keychain is empty, gone or absent, and holds nothing readable.

use std::fs;
use std::io::Write;
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::{DataKey, RecoveryKey, Secret};

pub const HEADER_FORMAT: u32 = 1;

/// Argon2id cost: 64 MiB, 3 passes, 1 lane. Stored per slot so a later version
/// can raise it without breaking existing vaults.
pub const KDF_MEMORY_KIB: u32 = 64 * 1024;
pub const KDF_PASSES: u32 = 3;
pub const KDF_LANES: u32 = 1;

/// Where the key for `PRAGMA key` comes from on an ordinary start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeySource {
    /// The OS keychain holds the data key; unlock needs no typing.
    Keychain,
    /// Only the passphrase (or the recovery key) unlocks the vault.
    Passphrase,
}

impl KeySource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Keychain => "keychain",
            Self::Passphrase => "passphrase",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotKind {
    Passphrase,
    Recovery,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kdf {
    algorithm: String,
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Slot {
    kind: SlotKind,
    kdf: Kdf,
    cipher: String,
    nonce: String,
    wrapped_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub vault_id: String,
    pub created_at: String,
    pub key_source: KeySource,
    /// Set once the database has been keyed and migrated at creation (and
    /// on the first unlock of a vault made before this field existed). From
    /// then on, a missing or empty database next to this header is a lost
    /// database, never an interrupted creation or an empty book. Absent in
    /// older headers, which read as `false`.
    #[serde(default)]
    pub initialised: bool,
    slots: Vec<Slot>,
}

impl Header {
    /// A header for a new vault, with a recovery slot and, when given, a passphrase slot.
    pub fn new(
        key: &DataKey,
        key_source: KeySource,
        passphrase: Option<&Secret>,
        recovery: &RecoveryKey,
        created_at: String,
    ) -> Result<Self> {
        let vault_id = uuid::Uuid::new_v4().to_string();
        let mut slots = Vec::with_capacity(2);
        if let Some(passphrase) = passphrase {
            slots.push(Slot::seal(SlotKind::Passphrase, passphrase.expose().as_bytes(), key, &vault_id)?);
        }
        let normalised = RecoveryKey::normalise(recovery.display());
        slots.push(Slot::seal(SlotKind::Recovery, normalised.as_bytes(), key, &vault_id)?);
        Ok(Self { format: HEADER_FORMAT, vault_id, created_at, key_source, initialised: false, slots })
    }

    pub fn has_passphrase(&self) -> bool {
        self.slots.iter().any(|s| s.kind == SlotKind::Passphrase)
    }

    /// Tries the typed secret as passphrase and as recovery key. `None` means it
    /// opened no slot (wrong secret); nothing is written either way.
    pub fn unwrap_key(&self, typed: &Secret) -> Result<Option<(DataKey, SlotKind)>> {
        let recovery_form = RecoveryKey::normalise(typed.expose());
        let looks_like_recovery = recovery_form.len() == 40;
        let mut order: Vec<&Slot> = self.slots.iter().collect();
        // Try the likely slot first: each attempt costs a full Argon2id run.
        order.sort_by_key(|s| (s.kind == SlotKind::Recovery) != looks_like_recovery);
        for slot in order {
            let input: &[u8] = match slot.kind {
                SlotKind::Passphrase => typed.expose().as_bytes(),
                SlotKind::Recovery => recovery_form.as_bytes(),
            };
            if let Some(key) = slot.open(input, &self.vault_id)? {
                return Ok(Some((key, slot.kind)));
            }
        }
        Ok(None)
    }

    /// Replaces (or adds) the passphrase slot.
    pub fn set_passphrase(&mut self, key: &DataKey, passphrase: &Secret) -> Result<()> {
        self.slots.retain(|s| s.kind != SlotKind::Passphrase);
        self.slots.insert(0, Slot::seal(SlotKind::Passphrase, passphrase.expose().as_bytes(), key, &self.vault_id)?);
        Ok(())
    }

    /// Reads and checks a header. Anything but a well-formed header of a known
    /// format (random bytes, a truncated or emptied file) is damage:
    /// [`Error::Corrupt`], never an I/O or internal error.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = fs::read(path).map_err(|e| Error::io("reading the vault header", path, e))?;
        let damaged = |why: String| {
            Error::Corrupt(format!(
                "the vault header {} is damaged ({why}); restore it from a backup (rapport restore)",
                path.display()
            ))
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(damaged("it is empty".into()));
        }
        let header: Header = serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
        if header.format != HEADER_FORMAT {
            return Err(Error::Corrupt(format!(
                "the vault header {} has format {}, this version of Rapport reads format {HEADER_FORMAT}",
                path.display(),
                header.format
            )));
        }
        Ok(header)
    }

    /// Writes atomically: a temporary file in the same directory, fsynced, then
    /// renamed over the old header, so a crash leaves either the old or the new one.
    pub fn write(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Internal(e.to_string()))?;
        write_atomically(path, &json)
    }

    /// Like [`Header::write`], but fails (with `AlreadyExists`) rather than
    /// replace an existing header: used when creating a vault.
    pub fn write_new(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Internal(e.to_string()))?;
        write_file(path, &json, false)
    }
}

pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, true)
}

fn write_file(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io("creating a temporary file", dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io("writing", tmp.path(), e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io("syncing", tmp.path(), e))?;
    if replace {
        tmp.persist(path).map_err(|e| Error::io("replacing", path, e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| Error::io("creating", path, e.error))?;
    }
    if let Ok(dir) = fs::File::open(dir) {
        // Makes the rename itself durable; not every platform allows opening a directory.
        let _ = dir.sync_all();
    }
    Ok(())
}

fn derive(input: &[u8], kdf: &Kdf) -> Result<Zeroizing<[u8; 32]>> {
    let salt = hex::decode(&kdf.salt).map_err(|_| Error::Corrupt("a key slot's salt is not hex".into()))?;
    if kdf.algorithm != "argon2id" {
        return Err(Error::Corrupt(format!("unknown key derivation {}", kdf.algorithm)));
    }
    let params = Params::new(kdf.memory_kib, kdf.passes, kdf.lanes, Some(32))
        .map_err(|e| Error::Corrupt(format!("bad key derivation parameters: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(input, &salt, out.as_mut())
        .map_err(|e| Error::Internal(format!("key derivation failed: {e}")))?;
    Ok(out)
}

fn aad(vault_id: &str, kind: SlotKind) -> Vec<u8> {
    format!("rapport-vault-header/v{HEADER_FORMAT}/{vault_id}/{kind:?}").into_bytes()
}

impl Slot {
    fn seal(kind: SlotKind, input: &[u8], key: &DataKey, vault_id: &str) -> Result<Self> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut salt);
        rand::rng().fill_bytes(&mut nonce);
        let kdf = Kdf {
            algorithm: "argon2id".into(),
            memory_kib: KDF_MEMORY_KIB,
            passes: KDF_PASSES,
            lanes: KDF_LANES,
            salt: hex::encode(salt),
        };
        let kek = derive(input, &kdf)?;
        let wrapped = XChaCha20Poly1305::new(Key::from_slice(kek.as_ref()))
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.expose(), aad: &aad(vault_id, kind) })
            .map_err(|_| Error::Internal("could not wrap the data key".into()))?;
        Ok(Self {
            kind,
            kdf,
            cipher: "xchacha20poly1305".into(),
            nonce: hex::encode(nonce),
            wrapped_key: hex::encode(wrapped),
        })
    }

    fn open(&self, input: &[u8], vault_id: &str) -> Result<Option<DataKey>> {
        if self.cipher != "xchacha20poly1305" {
            return Err(Error::Corrupt(format!("unknown key-slot cipher {}", self.cipher)));
        }
        let nonce = hex::decode(&self.nonce).ok().filter(|n| n.len() == 24);
        let wrapped = hex::decode(&self.wrapped_key).ok();
        let (Some(nonce), Some(wrapped)) = (nonce, wrapped) else {
            return Err(Error::Corrupt("a key slot in the vault header is damaged".into()));
        };
        let kek = derive(input, &self.kdf)?;
        let opened = XChaCha20Poly1305::new(Key::from_slice(kek.as_ref()))
            .decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad: &aad(vault_id, self.kind) });
        Ok(opened.ok().and_then(DataKey::from_bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_and_recovery_both_unwrap_the_same_key_and_nothing_else_does() {
        let key = DataKey::generate();
        let recovery = RecoveryKey::generate();
        let header =
            Header::new(&key, KeySource::Passphrase, Some(&Secret::new("correct horse")), &recovery, "t".into())
                .unwrap();

        let (by_pass, kind) = header.unwrap_key(&Secret::new("correct horse")).unwrap().unwrap();
        assert_eq!(by_pass.expose(), key.expose());
        assert_eq!(kind, SlotKind::Passphrase);

        let typed = recovery.display().to_lowercase().replace('-', " ");
        let (by_recovery, kind) = header.unwrap_key(&Secret::new(typed)).unwrap().unwrap();
        assert_eq!(by_recovery.expose(), key.expose());
        assert_eq!(kind, SlotKind::Recovery);

        assert!(header.unwrap_key(&Secret::new("Correct horse")).unwrap().is_none());
    }

    #[test]
    fn header_json_holds_no_key_and_a_swapped_slot_fails() {
        let key = DataKey::generate();
        let recovery = RecoveryKey::generate();
        let header = Header::new(&key, KeySource::Keychain, None, &recovery, "t".into()).unwrap();
        let json = serde_json::to_string(&header).unwrap();
        assert!(!json.contains(&hex::encode(key.expose())));
        assert!(!json.contains(recovery.display()));
        assert!(json.contains("\"memory_kib\":65536"));

        // A slot moved to another vault (different AAD) must not open.
        let mut other = header.clone();
        other.vault_id = "someone-else".into();
        assert!(other.unwrap_key(&Secret::new(recovery.display())).unwrap().is_none());
    }
}
