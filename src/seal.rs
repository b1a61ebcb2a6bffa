//! Sealing answers to the practice's public keys, and opening them again
//! with a private key kept off the server (age, X25519).

use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use age::secrecy::ExposeSecret;

/// The public keys answers are sealed to: anyone holding one of the
/// matching private keys can read them, nobody else.
pub struct Recipients(Vec<age::x25519::Recipient>);

impl Recipients {
    /// Parses `age1…` recipient strings; the error names the bad one.
    pub fn parse(keys: &[String]) -> Result<Recipients, String> {
        if keys.is_empty() {
            return Err("no recipients: make a key pair with `candor intake keygen` and add the public key it prints (age1…) under `intake.recipients` in candor.yaml".to_string());
        }
        keys.iter()
            .map(|k| {
                age::x25519::Recipient::from_str(k.trim())
                    .map_err(|e| format!("`{k}` is not an age public key: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Recipients)
    }

    /// Encrypts `plaintext` to every recipient.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, String> {
        let encryptor =
            age::Encryptor::with_recipients(self.0.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| e.to_string())?;
        let mut sealed = Vec::with_capacity(plaintext.len() + 300);
        let mut writer = encryptor
            .wrap_output(&mut sealed)
            .map_err(|e| e.to_string())?;
        writer.write_all(plaintext).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(sealed)
    }
}

/// A new key pair: (the private identity file's text, the public key).
pub fn generate() -> (String, String) {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let secret = identity.to_string();
    let text = format!(
        "# candor intake key, created {}\n# public key: {public}\n{}\n",
        chrono::Utc::now().format("%Y-%m-%d"),
        secret.expose_secret()
    );
    (text, public)
}

/// Private keys read from an identity file.
pub struct Identities(Vec<Box<dyn age::Identity>>);

impl Identities {
    /// Reads age identity files; a submission opens with any of their
    /// keys, so submissions from before a change of key export beside
    /// those after it.
    pub fn load_all(paths: &[impl AsRef<Path>]) -> Result<Identities, String> {
        let mut all = Vec::new();
        for path in paths {
            all.extend(Identities::load(path.as_ref())?.0);
        }
        Ok(Identities(all))
    }

    /// Reads an age identity file.
    pub fn load(path: &Path) -> Result<Identities, String> {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("cannot read the key file {}: {e}", path.display()))?;
        let identities = age::IdentityFile::from_buffer(std::io::BufReader::new(file))
            .map_err(|e| format!("{} is not an age key file: {e}", path.display()))?
            .into_identities()
            .map_err(|e| format!("{} is not an age key file: {e}", path.display()))?;
        if identities.is_empty() {
            return Err(format!(
                "{} holds no key: give the private key file `candor intake keygen` wrote",
                path.display()
            ));
        }
        Ok(Identities(identities))
    }

    /// Decrypts one sealed submission.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, String> {
        let decryptor = age::Decryptor::new_buffered(sealed).map_err(|e| e.to_string())?;
        let mut reader = decryptor
            .decrypt(self.0.iter().map(|i| i.as_ref() as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys => {
                    "this key cannot open it: it was sealed to other keys".to_string()
                }
                other => other.to_string(),
            })?;
        let mut plain = Vec::new();
        reader.read_to_end(&mut plain).map_err(|e| e.to_string())?;
        Ok(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_answers_open_only_with_a_matching_key() {
        let (secret, public) = generate();
        let (_, other_public) = generate();
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key.txt");
        std::fs::write(&key, &secret).unwrap();
        let identities = Identities::load(&key).unwrap();

        let both = Recipients::parse(&[public.clone(), other_public]).unwrap();
        let plain = b"{\"note\":[\"a sentence nobody else may read\"]}";
        let sealed = both.seal(plain).unwrap();
        assert!(!sealed.windows(8).any(|w| w == b"sentence"));
        assert_eq!(identities.open(&sealed).unwrap(), plain);

        let (_, stranger) = generate();
        let sealed = Recipients::parse(&[stranger]).unwrap().seal(b"x").unwrap();
        assert!(identities
            .open(&sealed)
            .unwrap_err()
            .contains("sealed to other keys"));
        assert!(Recipients::parse(&["age1nope".into()]).is_err());
    }
}
