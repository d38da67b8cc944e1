//! Processes 11–14 (renewal, data update, expired-account change, API application),
//! SLA reports, BSrE statuses, and the audit log (JSON, tampering, replay).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

mod common;

use common::*;
use tte_core::Error;
use tte_core::date::{DAY, MINUTE};
use tte_core::lifecycle::*;

#[test]
fn renewal_opens_in_the_window_and_overlaps_the_old_certificate() {
    let mut world = World::new();
    let person = world.people[0].clone();
    world.register(&person);
    let account = world.account_of(&person).id;
    let request = Request::Renewal { account: account.clone(), recommendation: recommendation(Role::AgencyHead) };
    let verifier = official(Role::Verifier);
    assert_eq!(world.open(&verifier, &request).unwrap_err(), Error::NotInRenewalWindow);
    // Nobody files a renewal for themselves as verifier.
    world.clock.advance(2 * 365 * DAY - 20 * DAY);
    assert_eq!(world.open(&Actor::new(&person.email, Role::Verifier), &request).unwrap_err(), Error::SelfApproval);
    let wrong_signer = Request::Renewal { account, recommendation: recommendation(Role::KadisKominfo) };
    assert!(matches!(world.open(&verifier, &wrong_signer), Err(Error::WrongSignatory { .. })));
    let old = world.active_certificate(&person);
    let case = world.open(&verifier, &request).unwrap().case_id().unwrap().to_string();
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Renew);
    world.walk_to(&case, State::AwaitingVerification);
    world.act(&verifier, &case, &Action::Return { reason: "KTP kedaluwarsa".into() }).unwrap();
    world.act(&person.actor(), &case, &Action::Resubmit { documents: vec![doc(DocumentKind::Ktp)] }).unwrap();
    world.walk_to(&case, State::AwaitingCaApproval);
    world.act(&official(Role::Bsre), &case, &Action::Return { reason: "Passphrase ulang".into() }).unwrap();
    world.act(&person.actor(), &case, &Action::Resubmit { documents: vec![] }).unwrap();
    let approved = world.act(&official(Role::Bsre), &case, &Action::Approve).unwrap();
    assert_eq!(approved.notifications[0].kind, NotificationKind::Extended);
    let active = world.ledger.records().active_certificates(&world.account_of(&person).id, world.clock.now()).len();
    assert_eq!(active, 2, "old and renewed overlap until the old one expires");
    world.clock.advance(21 * DAY);
    let now_active = world.active_certificate(&person);
    assert_eq!(now_active.replaces.as_deref(), Some(old.serial.as_str()));
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Issue);
}

#[test]
fn renewal_identity_must_be_the_same_person() {
    let mut world = World::new();
    let person = world.people[1].clone();
    let case = world.open_prepared(Process::Renewal, &person);
    let other = world.people[3].clone();
    let action = Action::SubmitIdentity {
        token: world.token(&case, LinkKind::IdentityForm),
        identity: other.identity(),
        ktp: doc(DocumentKind::Ktp),
        selfie: doc(DocumentKind::Selfie),
    };
    let before = snapshot(&world);
    assert!(world.act(&person.actor(), &case, &action).is_err());
    assert_eq!(snapshot(&world), before);
}

#[test]
fn data_update_filed_by_the_verifier_is_approved_by_the_ra() {
    let mut world = World::new();
    let person = world.people[2].clone();
    let case = world.open_prepared(Process::DataUpdate, &person);
    let bsre = official(Role::Bsre);
    world.act(&bsre, &case, &Action::Return { reason: "Data dukung kurang".into() }).unwrap();
    // The verifier resubmits, not the applicant.
    let resubmit = Action::Resubmit { documents: vec![doc(DocumentKind::SupportingData)] };
    assert!(matches!(world.act(&person.actor(), &case, &resubmit), Err(Error::RoleNotPermitted { .. })));
    world.act(&official(Role::Verifier), &case, &resubmit).unwrap();
    let done = world.act(&bsre, &case, &Action::Approve).unwrap();
    assert_eq!(done.notifications[0].kind, NotificationKind::Updated);
    assert_eq!(world.account_of(&person).phone.as_deref(), Some("+6281300001111"));
    assert_eq!(world.case(&case).state, State::Completed);
}

#[test]
fn expired_account_change_is_approved_from_the_old_email() {
    let mut world = World::new();
    let person = world.people[3].clone();
    world.register(&person);
    let account = world.account_of(&person).id;
    let form = doc(DocumentKind::ExpiredAccountForm).signed_by(Role::AgencyHead).stamped();
    let request = |email: &str, form: Document| Request::ExpiredAccountChange {
        account: account.clone(),
        new_email: email.into(),
        form,
    };
    let new_email = "guru.baru@kaltimprov.go.id";
    assert_eq!(world.open(&person.actor(), &request(new_email, form.clone())).unwrap_err(), Error::AccountNotExpired);
    world.clock.advance(2 * 366 * DAY);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Expired);
    assert_eq!(world.open(&person.actor(), &request("guru@gmail.com", form.clone())).unwrap_err().code(), 1014);
    let unstamped = doc(DocumentKind::ExpiredAccountForm).signed_by(Role::AgencyHead);
    assert!(matches!(world.open(&person.actor(), &request(new_email, unstamped)), Err(Error::WrongSignatory { .. })));
    let opened = world.open(&person.actor(), &request(new_email, form)).unwrap();
    assert_eq!(opened.notifications[0].to, vec![person.email.clone()], "approval goes to the old e-mail");
    let case = opened.case_id().unwrap().to_string();
    world.walk_to(&case, State::AwaitingVerification);
    world.act(&official(Role::Verifier), &case, &Action::Return { reason: "Formulir belum lengkap".into() }).unwrap();
    world.act(&person.actor(), &case, &Action::Resubmit { documents: vec![] }).unwrap();
    world.act(&official(Role::Verifier), &case, &Action::Approve).unwrap();
    let account = world.account_of_email(new_email);
    assert_eq!(account.previous_emails, vec![person.email.clone()]);
    // The old login still identifies the person: they cannot verify their own case later.
    assert_eq!(world.ledger.case(&case).unwrap().state, State::Completed);
}

#[test]
fn api_application_loops_through_failed_trials_until_uat_and_access() {
    let mut world = World::new();
    let developer = world.people[4].clone();
    let case = world.open_prepared(Process::ApiApplication, &developer);
    world.walk_to(&case, State::AwaitingTrial);
    let team = official(Role::TechnicalTeam);
    for round in 0..2 {
        world.act(&team, &case, &Action::Return { reason: format!("Catatan uji coba {round}") }).unwrap();
        assert_eq!(world.case(&case).state, State::TrialFailed);
        world.act(&developer.actor(), &case, &Action::Resubmit { documents: vec![] }).unwrap();
    }
    world.walk_to(&case, State::AwaitingApiAccess);
    let access = world.act(&team, &case, &Action::IssueApiAccess).unwrap();
    let secret = access.secret(SecretKind::ApiClientSecret).unwrap();
    assert!(!world.ledger.log().to_json().unwrap().contains(secret.expose()));
    world.walk_to(&case, State::Completed);
    let app = world.ledger.records().applications.values().next().unwrap().clone();
    assert!(app.integrated && app.client_id.is_some());
    assert_eq!(world.case(&case).trials, 3);
    let report = world.ledger.sla_report(&case).unwrap();
    assert_eq!(report.sop_total_seconds, Some(488 * 60));
}

#[test]
fn sla_report_measures_each_step_against_the_sop() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let (actor, request) = world.prepare(Process::AmsRegistrationEselon3, &person);
    let case = world.open(&actor, &request).unwrap().case_id().unwrap().to_string();
    // Verifier takes 5 minutes (standard 2), everything else 1 minute.
    let mut minutes = vec![5, 1, 1, 1, 1, 1, 1].into_iter();
    while world.case(&case).state != State::Completed {
        let current = world.case(&case);
        let row = forward_row(current.process, current.state).unwrap();
        world.clock.advance(minutes.next().unwrap() * MINUTE);
        let (actor, action) = world.move_for(&current, &row);
        world.act(&actor, &case, &action).unwrap();
    }
    let report = world.ledger.sla_report(&case).unwrap();
    assert_eq!(report.sop_total_seconds, Some(24 * 60));
    let actions: Vec<_> = report.steps.iter().map(|s| s.action).collect();
    assert_eq!(actions[0], ActionKind::Open);
    assert_eq!(actions[1], ActionKind::RegisterIdentity);
    let overdue: Vec<_> = report.overdue_steps().map(|s| (s.action, s.actual_seconds)).collect();
    assert_eq!(overdue, vec![(ActionKind::RegisterIdentity, 300)]);
    assert_eq!(report.actual_total_seconds, 11 * 60);
    assert_eq!(report.within_sop_total(), Some(true));
}

#[test]
fn user_status_follows_the_records_with_bsre_codes() {
    let mut world = World::new();
    let person = world.people[1].clone();
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::NotRegistered);
    assert_eq!(UserStatus::NotRegistered.service_code(), Some(2011));
    let case = world.open(&person.actor(), &Request::PortalRegistration { applicant: person.applicant() }).unwrap();
    let case = case.case_id().unwrap().to_string();
    world.walk_to(&case, State::AwaitingAmsActivation);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::New);
    world.walk_to(&case, State::AwaitingVerification);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::WaitingForVerification);
    world.walk_to(&case, State::AwaitingPasswordChange);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::New);
    world.walk_to(&case, State::Completed);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Issue);
    world.clock.advance(2 * 366 * DAY);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Expired);
    assert_eq!(UserStatus::NoCertificate.service_code(), Some(2021));
    assert_eq!(serde_json::to_string(&UserStatus::WaitingForVerification).unwrap(), "\"WAITING_FOR_VERIFICATION\"");
    assert_eq!(UserStatus::Suspend.as_str(), "SUSPEND");
}

#[test]
fn the_log_is_hash_chained_serializes_and_replays_to_the_same_records() {
    let mut world = World::new();
    for n in 0..3 {
        let person = world.people[n].clone();
        world.register(&person);
    }
    let person = world.people[0].clone();
    world.clock.advance(2 * 60 * MINUTE);
    let certificate = world.active_certificate(&person).serial;
    let request = Request::LostCertificate { certificate, statement: statement(DocumentKind::LossStatement) };
    let case = world.open(&person.actor(), &request).unwrap().case_id().unwrap().to_string();
    world.walk_to(&case, State::AwaitingVerification);
    world.act(&official(Role::Verifier), &case, &Action::Return { reason: "Data belum lengkap".into() }).unwrap();
    world.act(&person.actor(), &case, &Action::Resubmit { documents: vec![] }).unwrap();
    world.walk_to(&case, State::Completed);
    let log = world.ledger.log();
    assert_eq!(log.verify(), Ok(()));
    for pair in log.events().windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
    let json = log.to_json().unwrap();
    let restored = AuditLog::from_json(&json).unwrap();
    assert_eq!(&restored, log);
    assert_eq!(&replay(&restored).unwrap(), world.ledger.records());
    let continued = Ledger::from_log(LifecycleConfig::default(), restored, world.reopen_authority()).unwrap();
    assert_eq!(continued.records(), world.ledger.records());
    // Records serialize too.
    let records_json = serde_json::to_string(world.ledger.records()).unwrap();
    let records: Records = serde_json::from_str(&records_json).unwrap();
    assert_eq!(&records, world.ledger.records());

    // Tampering anywhere is detected at the first bad event.
    let tampered = json.replacen("Data belum lengkap", "Data sudah lengkap", 1);
    assert_ne!(tampered, json);
    assert!(matches!(AuditLog::from_json(&tampered), Err(Error::LogTampered { .. })));
    let mut events: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    events.remove(3);
    let dropped = serde_json::to_string(&events).unwrap();
    assert_eq!(AuditLog::from_json(&dropped).unwrap_err(), Error::LogTampered { seq: 4 });
    assert_eq!(AuditLog::from_json("not json").unwrap_err().code(), 3002);
}

#[test]
fn every_event_names_who_what_when_and_the_states() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let case = world.register(&person);
    for event in world.ledger.log().events() {
        assert!(!event.actor.id.is_empty());
        assert_eq!(event.case.as_deref(), Some(case.as_str()));
        assert!(event.from.is_some() && event.to.is_some());
        assert_eq!(event.hash.len(), 64);
    }
    let first = &world.ledger.log().events()[0];
    assert_eq!(
        (first.action, first.from, first.to),
        (ActionKind::Open, Some(State::New), Some(State::AwaitingPortalActivation))
    );
}
