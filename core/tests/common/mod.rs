//! Test world: a ledger on a manual clock, synthetic people and officials, and a driver
//! that knows how to take any row of any transition table with a valid payload.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
#[path = "../scratch/mod.rs"]
mod scratch;

pub use scratch::Scratch;
use std::path::Path;
use std::sync::OnceLock;
use tte_core::Result;
use tte_core::date::{DAY, Date, HOUR, Timestamp};
use tte_core::lifecycle::table::{self, Transition};
use tte_core::lifecycle::*;
use tte_core::pki::{CaConfig, Csr, Kdf, KeyAlgorithm, Keystore, KeystoreConfig, LocalCa, PrivateKey, SubjectInfo};
use tte_core::secret::Secret;

/// A synthetic civil servant (no real person's data).
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    pub email: String,
    pub nik: String,
    pub nip: String,
    pub phone: String,
    pub echelon: Echelon,
    pub passphrase: String,
}

impl Person {
    /// Person number `n`: birth date, sex and serials derived from `n`.
    pub fn synthetic(n: u32, echelon: Echelon) -> Person {
        let female = n % 2 == 1;
        let birth = Date::from_days_since_epoch(3_650 + i64::from(n) * 37);
        let (day, month, year) = (u32::from(birth.day()), u32::from(birth.month()), birth.year());
        let nik_day = if female { day + 40 } else { day };
        let nik = format!("647205{nik_day:02}{month:02}{:02}{:04}", year % 100, n + 1);
        let nip =
            format!("{year:04}{month:02}{day:02}2005{:02}{}{:03}", n % 12 + 1, if female { 2 } else { 1 }, n % 999 + 1);
        const NAMES: [&str; 6] =
            ["Ayu Contoh", "Bima Sampel", "Citra Uji", "Dimas Teladan", "Eka Percobaan", "Fajar Simulasi"];
        Person {
            name: format!("{} {n}", NAMES[n as usize % NAMES.len()]),
            email: format!("pegawai.uji{n}@kaltimprov.go.id"),
            nik,
            nip,
            phone: format!("0812{:08}", 10_000_000 + n),
            echelon,
            passphrase: format!("Kop1#Tubruk{}", n % 7 + 2),
        }
    }

    pub fn actor(&self) -> Actor {
        Actor::new(&self.email, Role::Applicant)
    }

    pub fn identity(&self) -> IdentityForm {
        IdentityForm { nik: self.nik.clone(), nip: self.nip.clone(), phone: self.phone.clone() }
    }

    pub fn applicant(&self) -> Applicant {
        Applicant {
            name: self.name.clone(),
            email: self.email.clone(),
            institution: INSTITUTION.into(),
            echelon: self.echelon,
        }
    }
}

pub fn official(role: Role) -> Actor {
    let id = match role {
        Role::Applicant => "pemohon@kaltimprov.go.id",
        Role::AgencyHead => "kepala.dinas@kaltimprov.go.id",
        Role::KadisKominfo => "kadis.kominfo@kaltimprov.go.id",
        Role::Verifier => "verifikator@kaltimprov.go.id",
        Role::Bsre => "ra@bsre.go.id",
        Role::TechnicalTeam => "tim.teknis@kaltimprov.go.id",
    };
    Actor::new(id, role)
}

pub fn doc(kind: DocumentKind) -> Document {
    Document::new(kind, format!("{kind:?} content").as_bytes())
}

pub fn recommendation(signer: Role) -> Document {
    doc(DocumentKind::Recommendation).signed_by(signer)
}

pub fn statement(kind: DocumentKind) -> Document {
    doc(kind).approved_by_superior()
}

/// 2026-11-30 08:00 WIB.
pub fn start_time() -> Timestamp {
    Timestamp::at_midnight_utc(Date::new(2026, 11, 30).unwrap()).plus(HOUR)
}

/// The custodian's recovery key, made once per test binary (RSA-3072 takes a while).
fn recovery_key() -> PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::generate(KeyAlgorithm::Rsa3072).unwrap()).clone()
}

/// Passphrase of the test CA.
pub const CA_PASSPHRASE: &str = "Kunci#CaUji77";

/// The embedded authority in `dir`: P-256 CA and ESIGN keys and a cheap scrypt, so that
/// hundreds of worlds stay fast; the code paths are those of the defaults.
fn authority(dir: &Path, now: Timestamp) -> EmbeddedAuthority {
    let kdf = Kdf::Scrypt { log_n: 4 };
    let ca_config = CaConfig { key_algorithm: KeyAlgorithm::P256, kdf, ..CaConfig::new(INSTITUTION) };
    let ca = LocalCa::init(&dir.join("ca"), ca_config, &Secret::new(CA_PASSPHRASE), now).unwrap();
    let recovery = recovery_key();
    let keystore_config = KeystoreConfig { kdf, ..KeystoreConfig::default() };
    let keystore = Keystore::init(&dir.join("keystore"), &recovery.public_key_der().unwrap(), keystore_config).unwrap();
    EmbeddedAuthority::new(ca, keystore, recovery, KeyAlgorithm::P256)
}

pub const INSTITUTION: &str = "Pemerintah Provinsi Kalimantan Timur";

/// A ledger on a manual clock plus what its users were handed.
pub struct World {
    pub dir: Scratch,
    pub ledger: Ledger,
    pub clock: ManualClock,
    pub people: Vec<Person>,
    pub links: HashMap<(String, LinkKind), Secret>,
    pub passphrases: HashMap<String, Secret>,
}

impl World {
    pub fn new() -> World {
        World::with_people(6)
    }

    /// A world whose staff database knows `count` synthetic people.
    pub fn with_people(count: u32) -> World {
        let people: Vec<Person> = (0..count).map(|n| Person::synthetic(n, Echelon::III)).collect();
        let directory = people.iter().fold(ListedDirectory::new(), |dir, p| dir.with_person(&p.nik, &p.nip));
        let clock = ManualClock::new(start_time());
        let dir = Scratch::new("world");
        let authority = authority(&dir.0, start_time().plus(-DAY));
        let ledger =
            Ledger::new(LifecycleConfig::default(), authority).with_clock(clock.clone()).with_directory(directory);
        World { dir, ledger, clock, people, links: HashMap::new(), passphrases: HashMap::new() }
    }

    pub fn person(&self, email: &str) -> Person {
        self.people.iter().find(|p| p.email == email).cloned().unwrap_or_else(|| panic!("no person {email}"))
    }

    fn remember(&mut self, outcome: &Outcome) {
        if let Some(case) = outcome.case_id() {
            for secret in &outcome.secrets {
                if let SecretKind::Link(kind) = secret.kind {
                    self.links.insert((case.to_string(), kind), secret.value.clone());
                }
            }
        }
        if let (Some(account), Some(pass)) = (&outcome.event.account, outcome.secret(SecretKind::Passphrase)) {
            self.passphrases.insert(account.clone(), pass.clone());
        }
    }

    pub fn open(&mut self, actor: &Actor, request: &Request) -> Result<Outcome> {
        let outcome = self.ledger.open(actor, request)?;
        self.remember(&outcome);
        Ok(outcome)
    }

    pub fn act(&mut self, actor: &Actor, case: &str, action: &Action) -> Result<Outcome> {
        let outcome = self.ledger.act(actor, case, action)?;
        if let Action::SetPassphrase { passphrase, .. } | Action::ChangePassphrase { new: passphrase, .. } = action
            && let Some(account) = &outcome.event.account
        {
            self.passphrases.insert(account.clone(), passphrase.clone());
        }
        self.remember(&outcome);
        Ok(outcome)
    }

    pub fn token(&self, case: &str, kind: LinkKind) -> Secret {
        self.links.get(&(case.to_string(), kind)).cloned().unwrap_or_else(|| Secret::new("no-such-token"))
    }

    pub fn case(&self, id: &str) -> Case {
        self.ledger.case(id).unwrap().clone()
    }

    pub fn account_of(&self, person: &Person) -> Account {
        self.ledger.records().accounts.values().find(|a| a.email == person.email).cloned().unwrap()
    }

    pub fn active_certificate(&self, person: &Person) -> Certificate {
        let account = self.account_of(person);
        let now = self.clock.now();
        self.ledger.records().active_certificates(&account.id, now).last().map(|c| (*c).clone()).unwrap()
    }

    /// The actor and a valid payload for `row` on `case`.
    pub fn move_for(&self, case: &Case, row: &Transition) -> (Actor, Action) {
        let role = row.roles[0];
        let actor = if role == Role::Applicant { Actor::new(&case.applicant, role) } else { official(role) };
        (actor, self.payload(case, row.action))
    }

    /// A valid payload of `kind` for `case`.
    pub fn payload(&self, case: &Case, kind: ActionKind) -> Action {
        let person = self.people.iter().find(|p| p.email == case.applicant).cloned();
        let person = person.unwrap_or_else(|| Person::synthetic(99, Echelon::III));
        let recommender = match case.process {
            Process::AmsRegistrationEselon12 => Role::KadisKominfo,
            _ => person.echelon.recommender(),
        };
        let token = |link| self.token(&case.id, link);
        match kind {
            ActionKind::ActivatePortal => Action::ActivatePortal {
                token: token(LinkKind::PortalActivation),
                identity: person.identity(),
                recommendation: recommendation(recommender),
            },
            ActionKind::IssueRecommendation => {
                Action::IssueRecommendation { recommendation: recommendation(Role::KadisKominfo) }
            }
            ActionKind::RegisterIdentity => {
                Action::RegisterIdentity { identity: person.identity(), recommendation: recommendation(recommender) }
            }
            ActionKind::ActivateAms => Action::ActivateAms {
                token: token(LinkKind::AmsActivation),
                ktp: doc(DocumentKind::Ktp),
                selfie: doc(DocumentKind::Selfie),
            },
            ActionKind::Approve => Action::Approve,
            ActionKind::Return => Action::Return { reason: "Data belum lengkap".into() },
            ActionKind::Resubmit => Action::Resubmit { documents: vec![doc(DocumentKind::SupportingData)] },
            ActionKind::SetPassphrase => Action::SetPassphrase {
                token: token(LinkKind::SetPassphrase),
                passphrase: Secret::new(person.passphrase.clone()),
                accept_agreement: true,
            },
            ActionKind::Acknowledge => Action::Acknowledge,
            ActionKind::ChangeDefaultPassword => {
                Action::ChangeDefaultPassword { new_password: Secret::new("Sandi#Baru9x") }
            }
            ActionKind::UploadCsr => Action::UploadCsr { csr: self.csr_for(case) },
            ActionKind::UploadDocuments => Action::UploadDocuments {
                recommendation: recommendation(recommender),
                ktp: doc(DocumentKind::Ktp),
                selfie: doc(DocumentKind::Selfie),
            },
            ActionKind::AcceptAgreement => Action::AcceptAgreement,
            ActionKind::Issue => Action::Issue,
            ActionKind::Download => Action::Download,
            ActionKind::Revoke => Action::Revoke,
            ActionKind::ApplyChange => Action::ApplyChange,
            ActionKind::Reissue => {
                let method = case.method.unwrap_or(Method::Esign);
                Action::Reissue { method, csr: (method == Method::Lock).then(|| self.csr_for(case)) }
            }
            ActionKind::ChangePassphrase => {
                let old = case.account.as_ref().and_then(|a| self.passphrases.get(a)).cloned();
                Action::ChangePassphrase {
                    old: old.unwrap_or_else(|| Secret::new("?")),
                    new: Secret::new("Teh#Manis77x"),
                }
            }
            ActionKind::ResetPassphrase => Action::ResetPassphrase,
            ActionKind::SubmitIdentity => Action::SubmitIdentity {
                token: token(LinkKind::IdentityForm),
                identity: person.identity(),
                ktp: doc(DocumentKind::Ktp),
                selfie: doc(DocumentKind::Selfie),
            },
            ActionKind::ApproveFromOldEmail => Action::ApproveFromOldEmail { token: token(LinkKind::OldEmailApproval) },
            ActionKind::PresentOverview => Action::PresentOverview { summary: "E-office surat keluar".into() },
            ActionKind::HoldMeeting => Action::HoldMeeting { minutes: doc(DocumentKind::MeetingNotes) },
            ActionKind::PrepareTrial => Action::PrepareTrial,
            ActionKind::IssueUat => Action::IssueUat { letter: doc(DocumentKind::UatLetter) },
            ActionKind::IssueApiAccess => Action::IssueApiAccess,
            ActionKind::Configure => Action::Configure,
            ActionKind::ConfirmIntegration => Action::ConfirmIntegration,
            ActionKind::ResendLink => Action::ResendLink,
            ActionKind::EscalateIdentity => {
                Action::EscalateIdentity { nik: person.nik.clone(), nip: person.nip.clone() }
            }
            ActionKind::ResolveIdentity => Action::ResolveIdentity,
            ActionKind::Withdraw => Action::Withdraw { reason: "Tidak jadi".into() },
            ActionKind::Open | ActionKind::SignAttempt => panic!("{kind:?} is not a case action"),
        }
    }

    /// Runs the "Ya" path of a registration for `person`; returns the case id.
    pub fn register(&mut self, person: &Person) -> String {
        let outcome =
            self.open(&person.actor(), &Request::PortalRegistration { applicant: person.applicant() }).unwrap();
        let case = outcome.case_id().unwrap().to_string();
        self.walk_to(&case, State::Completed);
        case
    }

    /// Takes the first non-returning, non-staying row from each state until `target`.
    pub fn walk_to(&mut self, case_id: &str, target: State) {
        let mut guard = 0;
        while self.case(case_id).state != target {
            let case = self.case(case_id);
            let row =
                forward_row(case.process, case.state).unwrap_or_else(|| panic!("no way on from {:?}", case.state));
            self.clock.advance(60);
            let (actor, action) = self.move_for(&case, &row);
            self.act(&actor, case_id, &action).unwrap_or_else(|e| panic!("{:?} {:?}: {e}", case.process, row.action));
            guard += 1;
            assert!(guard < 50, "walk did not reach {target:?}");
        }
    }

    /// Sets up what `process` needs and returns the opener and a valid request for `person`.
    pub fn prepare(&mut self, process: Process, person: &Person) -> (Actor, Request) {
        let registered = |w: &mut World| {
            w.register(person);
            w.clock.advance(2 * HOUR);
        };
        let expire_all = |w: &mut World| w.clock.advance(2 * 366 * DAY);
        match process {
            Process::PortalRegistration => {
                (person.actor(), Request::PortalRegistration { applicant: person.applicant() })
            }
            Process::AmsRegistrationEselon12 | Process::AmsRegistrationEselon3 => {
                let echelon = if process == Process::AmsRegistrationEselon12 { Echelon::II } else { Echelon::III };
                let mut applicant = person.applicant();
                applicant.echelon = echelon;
                let mut documents = vec![doc(DocumentKind::CoverLetter)];
                documents.push(if echelon == Echelon::II {
                    doc(DocumentKind::RecommendationDraft)
                } else {
                    recommendation(Role::AgencyHead)
                });
                (person.actor(), Request::AmsRegistration { applicant, documents })
            }
            Process::IssuanceLock | Process::IssuanceEsign => {
                registered(self);
                expire_all(self);
                let account = self.account_of(person).id;
                let method = if process == Process::IssuanceLock { Method::Lock } else { Method::Esign };
                (person.actor(), Request::Issuance { account, method })
            }
            Process::Revocation => {
                registered(self);
                let cert = self.active_certificate(person);
                let request = Request::Revocation {
                    certificate: cert.serial.clone(),
                    reasons: vec![RevocationReason::DataChange],
                    username: cert.username.clone(),
                    subject_dn: cert.subject_dn.clone(),
                    statement: statement(DocumentKind::RevocationStatement),
                };
                (person.actor(), request)
            }
            Process::DataChange => {
                registered(self);
                let cert = self.active_certificate(person);
                let changes = ChangeForm {
                    institution: Some("Dinas Kesehatan Provinsi Kalimantan Timur".into()),
                    ..ChangeForm::default()
                };
                let documents = vec![doc(DocumentKind::DataChangeForm), doc(DocumentKind::SupportingData)];
                (person.actor(), Request::DataChange { certificate: cert.serial, changes, documents })
            }
            Process::LostCertificate => {
                registered(self);
                let cert = self.active_certificate(person);
                (
                    person.actor(),
                    Request::LostCertificate {
                        certificate: cert.serial,
                        statement: statement(DocumentKind::LossStatement),
                    },
                )
            }
            Process::ForgottenPassphraseLock => {
                let (actor, request) = self.prepare(Process::IssuanceLock, person);
                let case = self.open(&actor, &request).unwrap().case_id().unwrap().to_string();
                self.walk_to(&case, State::Completed);
                let cert = self.active_certificate(person);
                let request = Request::ForgottenPassphraseLock {
                    certificate: cert.serial,
                    statement: statement(DocumentKind::ForgottenPassphraseStatement),
                    csr: self.csr_for_account(&self.account_of(person)),
                };
                (person.actor(), request)
            }
            Process::ForgottenPassphraseEsign => {
                registered(self);
                let cert = self.active_certificate(person);
                (person.actor(), Request::ForgottenPassphraseEsign { certificate: cert.serial })
            }
            Process::Renewal => {
                registered(self);
                self.clock.advance(2 * 365 * DAY - 20 * DAY);
                let account = self.account_of(person).id;
                let request =
                    Request::Renewal { account, recommendation: recommendation(person.echelon.recommender()) };
                (official(Role::Verifier), request)
            }
            Process::DataUpdate => {
                registered(self);
                let account = self.account_of(person).id;
                let changes = ChangeForm { phone: Some("+62 813 0000 1111".into()), ..ChangeForm::default() };
                let request =
                    Request::DataUpdate { account, changes, documents: vec![doc(DocumentKind::SupportingData)] };
                (official(Role::Verifier), request)
            }
            Process::ExpiredAccountChange => {
                registered(self);
                expire_all(self);
                let account = self.account_of(person).id;
                let new_email = format!("baru.{}", person.email);
                let form = doc(DocumentKind::ExpiredAccountForm).signed_by(Role::AgencyHead).stamped();
                (person.actor(), Request::ExpiredAccountChange { account, new_email, form })
            }
            Process::ApiApplication => {
                let request = Request::ApiApplication {
                    name: "E-Office Uji".into(),
                    institution: "Dinas Uji Provinsi Kalimantan Timur".into(),
                    form: doc(DocumentKind::ApiRequestForm),
                };
                (person.actor(), request)
            }
        }
    }
}

/// The row that moves a case on along the "Ya" path.
pub fn forward_row(process: Process, state: State) -> Option<Transition> {
    table::transitions(process).into_iter().find(|r| {
        r.from == state
            && r.to != r.from
            && !matches!(r.action, ActionKind::Return | ActionKind::Withdraw | ActionKind::ResetPassphrase)
    })
}

/// A snapshot to prove that a refused step changed nothing.
pub fn snapshot(world: &World) -> (Records, usize, String) {
    let log = world.ledger.log();
    (world.ledger.records().clone(), log.events().len(), log.head().to_string())
}

impl World {
    /// A CSR (new P-256 key) for the account of `case`, with its current name and institution.
    pub fn csr_for(&self, case: &Case) -> Vec<u8> {
        let account = case.account.as_ref().and_then(|id| self.ledger.records().accounts.get(id));
        account.map_or_else(|| b"no account".to_vec(), |a| self.csr_for_account(a))
    }

    /// A CSR (new P-256 key) for `account`.
    pub fn csr_for_account(&self, account: &Account) -> Vec<u8> {
        let key = PrivateKey::generate(KeyAlgorithm::P256).unwrap();
        let subject = SubjectInfo {
            common_name: account.name.clone(),
            organization: account.institution.clone(),
            serial_number: None,
            email: None,
        };
        Csr::build(&key, &subject).unwrap().to_pem().into_bytes()
    }

    /// The world's authority opened again from its folder (as a restarted server would).
    pub fn reopen_authority(&self) -> EmbeddedAuthority {
        let ca = LocalCa::open(&self.dir.0.join("ca"), &Secret::new(CA_PASSPHRASE)).unwrap();
        let keystore = Keystore::open(&self.dir.0.join("keystore")).unwrap();
        EmbeddedAuthority::new(ca, keystore, recovery_key(), KeyAlgorithm::P256)
    }

    /// How many certificates the local CA has issued.
    pub fn ca_issued(&self) -> usize {
        self.reopen_authority().ca().issued().len()
    }

    /// The local CA's root certificate and current CRL, read from its folder.
    pub fn ca_files(&self) -> (tte_core::pki::Certificate, tte_core::pki::Certificate, tte_core::pki::Crl) {
        let read = |f: &str| std::fs::read_to_string(self.dir.0.join("ca").join(f)).unwrap();
        (
            tte_core::pki::Certificate::from_pem(&read("root.pem")).unwrap(),
            tte_core::pki::Certificate::from_pem(&read("ca.pem")).unwrap(),
            tte_core::pki::Crl::from_pem(&read("crl.pem")).unwrap(),
        )
    }

    /// Sets up `process` for `person` and opens the case; returns its id.
    pub fn open_prepared(&mut self, process: Process, person: &Person) -> String {
        let (actor, request) = self.prepare(process, person);
        self.open(&actor, &request).unwrap().case_id().unwrap().to_string()
    }

    pub fn account_of_email(&self, email: &str) -> Account {
        self.ledger.records().accounts.values().find(|a| a.email == email).cloned().unwrap()
    }
}
