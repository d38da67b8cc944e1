//! Secrets handed to a person once (passphrases, link tokens, default passwords):
//! zeroized on drop and never shown by `Debug`.

use crate::{Error, Result};
use std::fmt;
use zeroize::Zeroizing;

/// A secret string. `Debug` prints `Secret(***)`; the memory is wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret itself; do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret::new(value)
    }
}

/// A secret in JSON input (a passphrase or token in a request) is a string. The parsed
/// string moves into the zeroized buffer without a copy.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Secret, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Fills `buf` from the operating system's random source.
pub(crate) fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::Random)
}

/// A uniformly random number in `0..bound` (`bound` > 0), by rejection sampling.
pub(crate) fn random_below(bound: u32) -> Result<u32> {
    let bound = bound.max(1);
    let zone = u32::MAX - (u32::MAX % bound);
    loop {
        let mut bytes = [0u8; 4];
        fill_random(&mut bytes)?;
        let value = u32::from_le_bytes(bytes);
        if value < zone {
            return Ok(value % bound);
        }
    }
}

/// A random URL-safe token of 256 bits (64 hex digits), for one-time links.
pub(crate) fn random_token() -> Result<Secret> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    fill_random(bytes.as_mut())?;
    Ok(Secret::new(crate::hex(bytes.as_ref())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = Secret::new("Rahasia#2026");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(secret.expose(), "Rahasia#2026");
    }

    #[test]
    fn random_draws_cover_the_range_and_tokens_differ() {
        let mut seen = [false; 7];
        for _ in 0..500 {
            seen[random_below(7).unwrap() as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.expose().len(), 64);
        assert_ne!(a, b);
    }
}
