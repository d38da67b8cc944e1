//! The passphrase rule of the SOPs (at least 8 characters with an upper-case letter, a
//! lower-case letter, a digit and a special character) and the stronger checks a good
//! password library adds; a generator of random passphrases that always pass.

use crate::secret::{Secret, random_below};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// One broken rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Violation {
    /// Shorter than the minimum length.
    TooShort,
    /// Longer than the maximum length.
    TooLong,
    /// No upper-case letter.
    NoUppercase,
    /// No lower-case letter.
    NoLowercase,
    /// No digit.
    NoDigit,
    /// No special character.
    NoSpecial,
    /// Contains the holder's name, NIK, NIP, birth date or e-mail local part.
    ContainsPersonalData,
    /// Is, or is built around, a common password.
    CommonPassword,
    /// The same character repeated too often in a row.
    RepeatedCharacters,
    /// A run of consecutive letters, digits or keyboard keys.
    Sequence,
}

impl Violation {
    pub(crate) fn message_id(self) -> &'static str {
        match self {
            Violation::TooShort => "terlalu pendek",
            Violation::TooLong => "terlalu panjang",
            Violation::NoUppercase => "tidak memuat huruf kapital",
            Violation::NoLowercase => "tidak memuat huruf kecil",
            Violation::NoDigit => "tidak memuat angka",
            Violation::NoSpecial => "tidak memuat karakter khusus",
            Violation::ContainsPersonalData => "memuat nama, NIK, NIP, tanggal lahir atau email",
            Violation::CommonPassword => "terlalu umum / mudah ditebak",
            Violation::RepeatedCharacters => "memuat karakter yang sama berulang",
            Violation::Sequence => "memuat urutan huruf, angka atau tombol keyboard",
        }
    }

    pub(crate) fn message_en(self) -> &'static str {
        match self {
            Violation::TooShort => "too short",
            Violation::TooLong => "too long",
            Violation::NoUppercase => "no upper-case letter",
            Violation::NoLowercase => "no lower-case letter",
            Violation::NoDigit => "no digit",
            Violation::NoSpecial => "no special character",
            Violation::ContainsPersonalData => "contains the holder's name, NIK, NIP, birth date or e-mail",
            Violation::CommonPassword => "too common / easy to guess",
            Violation::RepeatedCharacters => "repeats one character too often",
            Violation::Sequence => "contains a run of letters, digits or keyboard keys",
        }
    }
}

/// What the policy knows about the passphrase's holder, to refuse passphrases made of it.
#[derive(Clone, Debug, Default)]
pub struct Holder<'a> {
    /// Full name.
    pub name: Option<&'a str>,
    /// NIK digits.
    pub nik: Option<&'a str>,
    /// NIP digits.
    pub nip: Option<&'a str>,
    /// E-mail address.
    pub email: Option<&'a str>,
}

/// A passphrase policy. [`PassphrasePolicy::seed`] is the SOPs' rule alone;
/// [`PassphrasePolicy::default`] adds the stronger checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassphrasePolicy {
    /// Minimum length in characters.
    pub min_length: usize,
    /// Maximum length in characters.
    pub max_length: Option<usize>,
    /// Require upper, lower, digit and special character.
    pub require_classes: bool,
    /// Refuse the holder's name, NIK, NIP, birth date and e-mail local part.
    pub refuse_personal_data: bool,
    /// Refuse common passwords (the shipped list), also with digits/symbols around or in leetspeak.
    pub refuse_common: bool,
    /// Longest allowed run of one repeated character.
    pub max_repeat: Option<usize>,
    /// Longest allowed run of consecutive letters, digits or keyboard keys.
    pub max_sequence: Option<usize>,
}

impl PassphrasePolicy {
    /// The rule of seed 003: ≥ 8 characters, ≥ 1 upper, ≥ 1 lower, ≥ 1 digit, ≥ 1 special.
    pub fn seed() -> PassphrasePolicy {
        PassphrasePolicy {
            min_length: 8,
            max_length: None,
            require_classes: true,
            refuse_personal_data: false,
            refuse_common: false,
            max_repeat: None,
            max_sequence: None,
        }
    }

    /// Every violated rule, in the order of [`Violation`]; empty when the passphrase passes.
    pub fn violations(&self, passphrase: &str, holder: &Holder<'_>) -> Vec<Violation> {
        let length = passphrase.chars().count();
        let has = |test: fn(&char) -> bool| passphrase.chars().any(|c| test(&c));
        let checks = [
            (Violation::TooShort, length < self.min_length),
            (Violation::TooLong, self.max_length.is_some_and(|max| length > max)),
            (Violation::NoUppercase, self.require_classes && !has(|c| c.is_uppercase())),
            (Violation::NoLowercase, self.require_classes && !has(|c| c.is_lowercase())),
            (Violation::NoDigit, self.require_classes && !has(char::is_ascii_digit)),
            (Violation::NoSpecial, self.require_classes && !has(|c| !c.is_alphanumeric() && !c.is_whitespace())),
            (Violation::ContainsPersonalData, self.refuse_personal_data && contains_personal_data(passphrase, holder)),
            (Violation::CommonPassword, self.refuse_common && is_common(passphrase)),
            (Violation::RepeatedCharacters, self.max_repeat.is_some_and(|max| longest_repeat(passphrase) > max)),
            (Violation::Sequence, self.max_sequence.is_some_and(|max| longest_sequence(passphrase) > max)),
        ];
        checks.iter().filter(|(_, broken)| *broken).map(|(v, _)| *v).collect()
    }

    /// `Ok` when the passphrase passes, else [`Error::WeakPassphrase`] listing every violation.
    pub fn check(&self, passphrase: &str, holder: &Holder<'_>) -> Result<()> {
        let violations = self.violations(passphrase, holder);
        if violations.is_empty() { Ok(()) } else { Err(Error::WeakPassphrase { violations }) }
    }

    /// A random passphrase of `length` characters (at least the policy's minimum and 12)
    /// drawn uniformly from letters, digits and specials, that passes this policy.
    pub fn generate(&self, length: usize, holder: &Holder<'_>) -> Result<Secret> {
        let length = length.max(self.min_length).max(12);
        let length = self.max_length.map_or(length, |max| length.min(max));
        let all: Vec<char> = [UPPER, LOWER, DIGITS, SPECIALS].concat().chars().collect();
        loop {
            let mut chars = Vec::with_capacity(length);
            for class in [UPPER, LOWER, DIGITS, SPECIALS] {
                chars.push(pick(&class.chars().collect::<Vec<_>>())?);
            }
            while chars.len() < length {
                chars.push(pick(&all)?);
            }
            shuffle(&mut chars)?;
            let candidate = Secret::new(chars.iter().collect::<String>());
            chars.iter_mut().for_each(|c| *c = '\0');
            if self.violations(candidate.expose(), holder).is_empty() {
                return Ok(candidate);
            }
        }
    }
}

impl Default for PassphrasePolicy {
    /// The seed rule plus: at most 128 characters, no personal data, no common password,
    /// no run of more than 3 equal characters, no sequence longer than 3.
    fn default() -> PassphrasePolicy {
        PassphrasePolicy {
            max_length: Some(128),
            refuse_personal_data: true,
            refuse_common: true,
            max_repeat: Some(3),
            max_sequence: Some(3),
            ..PassphrasePolicy::seed()
        }
    }
}

const UPPER: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijkmnopqrstuvwxyz";
const DIGITS: &str = "23456789";
const SPECIALS: &str = "!#$%&*+-=?@^_";

fn pick(alphabet: &[char]) -> Result<char> {
    let index = random_below(alphabet.len() as u32)? as usize;
    Ok(alphabet.get(index).copied().unwrap_or('#'))
}

fn shuffle(chars: &mut [char]) -> Result<()> {
    for i in (1..chars.len()).rev() {
        let j = random_below(i as u32 + 1)? as usize;
        chars.swap(i, j);
    }
    Ok(())
}

fn contains_personal_data(passphrase: &str, holder: &Holder<'_>) -> bool {
    let lower = passphrase.to_lowercase();
    let mut fragments: Vec<String> = Vec::new();
    if let Some(name) = holder.name {
        fragments.extend(name.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase));
    }
    if let Some(local) = holder.email.and_then(|e| e.split('@').next()) {
        fragments.push(local.to_lowercase());
        fragments.extend(local.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase));
    }
    for number in [holder.nik, holder.nip].into_iter().flatten() {
        fragments.push(number.to_string());
    }
    if let Some(nik) = holder.nik.filter(|n| n.len() == 16) {
        fragments.push(nik[6..12].to_string()); // DDMMYY (day + 40 for women)
    }
    if let Some(nip) = holder.nip.filter(|n| n.len() == 18) {
        fragments.push(nip[0..8].to_string()); // YYYYMMDD
        fragments.push(format!("{}{}{}", &nip[6..8], &nip[4..6], &nip[0..4])); // DDMMYYYY
        fragments.push(format!("{}{}{}", &nip[6..8], &nip[4..6], &nip[2..4])); // DDMMYY
    }
    fragments.iter().any(|f| f.chars().count() >= 3 && lower.contains(f.as_str()))
}

fn common_list() -> impl Iterator<Item = &'static str> {
    include_str!("../data/common-passwords.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn unleet(c: char) -> char {
    match c {
        '4' | '@' => 'a',
        '3' => 'e',
        '1' | '!' => 'i',
        '0' => 'o',
        '5' | '$' => 's',
        '7' => 't',
        other => other,
    }
}

fn is_common(passphrase: &str) -> bool {
    let lower = passphrase.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let unleeted: String = lower.chars().map(unleet).collect();
    let unleeted_core = unleeted.trim_matches(|c: char| !c.is_alphabetic());
    common_list().any(|entry| {
        let entry = entry.to_lowercase();
        entry == lower || entry == core || entry == unleeted || entry == unleeted_core
    })
}

fn longest_repeat(passphrase: &str) -> usize {
    let chars: Vec<char> = passphrase.chars().collect();
    let mut longest = usize::from(!chars.is_empty());
    let mut run = longest;
    for pair in chars.windows(2) {
        run = if pair[0] == pair[1] { run + 1 } else { 1 };
        longest = longest.max(run);
    }
    longest
}

const KEYBOARD_ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// Position of `c` as (row, column) in an ordered alphabet: a–z, 0–9 or a keyboard row.
fn positions(c: char) -> Vec<(usize, i32)> {
    let c = c.to_ascii_lowercase();
    let mut found = Vec::new();
    if c.is_ascii_lowercase() {
        found.push((10, i32::from(c as u8 - b'a')));
    }
    if c.is_ascii_digit() {
        found.push((11, i32::from(c as u8 - b'0')));
    }
    for (row, keys) in KEYBOARD_ROWS.iter().enumerate() {
        if let Some(col) = keys.find(c) {
            found.push((row, col as i32));
        }
    }
    found
}

/// Longest run of characters that step by +1 or −1 in one ordered alphabet.
fn longest_sequence(passphrase: &str) -> usize {
    let chars: Vec<char> = passphrase.chars().collect();
    let mut longest = usize::from(!chars.is_empty());
    for start in 0..chars.len() {
        for step in [1, -1] {
            for (row, col) in positions(chars[start]) {
                let mut length = 1;
                while let Some(next) = chars.get(start + length) {
                    let expected = col + step * length as i32;
                    if !positions(*next).contains(&(row, expected)) {
                        break;
                    }
                    length += 1;
                }
                longest = longest.max(length);
            }
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nobody() -> Holder<'static> {
        Holder::default()
    }

    #[test]
    fn the_seed_rule_alone() {
        let seed = PassphrasePolicy::seed();
        assert_eq!(seed.check("Abcdef1!", &nobody()), Ok(()));
        assert_eq!(
            seed.violations("abc", &nobody()),
            vec![Violation::TooShort, Violation::NoUppercase, Violation::NoDigit, Violation::NoSpecial]
        );
        assert_eq!(seed.violations("ABCDEFGH1!", &nobody()), vec![Violation::NoLowercase]);
    }

    #[test]
    fn check_reports_every_violation_at_once() {
        let policy = PassphrasePolicy::default();
        let err = policy.check("aaaa1234", &nobody()).unwrap_err();
        assert_eq!(
            err,
            Error::WeakPassphrase {
                violations: vec![
                    Violation::NoUppercase,
                    Violation::NoSpecial,
                    Violation::RepeatedCharacters,
                    Violation::Sequence
                ]
            }
        );
        assert_eq!(err.code(), 1200);
        assert!(err.message_id().contains("huruf kapital"));
        assert!(err.message_en().contains("no upper-case letter"));
    }

    #[test]
    fn personal_data_is_refused() {
        let policy = PassphrasePolicy::default();
        let holder = Holder {
            name: Some("Siti Rahmawati"),
            nik: Some("6472054508680003"),
            nip: Some("196808052000012001"),
            email: Some("s.rahma@kaltimprov.go.id"),
        };
        for bad in ["Rahmawati#92", "Xy#6472054508680003", "Kx#19680805a", "Rahma!2Kq", "Zq!450868pp", "05081968!Qw"] {
            assert!(policy.violations(bad, &holder).contains(&Violation::ContainsPersonalData), "{bad}");
        }
        assert_eq!(policy.check("Tg7#kuLm9!pW", &holder), Ok(()));
    }

    #[test]
    fn common_passwords_are_refused_in_disguise() {
        let policy = PassphrasePolicy::default();
        for bad in ["Password1!", "P@ssw0rd#", "2024Bismillah!", "Indonesia#45", "!!Merdeka17", "Sayangku#1"] {
            assert!(policy.violations(bad, &nobody()).contains(&Violation::CommonPassword), "{bad}");
        }
        assert!(!policy.violations("Kopi#Tubruk8", &nobody()).contains(&Violation::CommonPassword));
    }

    #[test]
    fn runs_and_sequences() {
        assert_eq!(longest_repeat("xAAAAy"), 4);
        assert_eq!(longest_sequence("x1234y"), 4);
        assert_eq!(longest_sequence("x9876y"), 4);
        assert_eq!(longest_sequence("Qwerty"), 6);
        assert_eq!(longest_sequence("zasdfq"), 4);
        assert_eq!(longest_sequence("AbCdX"), 4);
        assert_eq!(longest_sequence("a1b2c3"), 1);
        let policy = PassphrasePolicy::default();
        assert!(policy.violations("Xq#abc9K", &nobody()).is_empty());
        assert!(policy.violations("Xq#abcd9K", &nobody()).contains(&Violation::Sequence));
        assert!(policy.violations("Xq#aaaa9K", &nobody()).contains(&Violation::RepeatedCharacters));
        let mut long = "Ab1!".repeat(32);
        assert!(policy.violations(&long, &nobody()).is_empty());
        long.push('x');
        assert_eq!(policy.violations(&long, &nobody()), vec![Violation::TooLong]);
    }

    #[test]
    fn generated_passphrases_always_pass_and_differ() {
        let policy = PassphrasePolicy::default();
        let holder = Holder { name: Some("Budi Santoso"), ..Holder::default() };
        let mut seen = std::collections::HashSet::new();
        for _ in 0..300 {
            let secret = policy.generate(16, &holder).unwrap();
            assert_eq!(secret.expose().chars().count(), 16);
            assert_eq!(policy.check(secret.expose(), &holder), Ok(()));
            assert!(seen.insert(secret.expose().to_string()));
        }
        assert_eq!(policy.generate(4, &holder).unwrap().expose().chars().count(), 12);
    }
}
