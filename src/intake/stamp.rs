//! The time trap: a signed timestamp in every form the receiver serves.
//!
//! People take more than a few seconds to fill in the form; scripts that
//! post it take less. The receiver writes the time it served the page into
//! a hidden field, signed (HMAC-SHA-256) with a key that never leaves the
//! server, so the age of a submission can be trusted. The key is created
//! on first start and kept by the store: in a file beside a SQLite
//! database, in a table of a PostgreSQL one, where every receiver reads
//! the same key.

use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The hidden field's name.
pub const FIELD: &str = "_ts";

/// What the timestamp of a submission says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// The form had no timestamp: sent from a static copy of the page.
    Missing,
    /// Filled in over a plausible time.
    Human,
    /// Sent sooner after the page was served than a person could.
    TooFast,
    /// The signature does not match: made up or altered.
    Forged,
    /// Served longer ago than a form stays valid.
    Expired,
}

/// Signs and checks timestamps.
pub struct Signer {
    key: Vec<u8>,
}

type HmacSha256 = Hmac<Sha256>;

/// Reads the signing key at `path`, creating it (mode 0600) if it is
/// missing.
pub fn load_or_create_key(path: &Path) -> std::io::Result<Vec<u8>> {
    match std::fs::read(path) {
        Ok(key) if key.len() >= 32 => return Ok(key),
        Ok(_) => {
            return Err(std::io::Error::other(format!(
                "{} is too short to be a signing key; delete it to make a new one",
                path.display()
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let key = new_key()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(&key)?;
    file.sync_all()?;
    Ok(key)
}

/// HMAC-SHA-256 of `text` under `key`.
pub(crate) fn hmac(key: &[u8], text: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(text);
    mac.finalize().into_bytes().into()
}

/// What a used stamp is remembered by: its SHA-256, in hex.
pub fn digest(stamp: &str) -> String {
    use sha2::Digest as _;
    crate::hex(&Sha256::digest(stamp.as_bytes()))
}

/// A new random signing key.
pub fn new_key() -> std::io::Result<Vec<u8>> {
    let mut key = vec![0u8; 32];
    getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(key)
}

impl Signer {
    /// A signer with the key `key`.
    pub fn with_key(key: &[u8]) -> Signer {
        Signer { key: key.to_vec() }
    }

    fn mac(&self, text: &str) -> Vec<u8> {
        hmac(&self.key, text.as_bytes()).to_vec()
    }

    /// The field value for a page served at `now` (Unix seconds).
    pub fn stamp(&self, now: u64) -> String {
        // A random part, so that two forms served in the same second carry
        // different stamps, each usable once.
        let mut nonce = [0u8; 12];
        let _ = getrandom::fill(&mut nonce);
        let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(nonce);
        let text = format!("{now}:{nonce}");
        let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.mac(&text));
        format!("{text}.{sig}")
    }

    /// Judges `value` (None when the field was absent) at `now`.
    pub fn check(&self, value: Option<&str>, now: u64, min_secs: u64, max_secs: u64) -> Stamp {
        let Some(value) = value else {
            return Stamp::Missing;
        };
        let Some((text, sig)) = value.rsplit_once('.') else {
            return Stamp::Forged;
        };
        let Ok(sig) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sig) else {
            return Stamp::Forged;
        };
        let mut mac = HmacSha256::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(text.as_bytes());
        if mac.verify_slice(&sig).is_err() {
            return Stamp::Forged;
        }
        // `time:nonce`, or a bare time from before stamps had a nonce.
        let time = text.split_once(':').map_or(text, |(time, _)| time);
        let Ok(served) = time.parse::<u64>() else {
            return Stamp::Forged;
        };
        let age = now.saturating_sub(served);
        if served > now + 5 || age < min_secs {
            Stamp::TooFast
        } else if age > max_secs {
            Stamp::Expired
        } else {
            Stamp::Human
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_forms_served_in_one_second_get_different_stamps() {
        let signer = Signer::with_key(&[7; 32]);
        let (a, b) = (signer.stamp(1_000), signer.stamp(1_000));
        assert_ne!(a, b);
        assert_eq!(signer.check(Some(&a), 1_030, 3, 3600), Stamp::Human);
        assert_eq!(signer.check(Some(&b), 1_030, 3, 3600), Stamp::Human);
    }

    #[test]
    fn stamps_tell_people_from_scripts() {
        let signer = Signer::with_key(&[7; 32]);
        let other = Signer::with_key(&[8; 32]);
        let value = signer.stamp(1_000);
        assert_eq!(signer.check(Some(&value), 1_030, 3, 3600), Stamp::Human);
        assert_eq!(signer.check(Some(&value), 1_001, 3, 3600), Stamp::TooFast);
        assert_eq!(signer.check(Some(&value), 9_000, 3, 3600), Stamp::Expired);
        assert_eq!(other.check(Some(&value), 1_030, 3, 3600), Stamp::Forged);
        let shifted = value.replacen("1000", "900", 1);
        assert_eq!(signer.check(Some(&shifted), 1_030, 3, 3600), Stamp::Forged);
        assert_eq!(signer.check(Some("junk"), 1_030, 3, 3600), Stamp::Forged);
        assert_eq!(signer.check(None, 1_030, 3, 3600), Stamp::Missing);
    }

    #[test]
    fn the_key_is_created_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let a = Signer::with_key(&load_or_create_key(&path).unwrap());
        let b = Signer::with_key(&load_or_create_key(&path).unwrap());
        assert_eq!(b.check(Some(&a.stamp(5)), 30, 3, 3600), Stamp::Human);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
