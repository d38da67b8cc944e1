//! `tte demo`: one day of a synthetic verifier office on the embedded defaults. Two
//! applicants register (one returned by the verifier, one whose draft the Kadis
//! returns), sign, one loses the certificate; the office registers an e-office
//! application for the API. Prints events, notifications, SLA reports and statuses;
//! writes the audit log and the records as JSON; checks that replay equals the records.

use crate::Failure;
use std::path::Path;
use tte_core::date::{HOUR, MINUTE};
use tte_core::fsio::write_atomically;
use tte_core::lifecycle::*;
use tte_core::passphrase::PassphrasePolicy;
use tte_core::pki::{
    Certificate, Crl, Csr, Kdf, KeyAlgorithm, PathValidator, PrivateKey, RevocationCheck, SubjectInfo,
};
use tte_core::secret::Secret;
use tte_core::signer::KeySigner;
use tte_core::{Error, Result};

/// A synthetic applicant (no real person's data).
struct Applicant {
    name: &'static str,
    email: &'static str,
    nik: &'static str,
    nip: &'static str,
    phone: &'static str,
    echelon: Echelon,
    passphrase: &'static str,
}

const SITI: Applicant = Applicant {
    name: "Siti Contoh",
    email: "siti.contoh@kaltimprov.go.id",
    nik: "6472054508880001",
    nip: "198808052012122001",
    phone: "0812-0000-0001",
    echelon: Echelon::III,
    passphrase: "Kopi#Tubruk8",
};

const BUDI: Applicant = Applicant {
    name: "Budi Sampel",
    email: "budi.sampel@kaltimprov.go.id",
    nik: "6472051203750002",
    nip: "197503122000031002",
    phone: "+62 813 0000 0002",
    echelon: Echelon::II,
    passphrase: "Teh#Manis77x",
};

const INSTITUTION: &str = "Pemerintah Provinsi Kalimantan Timur";

/// Passphrase of the demo's local CA (synthetic).
const CA_PASSPHRASE: &str = "Kunci#KantorDemo7";

fn doc(kind: DocumentKind) -> Document {
    Document::new(kind, format!("demo {kind:?}").as_bytes())
}

/// The office: a ledger plus the people acting in it.
struct Office {
    ledger: Ledger,
    clock: ManualClock,
    notifications: Vec<Notification>,
    tokens: Vec<(String, LinkKind, Secret)>,
}

impl Office {
    fn record(&mut self, outcome: Outcome) -> Outcome {
        let case = outcome.case_id().unwrap_or_default().to_string();
        for secret in &outcome.secrets {
            if let SecretKind::Link(kind) = secret.kind {
                self.tokens.push((case.clone(), kind, secret.value.clone()));
            }
            println!("      secret handed out once: {:?} to {} (not printed)", secret.kind, secret.recipient);
        }
        self.notifications.extend(outcome.notifications.iter().cloned());
        outcome
    }

    fn open(&mut self, actor: &Actor, request: &Request, after_minutes: i64) -> Result<String> {
        self.clock.advance(after_minutes * MINUTE);
        let outcome = self.ledger.open(actor, request)?;
        print_event(&outcome.event);
        let outcome = self.record(outcome);
        Ok(outcome.case_id().unwrap_or_default().to_string())
    }

    fn act(&mut self, actor: &Actor, case: &str, action: Action, after_minutes: i64) -> Result<()> {
        self.clock.advance(after_minutes * MINUTE);
        let outcome = self.ledger.act(actor, case, &action)?;
        print_event(&outcome.event);
        self.record(outcome);
        Ok(())
    }

    fn token(&self, case: &str, kind: LinkKind) -> Secret {
        let found = self.tokens.iter().rev().find(|(c, k, _)| c == case && *k == kind);
        found.map_or_else(|| Secret::new(""), |(_, _, token)| token.clone())
    }
}

fn print_event(event: &Event) {
    let states = match (event.from, event.to) {
        (Some(from), Some(to)) => format!("{from:?} -> {to:?}"),
        _ => String::new(),
    };
    let reason = event.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
    println!(
        "  #{:<3} {} {:<34} {:<13} {:<22} {}{}",
        event.seq,
        event.at.to_wib_string(),
        event.actor.id,
        format!("{:?}", event.actor.role),
        format!("{:?}", event.action),
        states,
        reason
    );
}

fn heading(title: &str) {
    println!("\n== {title} ==");
}

/// The office's day takes about 14 simulated hours; it is played as the hours that end
/// now, so what it issues (certificates, CRLs, signatures) is valid on the real clock on
/// any date, and outside tools can check it without being given a time.
const DAY_LENGTH: i64 = 15 * HOUR;

/// Runs the demo, writing `audit-log.json` and `records.json` under `out`.
pub fn run(out: &Path) -> std::result::Result<(), Failure> {
    let start = SystemClock.now().plus(-DAY_LENGTH);
    let clock = ManualClock::new(start);
    let directory = ListedDirectory::new().with_person(SITI.nik, SITI.nip).with_person(BUDI.nik, BUDI.nip);
    heading("The embedded authority: a local CA (RSA-4096) and the ESIGN key store");
    let authority_dir = out.join("authority");
    if authority_dir.exists() {
        std::fs::remove_dir_all(&authority_dir)
            .map_err(|e| Error::Io { path: authority_dir.display().to_string(), detail: e.to_string() })?;
    }
    let authority =
        EmbeddedAuthority::init(&authority_dir, EmbeddedOptions::new(INSTITUTION), &Secret::new(CA_PASSPHRASE), start)?;
    println!("  root:        {}", authority.ca().root().subject());
    println!("  issuing CA:  {}", authority.ca().issuing().subject());
    let ledger = Ledger::new(LifecycleConfig::default(), authority).with_clock(clock.clone()).with_directory(directory);
    let mut office = Office { ledger, clock, notifications: Vec::new(), tokens: Vec::new() };
    let verifier = Actor::new("verifikator@kaltimprov.go.id", Role::Verifier);
    let kadis = Actor::new("kadis.kominfo@kaltimprov.go.id", Role::KadisKominfo);
    let bsre = Actor::new("ra@bsre.go.id", Role::Bsre);
    let team = Actor::new("tim.teknis@kaltimprov.go.id", Role::TechnicalTeam);

    heading("SOP: AMS account for Eselon III and below (Siti)");
    let siti_case = register(&mut office, &SITI, &verifier, &kadis, &bsre, true)?;
    heading("SOP: AMS account for Eselon I/II (Budi)");
    let budi_case = register(&mut office, &BUDI, &verifier, &kadis, &bsre, false)?;

    heading("Signing with the ESIGN key: the one-hour wait and the passphrase");
    let budi = Actor::new(BUDI.email, Role::Applicant);
    let budi_cert = newest_certificate(&office, BUDI.email)?;
    office.clock.advance(10 * MINUTE);
    match office.ledger.sign_attempt(&budi, &budi_cert, &Secret::new(BUDI.passphrase)) {
        Err(err @ Error::SigningTooEarly { .. }) => {
            println!("  Budi, 13 minutes after issuance: [{}] {}", err.code(), err.message_id())
        }
        other => return Err(Failure::Unexpected(format!("signing before the waiting time: {other:?}"))),
    }
    office.clock.advance(HOUR);
    let siti = Actor::new(SITI.email, Role::Applicant);
    let siti_cert = newest_certificate(&office, SITI.email)?;
    let mut siti_key = None;
    for (label, passphrase) in [("wrong", "Salah#Tebak9"), ("right", SITI.passphrase)] {
        match office.ledger.sign_attempt(&siti, &siti_cert, &Secret::new(passphrase))? {
            SignDecision::Authorized { outcome, key } => {
                print_event(&outcome.event);
                println!("  {label} passphrase: authorized");
                siti_key = Some(key);
            }
            SignDecision::WrongPassphrase { remaining_attempts, outcome } => {
                print_event(&outcome.event);
                println!("  {label} passphrase: code 2031, {remaining_attempts} attempts left");
            }
        }
    }

    heading("SOP: lost certificate (Budi)");
    let statement = doc(DocumentKind::LossStatement).approved_by_superior();
    let lost = office.open(&budi, &Request::LostCertificate { certificate: budi_cert, statement }, 30)?;
    office.act(&verifier, &lost, Action::Approve, 2)?;
    office.act(&bsre, &lost, Action::Revoke, 15)?;
    // The new certificate by LOCK: Budi makes key and CSR on his own machine.
    let budi_key = PrivateKey::generate(KeyAlgorithm::Rsa2048)?;
    let budi_subject = SubjectInfo {
        common_name: BUDI.name.into(),
        organization: INSTITUTION.into(),
        serial_number: None,
        email: Some(BUDI.email.into()),
    };
    let csr = Csr::build(&budi_key, &budi_subject)?;
    let sealed = budi_key.to_encrypted_pem(
        &Secret::new(BUDI.passphrase),
        Kdf::SCRYPT,
        &PassphrasePolicy::default(),
        &Default::default(),
    )?;
    write_atomically(&out.join("budi-key.pem"), sealed.as_bytes())?;
    write_atomically(&out.join("budi.csr"), csr.to_pem().as_bytes())?;
    println!("  Budi's key (encrypted PKCS#8) and CSR made on his side: budi-key.pem, budi.csr");
    office.act(&bsre, &lost, Action::Reissue { method: Method::Lock, csr: Some(csr.to_pem().into_bytes()) }, 12)?;

    heading("SOP: registering an e-office application for the signing API");
    let developer = Actor::new("pengembang@kaltimprov.go.id", Role::Applicant);
    let request = Request::ApiApplication {
        name: "E-Office Provinsi (uji)".into(),
        institution: "Dinas Komunikasi dan Informatika".into(),
        form: doc(DocumentKind::ApiRequestForm),
    };
    let app = office.open(&developer, &request, 20)?;
    office.act(&developer, &app, Action::PresentOverview { summary: "Surat keluar bertanda tangan".into() }, 30)?;
    office.act(&team, &app, Action::HoldMeeting { minutes: doc(DocumentKind::MeetingNotes) }, 120)?;
    office.act(&developer, &app, Action::PrepareTrial, 110)?;
    office.act(&team, &app, Action::Return { reason: "Koordinat QR keluar halaman".into() }, 100)?;
    office.act(&developer, &app, Action::Resubmit { documents: vec![] }, 60)?;
    office.act(&team, &app, Action::Approve, 90)?;
    office.act(&team, &app, Action::IssueUat { letter: doc(DocumentKind::UatLetter) }, 5)?;
    office.act(&team, &app, Action::IssueApiAccess, 25)?;
    office.act(&team, &app, Action::Configure, 60)?;
    office.act(&developer, &app, Action::ConfirmIntegration, 2)?;

    heading("Notifications for the host to send");
    for n in &office.notifications {
        println!("  to {:<34} {} / {}", n.to.join(","), n.subject_id, n.subject_en);
    }

    heading("SLA (mutu baku) per case");
    for case in [&siti_case, &budi_case, &lost, &app] {
        print_sla(&office.ledger.sla_report(case)?);
    }

    heading("BSrE user status");
    for person in [&SITI, &BUDI] {
        let status = office.ledger.user_status(person.nik);
        let code = status.service_code().map(|c| c.to_string()).unwrap_or_else(|| "-".into());
        println!("  {:<14} {:<10} code {}", person.name, status.as_str(), code);
    }

    heading("Certificates from the local CA, validated with its CRL");
    let ca_dir = out.join("authority").join("ca");
    let root = Certificate::from_pem(&tte_core::fsio::read_text(&ca_dir.join("root.pem"))?)?;
    let issuing = Certificate::from_pem(&tte_core::fsio::read_text(&ca_dir.join("ca.pem"))?)?;
    let crl = Crl::from_pem(&tte_core::fsio::read_text(&ca_dir.join("crl.pem"))?)?;
    let validator = PathValidator::new(vec![root])
        .with_intermediates(vec![issuing])
        .with_crls(vec![crl])
        .with_revocation(RevocationCheck::EndEntity);
    let now = office.clock.now();
    let mut certificates: Vec<_> = office.ledger.records().certificates.values().cloned().collect();
    certificates.sort_by_key(|c| c.not_before);
    for (n, record) in certificates.iter().enumerate() {
        let cert = Certificate::from_pem(&record.pem)?;
        let file = format!("certificate-{}.pem", n + 1);
        write_atomically(&out.join(&file), record.pem.as_bytes())?;
        let verdict = match validator.validate(&cert, now) {
            Ok(chain) => format!("valid, chain of {}", chain.len()),
            Err(err) => format!("[{}] {}", err.code(), err.message_en()),
        };
        println!("  {file}: {} {:?} serial {} -> {verdict}", cert.subject(), record.method, record.serial);
    }

    heading("Signing a letter: Siti (ESIGN key from the key store), then Budi (his LOCK key)");
    let number = format!("NOTA DINAS  Nomor: 800/001/DEMO/{}", office.clock.now().date_utc().year());
    let letter = tte_core::pdf::letter::letter(&[
        "PEMERINTAH PROVINSI KALIMANTAN TIMUR",
        &number,
        "Perihal: Uji coba tanda tangan elektronik (data sintetis)",
        "",
        "Kepala Dinas Komunikasi dan Informatika,",
        "#",
    ]);
    write_atomically(&out.join("nota-dinas.pdf"), &letter)?;
    // The key the authorized attempt above unlocked from the key store.
    let siti_key = siti_key.ok_or_else(|| Failure::Unexpected("Siti's passphrase was not accepted".into()))?;
    let siti_cert = current_certificate(&office, SITI.email)?;
    let stamp = tte_core::pdf::appearance::Stamp {
        lines: vec![
            "Ditandatangani secara elektronik oleh:".into(),
            SITI.name.into(),
            format!("NIP {}", tte_core::identity::Nip::parse(SITI.nip, office.clock.now().date_utc())?.formatted()),
            INSTITUTION.into(),
            format!("{}, Samarinda", office.clock.now().to_wib_string()),
        ],
        qr_url: Some(format!("https://tte.kaltimprov.go.id/verifikasi/{}", siti_cert.serial_hex())),
        image: None,
        footer: Some(tte_core::pdf::appearance::BSRE_FOOTER.into()),
    };
    let placement = tte_core::pdf::Placement::Anchor { character: '#', size: [260.0, 90.0], offset: [0.0, -80.0] };
    let options = tte_core::pdf::PdfSignOptions {
        reason: Some("Menyetujui".into()),
        location: Some("Samarinda".into()),
        signing_time: Some(office.clock.now()),
        visible: Some(tte_core::pdf::Visible { stamp, placement }),
        ..Default::default()
    };
    let chain = vec![validator_issuing(&ca_dir)?];
    let once = tte_core::pdf::sign(&letter, &siti_cert, &chain, &KeySigner::new(siti_key), &options)?;
    let budi_cert = current_certificate(&office, BUDI.email)?;
    let paraf = tte_core::pdf::PdfSignOptions {
        field_name: Some("Paraf".into()),
        reason: Some("Paraf koordinasi".into()),
        ..options
    };
    let twice = tte_core::pdf::sign(&once, &budi_cert, &chain, &KeySigner::new(budi_key), &paraf)?;
    write_atomically(&out.join("nota-dinas-signed.pdf"), &twice)?;
    for report in tte_core::pdf::verify(&twice, &validator, office.clock.now())? {
        let verdict = if report.valid {
            let later: Vec<&str> = report.changes.iter().map(|c| c.what.as_str()).collect();
            if later.is_empty() {
                "VALID, untouched".to_string()
            } else {
                format!("VALID, later: {}", later.join("; "))
            }
        } else {
            format!("INVALID: {}", report.problems.join("; "))
        };
        println!("  {:<11} {} -> {verdict}", report.field, report.signer.unwrap_or_default());
    }
    println!("  written: nota-dinas.pdf, nota-dinas-signed.pdf");

    heading("Audit log");
    office.ledger.log().verify()?;
    let replayed = replay(office.ledger.log())?;
    println!(
        "  {} events, hash chain verified, head {}",
        office.ledger.log().events().len(),
        office.ledger.log().head()
    );
    if replayed != *office.ledger.records() {
        return Err(Failure::Unexpected("replay differs from the live records".into()));
    }
    println!("  replay equals live records: true");
    write_atomically(&out.join("audit-log.json"), office.ledger.log().to_json()?.as_bytes())?;
    write_atomically(
        &out.join("records.json"),
        serde_json::to_string_pretty(office.ledger.records()).map_err(Error::from)?.as_bytes(),
    )?;
    println!("  written: {}/audit-log.json, records.json", out.display());
    Ok(())
}

fn register(
    office: &mut Office,
    person: &Applicant,
    verifier: &Actor,
    kadis: &Actor,
    bsre: &Actor,
    returned_once: bool,
) -> Result<String> {
    let me = Actor::new(person.email, Role::Applicant);
    let applicant = tte_core::lifecycle::Applicant {
        name: person.name.into(),
        email: person.email.into(),
        institution: INSTITUTION.into(),
        echelon: person.echelon,
    };
    let recommender = person.echelon.recommender();
    let first = if recommender == Role::KadisKominfo {
        doc(DocumentKind::RecommendationDraft)
    } else {
        doc(DocumentKind::Recommendation).signed_by(recommender)
    };
    let case = office.open(
        &me,
        &Request::AmsRegistration { applicant, documents: vec![doc(DocumentKind::CoverLetter), first] },
        5,
    )?;
    if recommender == Role::KadisKominfo {
        office.act(kadis, &case, Action::Return { reason: "Draft rekomendasi belum lengkap".into() }, 4)?;
        office.act(&me, &case, Action::Resubmit { documents: vec![doc(DocumentKind::RecommendationDraft)] }, 10)?;
        let recommendation = doc(DocumentKind::Recommendation).signed_by(Role::KadisKominfo);
        office.act(kadis, &case, Action::IssueRecommendation { recommendation }, 5)?;
    }
    let identity = IdentityForm { nik: person.nik.into(), nip: person.nip.into(), phone: person.phone.into() };
    let recommendation = doc(DocumentKind::Recommendation).signed_by(recommender);
    office.act(verifier, &case, Action::RegisterIdentity { identity, recommendation }, 3)?;
    let activation = |o: &Office| Action::ActivateAms {
        token: o.token(&case, LinkKind::AmsActivation),
        ktp: doc(DocumentKind::Ktp),
        selfie: doc(DocumentKind::Selfie),
    };
    office.act(&me, &case, activation(office), 9)?;
    if returned_once {
        office.act(verifier, &case, Action::Return { reason: "Foto selfie buram".into() }, 4)?;
        office.act(&me, &case, Action::Resubmit { documents: vec![doc(DocumentKind::Selfie)] }, 6)?;
    }
    office.act(verifier, &case, Action::Approve, 2)?;
    let token = office.token(&case, LinkKind::SetPassphrase);
    let set = Action::SetPassphrase { token, passphrase: Secret::new(person.passphrase), accept_agreement: true };
    office.act(&me, &case, set, 4)?;
    office.act(bsre, &case, Action::Approve, 2)?;
    office.act(&me, &case, Action::Acknowledge, 1)?;
    office.act(&me, &case, Action::ChangeDefaultPassword { new_password: Secret::new("Sandi#Baru9x") }, 2)?;
    Ok(case)
}

fn account_id(office: &Office, email: &str) -> Result<String> {
    let records = office.ledger.records();
    records.accounts.values().find(|a| a.email == email).map(|a| a.id.clone()).ok_or(Error::UnknownAccount)
}

/// The active certificate of a person, parsed.
fn current_certificate(office: &Office, email: &str) -> Result<Certificate> {
    let id = account_id(office, email)?;
    let records = office.ledger.records();
    let active = records.active_certificates(&id, office.clock.now());
    let record = active.last().ok_or(Error::NoCertificate)?;
    Certificate::from_pem(&record.pem)
}

fn validator_issuing(ca_dir: &Path) -> Result<Certificate> {
    Certificate::from_pem(&tte_core::fsio::read_text(&ca_dir.join("ca.pem"))?)
}

fn newest_certificate(office: &Office, email: &str) -> Result<String> {
    let records = office.ledger.records();
    let account = records.accounts.values().find(|a| a.email == email).ok_or(Error::UnknownAccount)?;
    let cert = records.certificates_of(&account.id).last().ok_or(Error::NoCertificate)?;
    Ok(cert.serial.clone())
}

fn minutes(seconds: i64) -> String {
    format!("{:.1} min", seconds as f64 / 60.0)
}

fn print_sla(report: &SlaReport) {
    println!("  {} {:?}", report.case, report.process);
    for step in &report.steps {
        let standard = step.standard_seconds.map_or_else(|| "-".into(), |s| minutes(i64::from(s)));
        let flag = if step.is_overdue() { "  OVERDUE" } else { "" };
        println!(
            "    {:<22} {:<13} actual {:>9}  standard {:>9}{flag}",
            format!("{:?}", step.action),
            format!("{:?}", step.role),
            minutes(step.actual_seconds),
            standard
        );
    }
    let sop = report.sop_total_seconds.map_or_else(|| "-".into(), |s| minutes(i64::from(s)));
    println!("    total actual {} / SOP {}", minutes(report.actual_total_seconds), sop);
}
