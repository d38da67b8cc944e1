//! `tte check`: one identity or passphrase rule on one value.

use clap::Subcommand;
use tte_core::Result;
use tte_core::date::Date;
use tte_core::identity::{DomainPolicy, Nik, Nip, PhoneNumber, check_same_person};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::passphrase::{Holder, PassphrasePolicy};

/// What to check.
#[derive(Subcommand)]
pub enum What {
    /// A 16-digit NIK.
    Nik {
        /// The NIK.
        value: String,
    },
    /// An 18-digit NIP.
    Nip {
        /// The NIP.
        value: String,
    },
    /// A NIK and a NIP: valid, and one person's (birth date and sex agree).
    NikNip {
        /// The NIK.
        nik: String,
        /// The NIP.
        nip: String,
    },
    /// An official e-mail against an institution's domains.
    Email {
        /// The address.
        value: String,
        /// Official domains (repeatable); Kaltim's when none.
        #[arg(long = "domain")]
        domains: Vec<String>,
        /// Accept the legacy kemdikbud.go.id domain.
        #[arg(long)]
        legacy: bool,
    },
    /// An Indonesian mobile number.
    Phone {
        /// The number.
        value: String,
    },
    /// A passphrase, read from standard input (never from the command line).
    Passphrase {
        /// Only the SOP's rule, without the stronger checks.
        #[arg(long)]
        seed_rule: bool,
        /// The holder's name, refused inside the passphrase.
        #[arg(long)]
        name: Option<String>,
    },
}

fn today() -> Date {
    SystemClock.now().date_utc()
}

fn nik_report(nik: &Nik) -> serde_json::Value {
    serde_json::json!({ "nik": nik.as_str(), "province": nik.province_code(),
        "birth_date": nik.birth_date().to_string(), "sex": format!("{:?}", nik.sex()) })
}

fn nip_report(nip: &Nip) -> serde_json::Value {
    let (year, month) = nip.appointment();
    serde_json::json!({ "nip": nip.formatted(), "birth_date": nip.birth_date().to_string(),
        "appointment": format!("{year:04}-{month:02}"), "sex": format!("{:?}", nip.sex()) })
}

/// Runs the check; returns what it decoded.
pub fn run(what: &What) -> Result<serde_json::Value> {
    let report = match what {
        What::Nik { value } => nik_report(&Nik::parse(value, today())?),
        What::Nip { value } => nip_report(&Nip::parse(value, today())?),
        What::NikNip { nik, nip } => {
            let (nik, nip) = check_same_person(nik, nip, today())?;
            serde_json::json!({ "nik": nik_report(&nik), "nip": nip_report(&nip), "same_person": true })
        }
        What::Email { value, domains, legacy } => {
            let policy = if domains.is_empty() { DomainPolicy::kaltim() } else { DomainPolicy::new("", domains) };
            let email = policy.with_legacy_allowed(*legacy).check(value)?;
            serde_json::json!({ "email": email.as_str() })
        }
        What::Phone { value } => serde_json::json!({ "phone": PhoneNumber::parse(value)?.as_str() }),
        What::Passphrase { seed_rule, name } => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| tte_core::Error::Serialization { detail: e.to_string() })?;
            let passphrase = line.trim_end_matches(['\r', '\n']);
            let policy = if *seed_rule { PassphrasePolicy::seed() } else { PassphrasePolicy::default() };
            let holder = Holder { name: name.as_deref(), ..Holder::default() };
            policy.check(passphrase, &holder)?;
            serde_json::json!({ "passphrase": "ok" })
        }
    };
    Ok(report)
}
