//! Key material. These types are deliberately not `Clone`, `Serialize` or
//! `Debug`-transparent: a key is created, used and zeroized, and can only leave
//! this crate through the few functions that need it (SQLCipher's `PRAGMA key`,
//! the keychain, the wrapped-key header).

use std::fmt;

use rand::RngCore;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The random 256-bit key that SQLCipher encrypts the database with.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; DataKey::LEN]);

impl DataKey {
    pub const LEN: usize = 32;

    /// A fresh key from the operating system's CSPRNG.
    pub fn generate() -> Self {
        let mut bytes = [0u8; Self::LEN];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Takes ownership of raw bytes (from the keychain or an unwrapped header slot).
    /// The caller's buffer is zeroized whatever the outcome.
    pub fn from_bytes(mut bytes: Vec<u8>) -> Option<Self> {
        let key = <[u8; Self::LEN]>::try_from(bytes.as_slice()).ok().map(Self);
        bytes.zeroize();
        key
    }

    pub(crate) fn expose(&self) -> &[u8; Self::LEN] {
        &self.0
    }

    /// The SQLCipher raw-key literal, `"x'<64 hex>'"`, for `PRAGMA key` / `ATTACH … KEY`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", hex::encode(self.0)))
    }

    /// `x'<hex>'` without the outer quotes, for binding as an SQL parameter.
    pub(crate) fn sqlcipher_param(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0)))
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// Something the user typed or was given to unlock the vault: a passphrase or a
/// recovery key. Zeroized on drop, redacted when printed.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// For "type it twice" confirmation.
    pub fn same_as(&self, other: &Secret) -> bool {
        self.0 == other.0
    }

    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

/// The recovery key shown once when a vault is created: 160 random bits written
/// as eight groups of five Crockford base-32 characters, e.g. `7K3QZ-…`.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct RecoveryKey(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl RecoveryKey {
    pub fn generate() -> Self {
        let mut raw = Zeroizing::new([0u8; 25]);
        rand::rng().fill_bytes(raw.as_mut());
        // 25 bytes = 200 bits; we use 40 symbols × 5 bits = 200 bits.
        let mut out = String::with_capacity(47);
        let mut acc: u32 = 0;
        let mut bits = 0;
        let mut symbols = 0;
        for byte in raw.iter() {
            acc = (acc << 8) | u32::from(*byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                let index = ((acc >> bits) & 31) as usize;
                if symbols > 0 && symbols % 5 == 0 {
                    out.push('-');
                }
                out.push(char::from(CROCKFORD[index]));
                symbols += 1;
            }
        }
        acc.zeroize();
        Self(out)
    }

    /// The key as the user should write it down.
    pub fn display(&self) -> &str {
        &self.0
    }

    /// A typed recovery key is compared in canonical form: case, spaces, dashes and
    /// the usual look-alikes (O→0, I/L→1) do not matter.
    pub(crate) fn normalise(typed: &str) -> Zeroizing<String> {
        Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| match c.to_ascii_uppercase() {
                    'O' => '0',
                    'I' | 'L' => '1',
                    other => other,
                })
                .collect(),
        )
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_print_redacted() {
        let key = DataKey::generate();
        let hex = hex::encode(key.expose());
        let printed = format!("{key:?} {:?} {:?}", Secret::new("hunter2"), RecoveryKey::generate());
        assert!(!printed.contains(&hex));
        assert!(!printed.contains("hunter2"));
        assert!(printed.contains("<redacted>"));
    }

    #[test]
    fn data_keys_are_random_and_sized() {
        assert_ne!(DataKey::generate().expose(), DataKey::generate().expose());
        assert!(DataKey::from_bytes(vec![1; 31]).is_none());
        assert!(DataKey::from_bytes(vec![1; 32]).is_some());
    }

    #[test]
    fn recovery_key_shape_and_normalisation() {
        let key = RecoveryKey::generate();
        let shown = key.display();
        assert_eq!(shown.len(), 47, "{shown}");
        assert_eq!(shown.split('-').count(), 8);
        assert!(shown.chars().all(|c| c == '-' || CROCKFORD.contains(&(c as u8))));
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(*RecoveryKey::normalise(&typed), shown.replace('-', ""));
        assert_eq!(*RecoveryKey::normalise("o-i l"), "011");
    }
}
