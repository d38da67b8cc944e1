//! Processes 1–3 (registration) end to end, with every "Tidak" branch and the failure
//! cases of seed 003 and their remedies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

mod common;

use common::*;
use tte_core::Error;
use tte_core::date::{DAY, HOUR, MINUTE};
use tte_core::lifecycle::*;
use tte_core::secret::Secret;

fn open_portal(world: &mut World, person: &Person) -> String {
    let outcome = world.open(&person.actor(), &Request::PortalRegistration { applicant: person.applicant() }).unwrap();
    outcome.case_id().unwrap().to_string()
}

#[test]
fn portal_registration_ds_kaltim_walks_to_a_certificate() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let opened = world.open(&person.actor(), &Request::PortalRegistration { applicant: person.applicant() }).unwrap();
    let case = opened.case_id().unwrap().to_string();
    assert_eq!(opened.notifications[0].link, Some(LinkKind::PortalActivation));
    assert_eq!(opened.notifications[0].to, vec![person.email.clone()]);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::NotRegistered);

    let mut subjects = Vec::new();
    let mut states = vec![world.case(&case).state];
    while world.case(&case).state != State::Completed {
        let current = world.case(&case);
        let row = forward_row(current.process, current.state).unwrap();
        world.clock.advance(MINUTE);
        let (actor, action) = world.move_for(&current, &row);
        let outcome = world.act(&actor, &case, &action).unwrap();
        subjects.extend(outcome.notifications.iter().map(|n| n.subject_id.clone()));
        if row.action == ActionKind::ActivateAms {
            assert_eq!(world.ledger.user_status(&person.nik), UserStatus::WaitingForVerification);
        }
        if row.action == ActionKind::Approve && current.state == State::AwaitingVerification {
            let password = outcome.secret(SecretKind::DefaultPassword).unwrap();
            assert_eq!(world.ledger.config().passphrase.check(password.expose(), &Default::default()), Ok(()));
            for n in &outcome.notifications {
                assert!(!n.body_id.contains(password.expose()) && !n.body_en.contains(password.expose()));
            }
        }
        states.push(world.case(&case).state);
    }
    assert_eq!(
        states,
        vec![
            State::AwaitingPortalActivation,
            State::AwaitingAmsActivation,
            State::AwaitingVerification,
            State::AwaitingPassphrase,
            State::AwaitingCaApproval,
            State::AwaitingAcknowledgement,
            State::AwaitingPasswordChange,
            State::Completed,
        ]
    );
    assert_eq!(
        subjects,
        vec![
            "[BSrE] Aktivasi Akun",
            "[BSrE] Informasi Akun",
            "[BSrE] Set Passphrase",
            "[BSrE] Sertifikat Elektronik Terbit",
        ]
    );
    let account = world.account_of(&person);
    assert_eq!(account.nik.as_deref(), Some(person.nik.as_str()));
    assert_eq!(account.username.as_deref(), Some("pegawai.uji0"));
    assert!(!account.must_change_password && account.passphrase_set);
    let cert = world.active_certificate(&person);
    assert_eq!(cert.subject_dn, format!("CN={},O=Pemerintah Provinsi Kalimantan Timur,C=ID", person.name));
    assert_eq!(cert.not_after, cert.not_before.plus_years(2));
    assert_eq!(cert.method, Method::Esign);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Issue);
    assert_eq!(UserStatus::Issue.service_code(), Some(1111));
}

#[test]
fn portal_activation_refuses_a_private_email_a_foreign_nik_and_a_wrong_recommendation() {
    let mut world = World::new();
    let person = world.people[1].clone();
    let mut private = person.applicant();
    private.email = "pegawai@gmail.com".into();
    let actor = Actor::new("pegawai@gmail.com", Role::Applicant);
    let err = world.open(&actor, &Request::PortalRegistration { applicant: private }).unwrap_err();
    assert_eq!(err.code(), 1014);
    assert!(err.message_id().contains("bukan domain email resmi"));

    let case = open_portal(&mut world, &person);
    let before = snapshot(&world);
    let token = world.token(&case, LinkKind::PortalActivation);
    let attempt = |identity: IdentityForm, signer: Role| Action::ActivatePortal {
        token: token.clone(),
        identity,
        recommendation: recommendation(signer),
    };
    // NIK and NIP of two different people disagree on birth date or sex.
    let mut mixed = person.identity();
    mixed.nip = world.people[2].nip.clone();
    let err = world.act(&person.actor(), &case, &attempt(mixed, Role::AgencyHead)).unwrap_err();
    assert!(matches!(err, Error::InvalidIdentity { .. }), "{err}");
    // Eselon III needs the agency head's recommendation, not the Kadis's.
    let err = world.act(&person.actor(), &case, &attempt(person.identity(), Role::KadisKominfo)).unwrap_err();
    assert_eq!(err, Error::WrongSignatory { document: DocumentKind::Recommendation, expected: Role::AgencyHead });
    // Activation failed ("Aktivasi Gagal") with a wrong token: start again.
    let wrong = Action::ActivatePortal {
        token: Secret::new("0".repeat(64)),
        identity: person.identity(),
        recommendation: recommendation(Role::AgencyHead),
    };
    assert_eq!(
        world.act(&person.actor(), &case, &wrong).unwrap_err(),
        Error::LinkInvalid { link: LinkKind::PortalActivation }
    );
    assert_eq!(snapshot(&world), before);
    world.act(&person.actor(), &case, &attempt(person.identity(), Role::AgencyHead)).unwrap();
    assert_eq!(world.case(&case).state, State::AwaitingAmsActivation);
}

#[test]
fn links_are_single_use_expire_and_are_replaced_by_a_resend() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let case = open_portal(&mut world, &person);
    world.walk_to(&case, State::AwaitingAmsActivation);
    let old = world.token(&case, LinkKind::AmsActivation);
    // The link is not delivered: the verifier resends it; the old one stops working.
    let resent = world.act(&official(Role::Verifier), &case, &Action::ResendLink).unwrap();
    assert_eq!(resent.notifications[0].subject_id, "[BSrE] Aktivasi Akun");
    let activate =
        |token: Secret| Action::ActivateAms { token, ktp: doc(DocumentKind::Ktp), selfie: doc(DocumentKind::Selfie) };
    let before = snapshot(&world);
    assert_eq!(
        world.act(&person.actor(), &case, &activate(old)).unwrap_err(),
        Error::LinkInvalid { link: LinkKind::AmsActivation }
    );
    // The new link expires after 24 hours.
    world.clock.advance(24 * HOUR);
    let fresh = world.token(&case, LinkKind::AmsActivation);
    assert_eq!(
        world.act(&person.actor(), &case, &activate(fresh.clone())).unwrap_err(),
        Error::LinkExpired { link: LinkKind::AmsActivation }
    );
    assert_eq!(snapshot(&world), before);
    world.act(&official(Role::Verifier), &case, &Action::ResendLink).unwrap();
    let newest = world.token(&case, LinkKind::AmsActivation);
    world.act(&person.actor(), &case, &activate(newest.clone())).unwrap();
    // Used once, the link is gone.
    assert_eq!(world.case(&case).state, State::AwaitingVerification);
    assert!(world.case(&case).links.is_empty());

    // Set-passphrase link expired ("Tautan Set Passphrase kadaluarsa"): resend, then set.
    world.act(&official(Role::Verifier), &case, &Action::Approve).unwrap();
    world.clock.advance(2 * DAY);
    let expired = world.token(&case, LinkKind::SetPassphrase);
    let set = |token: Secret| Action::SetPassphrase {
        token,
        passphrase: Secret::new(person.passphrase.clone()),
        accept_agreement: true,
    };
    assert_eq!(
        world.act(&person.actor(), &case, &set(expired)).unwrap_err(),
        Error::LinkExpired { link: LinkKind::SetPassphrase }
    );
    world.act(&official(Role::Verifier), &case, &Action::ResendLink).unwrap();
    world.act(&person.actor(), &case, &set(world.token(&case, LinkKind::SetPassphrase))).unwrap();
    assert_eq!(world.case(&case).state, State::AwaitingCaApproval);
}

#[test]
fn set_passphrase_needs_the_agreement_and_a_strong_passphrase() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let case = open_portal(&mut world, &person);
    world.walk_to(&case, State::AwaitingPassphrase);
    let before = snapshot(&world);
    let token = world.token(&case, LinkKind::SetPassphrase);
    let weak =
        Action::SetPassphrase { token: token.clone(), passphrase: Secret::new("password"), accept_agreement: true };
    let err = world.act(&person.actor(), &case, &weak).unwrap_err();
    assert_eq!(err.code(), 1200);
    let no_agreement =
        Action::SetPassphrase { token, passphrase: Secret::new(person.passphrase.clone()), accept_agreement: false };
    assert_eq!(world.act(&person.actor(), &case, &no_agreement).unwrap_err(), Error::AgreementNotAccepted);
    assert_eq!(snapshot(&world), before);
}

#[test]
fn verifier_and_bsre_returns_go_back_to_the_applicant() {
    let mut world = World::new();
    let person = world.people[0].clone();
    let case = open_portal(&mut world, &person);
    world.walk_to(&case, State::AwaitingVerification);
    let verifier = official(Role::Verifier);
    assert_eq!(world.act(&verifier, &case, &Action::Return { reason: "  ".into() }).unwrap_err(), Error::MissingReason);
    let returned = world.act(&verifier, &case, &Action::Return { reason: "Foto KTP buram".into() }).unwrap();
    assert_eq!(returned.notifications[0].kind, NotificationKind::Returned);
    assert!(returned.notifications[0].body_id.contains("Foto KTP buram"));
    assert_eq!(returned.event.reason.as_deref(), Some("Foto KTP buram"));
    assert_eq!(world.case(&case).state, State::ReturnedByVerifier);
    world.act(&person.actor(), &case, &Action::Resubmit { documents: vec![doc(DocumentKind::Ktp)] }).unwrap();
    world.walk_to(&case, State::AwaitingCaApproval);
    world.act(&official(Role::Bsre), &case, &Action::Return { reason: "Nama tidak sesuai KTP".into() }).unwrap();
    assert_eq!(world.case(&case).state, State::ReturnedByCa);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::New);
    world.act(&person.actor(), &case, &Action::Resubmit { documents: vec![] }).unwrap();
    world.walk_to(&case, State::Completed);
    assert_eq!(world.case(&case).notes, vec!["Foto KTP buram", "Nama tidak sesuai KTP"]);
}

#[test]
fn eselon_1_2_registration_returns_an_incomplete_draft_then_completes() {
    let mut world = World::new();
    let person = world.people[3].clone();
    let (actor, request) = world.prepare(Process::AmsRegistrationEselon12, &person);
    // Without the recommendation draft the request is incomplete.
    let Request::AmsRegistration { applicant, .. } = &request else { unreachable!() };
    let bare =
        Request::AmsRegistration { applicant: applicant.clone(), documents: vec![doc(DocumentKind::CoverLetter)] };
    assert_eq!(
        world.open(&actor, &bare).unwrap_err(),
        Error::MissingDocument { document: DocumentKind::RecommendationDraft }
    );
    let case = world.open(&actor, &request).unwrap().case_id().unwrap().to_string();
    assert_eq!(world.case(&case).process, Process::AmsRegistrationEselon12);
    let kadis = official(Role::KadisKominfo);
    // Only the Kadis Kominfo decides; the verifier may not.
    let err = world.act(&official(Role::Verifier), &case, &Action::Approve).unwrap_err();
    assert_eq!(err.code(), 2101);
    let wrong = Action::IssueRecommendation { recommendation: recommendation(Role::AgencyHead) };
    assert!(matches!(world.act(&kadis, &case, &wrong), Err(Error::WrongSignatory { .. })));
    world.act(&kadis, &case, &Action::Return { reason: "Draft belum ditandatangani".into() }).unwrap();
    assert_eq!(world.case(&case).state, State::ReturnedByKadis);
    world
        .act(&person.actor(), &case, &Action::Resubmit { documents: vec![doc(DocumentKind::RecommendationDraft)] })
        .unwrap();
    world.walk_to(&case, State::Completed);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Issue);
    let report = world.ledger.sla_report(&case).unwrap();
    assert_eq!(report.sop_total_seconds, Some(29 * 60));
}

#[test]
fn eselon_3_registration_needs_the_agency_heads_recommendation() {
    let mut world = World::new();
    let person = world.people[4].clone();
    let (actor, request) = world.prepare(Process::AmsRegistrationEselon3, &person);
    let Request::AmsRegistration { applicant, .. } = &request else { unreachable!() };
    let signed_by_kadis = Request::AmsRegistration {
        applicant: applicant.clone(),
        documents: vec![doc(DocumentKind::CoverLetter), recommendation(Role::KadisKominfo)],
    };
    assert_eq!(
        world.open(&actor, &signed_by_kadis).unwrap_err(),
        Error::WrongSignatory { document: DocumentKind::Recommendation, expected: Role::AgencyHead }
    );
    let case = world.open(&actor, &request).unwrap().case_id().unwrap().to_string();
    assert_eq!(world.case(&case).state, State::AwaitingIdentityRegistration);
    world.walk_to(&case, State::Completed);
    assert_eq!(world.ledger.user_status(&person.nik), UserStatus::Issue);
}

#[test]
fn nik_or_nip_not_found_is_escalated_to_bsre_and_resolved() {
    let mut world = World::with_people(2);
    // Somebody the registries do not know yet.
    let newcomer = Person::synthetic(40, Echelon::IV);
    world.people.push(newcomer.clone());
    let case = open_portal(&mut world, &newcomer);
    let activate = |w: &World| Action::ActivatePortal {
        token: w.token(&case, LinkKind::PortalActivation),
        identity: newcomer.identity(),
        recommendation: recommendation(Role::AgencyHead),
    };
    let before = snapshot(&world);
    let err = world.act(&newcomer.actor(), &case, &activate(&world)).unwrap_err();
    assert_eq!(err, Error::NikNotFound);
    assert!(err.message_id().contains("verifikator"));
    assert_eq!(snapshot(&world), before);
    let escalate = Action::EscalateIdentity { nik: newcomer.nik.clone(), nip: newcomer.nip.clone() };
    // BSrE cannot resolve what was not sent.
    assert!(matches!(
        world.act(&official(Role::Bsre), &case, &Action::ResolveIdentity),
        Err(Error::IllegalAction { .. })
    ));
    world.act(&official(Role::Verifier), &case, &escalate).unwrap();
    world.act(&official(Role::Bsre), &case, &Action::ResolveIdentity).unwrap();
    world.act(&newcomer.actor(), &case, &activate(&world)).unwrap();
    assert_eq!(world.case(&case).state, State::AwaitingAmsActivation);
}

#[test]
fn a_nik_already_registered_is_refused() {
    let mut world = World::new();
    let first = world.people[0].clone();
    world.register(&first);
    // Another account claims the same person's NIK and NIP.
    let mut impostor = Person::synthetic(0, Echelon::III);
    impostor.email = "lain@kaltimprov.go.id".into();
    world.people.push(impostor.clone());
    let case = open_portal(&mut world, &impostor);
    let action = Action::ActivatePortal {
        token: world.token(&case, LinkKind::PortalActivation),
        identity: impostor.identity(),
        recommendation: recommendation(Role::AgencyHead),
    };
    let err = world.act(&impostor.actor(), &case, &action).unwrap_err();
    assert_eq!(err, Error::NikAlreadyRegistered);
    assert_eq!(err.code(), 2110);
    // The same e-mail cannot register twice either.
    let again = world.open(&first.actor(), &Request::PortalRegistration { applicant: first.applicant() });
    assert_eq!(again.unwrap_err(), Error::EmailAlreadyRegistered);
}
