//! Processes 4–10: issuance (LOCK, ESIGN), revocation, data change, lost certificate,
//! forgotten passphrase (LOCK and ESIGN), and the signing guards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

mod common;

use common::*;
use tte_core::Error;
use tte_core::pki::{Certificate as PkiCertificate, Csr, PathValidator};

fn sha256_hex(bytes: &[u8]) -> String {
    tte_core::lifecycle::Document::new(DocumentKind::Csr, bytes).sha256
}
use tte_core::date::{DAY, HOUR, MINUTE};
use tte_core::lifecycle::*;
use tte_core::secret::Secret;

#[test]
fn issuance_by_lock_needs_a_csr_and_survives_a_return() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let case = world.open_prepared(Process::IssuanceLock, &person);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Expired);
    assert_eq!(world.case(&case).state, State::AwaitingCsr);
    // The documents step cannot come before the CSR.
    let docs = world.payload(&world.case(&case), ActionKind::UploadDocuments);
    assert!(matches!(world.act(&person.actor(), &case, &docs), Err(Error::IllegalAction { .. })));
    let before = snapshot(&world);
    let not_a_csr = Action::UploadCsr { csr: b"scan KTP.pdf".to_vec() };
    assert_eq!(world.act(&person.actor(), &case, &not_a_csr).unwrap_err(), Error::Malformed { what: "CSR" });
    // The verifier's check: a CSR for somebody else's name is refused.
    let mut other = world.account_of(&person);
    other.name = "Orang Lain".into();
    let foreign = Action::UploadCsr { csr: world.csr_for_account(&other) };
    assert_eq!(world.act(&person.actor(), &case, &foreign).unwrap_err(), Error::SubjectMismatch);
    assert_eq!(snapshot(&world), before);
    world.walk_to(&case, State::AwaitingCaApproval);
    world.act(&official(Role::Bsre), &case, &Action::Return { reason: "Selfie tidak jelas".into() }).unwrap();
    world.act(&person.actor(), &case, &Action::Resubmit { documents: vec![doc(DocumentKind::Selfie)] }).unwrap();
    world.walk_to(&case, State::AwaitingDownload);
    let cert = world.active_certificate(&person);
    assert_eq!(cert.method, Method::Lock);
    let csr_pem = world.case(&case).csr.unwrap();
    let csr_der = Csr::from_pem(&csr_pem).unwrap().to_der().to_vec();
    assert_eq!(cert.csr_sha256, Some(sha256_hex(&csr_der)));
    // The certificate is real: it carries the CSR's key and validates to the local CA's root.
    let issued = PkiCertificate::from_pem(&cert.pem).unwrap();
    assert_eq!(issued.public_key(), Csr::from_pem(&csr_pem).unwrap().public_key());
    let (root, ca, crl) = world.ca_files();
    let validator = PathValidator::new(vec![root]).with_intermediates(vec![ca]).with_crls(vec![crl]);
    assert_eq!(validator.validate(&issued, world.clock.now()).unwrap().len(), 3);
    world.walk_to(&case, State::Completed);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Issue);
}

#[test]
fn issuance_by_esign_needs_no_csr_and_only_one_active_certificate() {
    let mut world = World::new();
    let person = world.people[1].clone();
    world.register(&person);
    let account = world.account_of(&person).id;
    let request = Request::Issuance { account: account.clone(), method: Method::Esign };
    let before = snapshot(&world);
    assert_eq!(world.open(&person.actor(), &request).unwrap_err(), Error::ActiveCertificateExists);
    // Nobody files for somebody else.
    let other = world.people[2].actor();
    assert_eq!(world.open(&other, &request).unwrap_err(), Error::NotTheApplicant);
    assert_eq!(snapshot(&world), before);
    world.clock.advance(2 * 366 * DAY);
    let case = world.open(&person.actor(), &request).unwrap().case_id().unwrap().to_string();
    assert_eq!(world.case(&case).state, State::AwaitingDocuments);
    assert_eq!(world.open(&person.actor(), &request).unwrap_err(), Error::CaseAlreadyOpen);
    // The agreement must be accepted before BSrE's check.
    world.walk_to(&case, State::AwaitingAgreement);
    assert!(matches!(world.act(&official(Role::Bsre), &case, &Action::Approve), Err(Error::IllegalAction { .. })));
    world.walk_to(&case, State::Completed);
    assert_eq!(world.active_certificate(&person).method, Method::Esign);
    assert_eq!(world.ledger.sla_report(&case).unwrap().sop_total_seconds, Some(16 * 60));
}

#[test]
fn revocation_checks_statement_reasons_username_and_subject_dn() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let (actor, request) = world.prepare(Process::Revocation, &person);
    let Request::Revocation { certificate, username, subject_dn, .. } = request.clone() else { unreachable!() };
    let with = |reasons: Vec<RevocationReason>, statement: Document, username: &str| Request::Revocation {
        certificate: certificate.clone(),
        reasons,
        username: username.into(),
        subject_dn: subject_dn.clone(),
        statement,
    };
    let approved = statement(DocumentKind::RevocationStatement);
    assert_eq!(world.open(&actor, &with(vec![], approved.clone(), &username)).unwrap_err(), Error::NoRevocationReason);
    let unapproved = doc(DocumentKind::RevocationStatement);
    let err = world.open(&actor, &with(vec![RevocationReason::LostCertificate], unapproved, &username)).unwrap_err();
    assert_eq!(err, Error::NotApprovedBySuperior);
    // A wrong username passes filing but fails the verifier's check; the verifier returns it.
    let reasons = vec![RevocationReason::LostCertificate, RevocationReason::ForgottenPassphrase];
    let case = world.open(&actor, &with(reasons, approved, "orang.lain")).unwrap().case_id().unwrap().to_string();
    let verifier = official(Role::Verifier);
    assert_eq!(world.act(&verifier, &case, &Action::Approve).unwrap_err(), Error::SubjectMismatch);
    world.act(&verifier, &case, &Action::Return { reason: "Username tidak sesuai".into() }).unwrap();
    world.act(&person.actor(), &case, &Action::Resubmit { documents: vec![] }).unwrap();
    assert_eq!(world.act(&verifier, &case, &Action::Approve).unwrap_err(), Error::SubjectMismatch);
    world.act(&person.actor(), &case, &Action::Withdraw { reason: "Diajukan ulang".into() }).unwrap();
    assert_eq!(world.case(&case).state, State::Withdrawn);

    let case = world.open(&actor, &request).unwrap().case_id().unwrap().to_string();
    world.walk_to(&case, State::AwaitingRevocation);
    world.clock.advance(MINUTE);
    let revoked = world.act(&official(Role::Bsre), &case, &Action::Revoke).unwrap();
    assert_eq!(revoked.notifications[0].kind, NotificationKind::Revoked);
    let cert = world.ledger.records().certificates[&certificate].clone();
    assert_eq!(cert.revocation.as_ref().map(|r| r.rfc5280_code), Some(3));
    // The revocation reached the CA: its CRL lists the serial with the reason.
    let (_, _, crl) = world.ca_files();
    assert_eq!(crl.find(&certificate).map(|e| e.reason), Some(Some(3)));
    world.walk_to(&case, State::Completed);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Revoke);
    assert_eq!(world.ledger.sla_report(&case).unwrap().sop_total_seconds, Some(19 * 60));
}

#[test]
fn revocation_reasons_map_to_rfc_5280() {
    assert_eq!(RevocationReason::LostCertificate.rfc5280_code(), 1);
    assert_eq!(RevocationReason::DataChange.rfc5280_code(), 3);
    assert_eq!(RevocationReason::ForgottenPassphrase.rfc5280_code(), 4);
    let all = [RevocationReason::ForgottenPassphrase, RevocationReason::LostCertificate, RevocationReason::DataChange];
    assert_eq!(RevocationReason::strongest(&all), Some(RevocationReason::LostCertificate));
}

#[test]
fn data_change_updates_the_identity_revokes_and_reissues() {
    let mut world = World::new();
    let person = world.people[2].clone();
    let case = world.open_prepared(Process::DataChange, &person);
    let old = world.active_certificate(&person);
    world.walk_to(&case, State::AwaitingCaApproval);
    world.act(&official(Role::Bsre), &case, &Action::Return { reason: "Bukan pemilik".into() }).unwrap();
    world
        .act(&person.actor(), &case, &Action::Resubmit { documents: vec![doc(DocumentKind::SupportingData)] })
        .unwrap();
    world.walk_to(&case, State::AwaitingRevocation);
    assert_eq!(world.account_of(&person).institution, "Dinas Kesehatan Provinsi Kalimantan Timur");
    world.walk_to(&case, State::Completed);
    let records = world.ledger.records();
    assert_eq!(records.certificates[&old.serial].revocation.as_ref().map(|r| r.rfc5280_code), Some(3));
    let new = world.active_certificate(&person);
    assert_eq!(new.replaces.as_deref(), Some(old.serial.as_str()));
    assert_eq!(new.subject_dn, format!("CN={},O=Dinas Kesehatan Provinsi Kalimantan Timur,C=ID", person.name));
    assert_eq!(world.ledger.sla_report(&case).unwrap().sop_total_seconds, Some(31 * 60));
}

#[test]
fn data_change_without_changes_or_documents_is_refused() {
    let mut world = World::new();
    let person = world.people[2].clone();
    let (actor, request) = world.prepare(Process::DataChange, &person);
    let Request::DataChange { certificate, changes, .. } = request else { unreachable!() };
    let nothing = Request::DataChange {
        certificate: certificate.clone(),
        changes: ChangeForm::default(),
        documents: vec![doc(DocumentKind::DataChangeForm), doc(DocumentKind::SupportingData)],
    };
    assert_eq!(world.open(&actor, &nothing).unwrap_err(), Error::NothingToChange);
    let no_support = Request::DataChange { certificate, changes, documents: vec![doc(DocumentKind::DataChangeForm)] };
    assert_eq!(
        world.open(&actor, &no_support).unwrap_err(),
        Error::MissingDocument { document: DocumentKind::SupportingData }
    );
}

#[test]
fn lost_certificate_is_revoked_and_reissued() {
    let mut world = World::new();
    let person = world.people[3].clone();
    let case = world.open_prepared(Process::LostCertificate, &person);
    let old = world.active_certificate(&person);
    world.walk_to(&case, State::AwaitingVerification);
    world
        .act(&official(Role::Verifier), &case, &Action::Return { reason: "Surat kehilangan belum ada".into() })
        .unwrap();
    world
        .act(&person.actor(), &case, &Action::Resubmit { documents: vec![statement(DocumentKind::LossStatement)] })
        .unwrap();
    world.walk_to(&case, State::AwaitingReissue);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Revoke);
    // Reissue by LOCK needs a CSR.
    let lock = Action::Reissue { method: Method::Lock, csr: None };
    assert_eq!(
        world.act(&official(Role::Bsre), &case, &lock).unwrap_err(),
        Error::MissingDocument { document: DocumentKind::Csr }
    );
    let lock = Action::Reissue { method: Method::Lock, csr: Some(world.csr_for(&world.case(&case))) };
    world.act(&official(Role::Bsre), &case, &lock).unwrap();
    let records = world.ledger.records();
    assert_eq!(records.certificates[&old.serial].revocation.as_ref().map(|r| r.rfc5280_code), Some(1));
    assert_eq!(world.active_certificate(&person).method, Method::Lock);
    assert_eq!(world.ledger.sla_report(&case).unwrap().sop_total_seconds, Some(42 * 60));
}

#[test]
fn forgotten_lock_passphrase_needs_a_new_csr_and_reissues_by_lock() {
    let mut world = World::new();
    let person = world.people[4].clone();
    let (actor, request) = world.prepare(Process::ForgottenPassphraseLock, &person);
    let Request::ForgottenPassphraseLock { certificate, statement: st, .. } = request.clone() else { unreachable!() };
    let without_csr = Request::ForgottenPassphraseLock { certificate, statement: st, csr: b"selfie.jpg".to_vec() };
    assert_eq!(world.open(&actor, &without_csr).unwrap_err(), Error::Malformed { what: "CSR" });
    let case = world.open(&actor, &request).unwrap().case_id().unwrap().to_string();
    let old = world.active_certificate(&person);
    world.walk_to(&case, State::AwaitingReissue);
    let esign = Action::Reissue { method: Method::Esign, csr: None };
    assert_eq!(world.act(&official(Role::Bsre), &case, &esign).unwrap_err(), Error::WrongSubject);
    world.act(&official(Role::Bsre), &case, &Action::Reissue { method: Method::Lock, csr: None }).unwrap();
    let new = world.active_certificate(&person);
    assert_eq!((new.method, new.csr_sha256.is_some()), (Method::Lock, true));
    assert_eq!(world.ledger.records().certificates[&old.serial].revocation.as_ref().map(|r| r.rfc5280_code), Some(4));
    assert_eq!(world.ledger.sla_report(&case).unwrap().sop_total_seconds, Some(47 * 60));
}

#[test]
fn forgotten_esign_passphrase_change_needs_the_old_one_and_a_strong_new_one() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let case = world.open_prepared(Process::ForgottenPassphraseEsign, &person);
    let account = world.account_of(&person).id;
    let before = snapshot(&world);
    let wrong_old = Action::ChangePassphrase { old: Secret::new("Salah#Sandi1"), new: Secret::new("Teh#Manis77x") };
    assert!(matches!(world.act(&person.actor(), &case, &wrong_old), Err(Error::WrongPassphrase { .. })));
    let old = world.passphrases[&account].clone();
    let weak = Action::ChangePassphrase { old: old.clone(), new: Secret::new("abc") };
    assert_eq!(world.act(&person.actor(), &case, &weak).unwrap_err().code(), 1200);
    assert_eq!(snapshot(&world), before);
    let changed =
        world.act(&person.actor(), &case, &Action::ChangePassphrase { old, new: Secret::new("Teh#Manis77x") }).unwrap();
    assert_eq!(changed.notifications[0].kind, NotificationKind::PassphraseChanged);
    assert_eq!(world.case(&case).state, State::Completed);
    let cert = world.active_certificate(&person);
    assert!(matches!(
        world.ledger.sign_attempt(&person.actor(), &cert.serial, &Secret::new("Teh#Manis77x")),
        Ok(SignDecision::Authorized { .. })
    ));
}

#[test]
fn signing_waits_an_hour_and_wrong_passphrases_suspend_until_a_reset() {
    let mut world = World::new();
    let person = world.people[5].clone();
    world.register(&person);
    let cert = world.active_certificate(&person);
    let account = world.account_of(&person).id;
    let right = world.passphrases[&account].clone();
    let err = world.ledger.sign_attempt(&person.actor(), &cert.serial, &right).unwrap_err();
    assert!(matches!(err, Error::SigningTooEarly { wait_seconds } if wait_seconds > 0 && wait_seconds <= HOUR));
    world.clock.advance(HOUR);
    let stranger = world.people[1].actor();
    assert_eq!(world.ledger.sign_attempt(&stranger, &cert.serial, &right).unwrap_err(), Error::NotTheApplicant);
    assert!(matches!(
        world.ledger.sign_attempt(&person.actor(), &cert.serial, &right),
        Ok(SignDecision::Authorized { .. })
    ));
    let wrong = Secret::new("Bukan#Ini123");
    let mut remaining = Vec::new();
    for _ in 0..3 {
        match world.ledger.sign_attempt(&person.actor(), &cert.serial, &wrong).unwrap() {
            SignDecision::WrongPassphrase { remaining_attempts, outcome } => {
                remaining.push(remaining_attempts);
                if remaining_attempts == 0 {
                    assert_eq!(outcome.notifications[0].kind, NotificationKind::Suspended);
                }
            }
            SignDecision::Authorized { .. } => panic!("wrong passphrase accepted"),
        }
    }
    assert_eq!(remaining, vec![2, 1, 0]);
    assert_eq!(Error::WrongPassphrase { remaining_attempts: 0 }.code(), 2031);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Suspend);
    let before = snapshot(&world);
    assert_eq!(world.ledger.sign_attempt(&person.actor(), &cert.serial, &right).unwrap_err(), Error::AccountSuspended);
    assert_eq!(snapshot(&world), before);
    // Reset Passphrase (ESIGN) hands out a random passphrase and lifts the suspension.
    let case =
        world.open(&person.actor(), &Request::ForgottenPassphraseEsign { certificate: cert.serial.clone() }).unwrap();
    let case = case.case_id().unwrap().to_string();
    let reset = world.act(&person.actor(), &case, &Action::ResetPassphrase).unwrap();
    let fresh = reset.secret(SecretKind::Passphrase).unwrap().clone();
    assert_eq!(world.ledger.config().passphrase.check(fresh.expose(), &Default::default()), Ok(()));
    for n in &reset.notifications {
        assert!(!n.body_id.contains(fresh.expose()) && !n.body_en.contains(fresh.expose()));
    }
    assert!(!format!("{:?}", reset).contains(fresh.expose()));
    assert!(!world.ledger.log().to_json().unwrap().contains(fresh.expose()));
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Issue);
    assert!(matches!(
        world.ledger.sign_attempt(&person.actor(), &cert.serial, &right),
        Ok(SignDecision::WrongPassphrase { .. })
    ));
    assert!(matches!(
        world.ledger.sign_attempt(&person.actor(), &cert.serial, &fresh),
        Ok(SignDecision::Authorized { .. })
    ));
    assert_eq!(world.account_of(&person).failed_attempts, 0);
}

/// Found by the property test: a LOCK and an ESIGN request open at once must not
/// leave two active certificates.
#[test]
fn one_issuance_at_a_time_whatever_the_method() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let (actor, request) = world.prepare(Process::IssuanceEsign, &person);
    world.open(&actor, &request).unwrap();
    let account = world.account_of(&person).id;
    let lock = Request::Issuance { account, method: Method::Lock };
    assert_eq!(world.open(&actor, &lock).unwrap_err(), Error::CaseAlreadyOpen);
}

#[test]
fn a_lost_esign_key_is_replaced_with_a_new_key_and_passphrase() {
    let mut world = World::new();
    let person = world.people[1].clone();
    let case = world.open_prepared(Process::LostCertificate, &person);
    let old = world.active_certificate(&person);
    let account = world.account_of(&person).id;
    let old_passphrase = world.passphrases[&account].clone();
    world.walk_to(&case, State::AwaitingReissue);
    let reissued =
        world.act(&official(Role::Bsre), &case, &Action::Reissue { method: Method::Esign, csr: None }).unwrap();
    let fresh = reissued.secret(SecretKind::Passphrase).unwrap().clone();
    let new = world.active_certificate(&person);
    let key_of = |pem: &str| PkiCertificate::from_pem(pem).unwrap().public_key().clone();
    assert_ne!(key_of(&new.pem), key_of(&old.pem), "a compromised key is not certified again");
    world.clock.advance(2 * HOUR);
    assert!(matches!(
        world.ledger.sign_attempt(&person.actor(), &new.serial, &fresh),
        Ok(SignDecision::Authorized { .. })
    ));
    assert!(matches!(
        world.ledger.sign_attempt(&person.actor(), &new.serial, &old_passphrase),
        Ok(SignDecision::WrongPassphrase { .. })
    ));
}
