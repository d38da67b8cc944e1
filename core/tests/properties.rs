//! Property tests over random sequences of requests, actions, clock jumps and signing
//! attempts: a refused step changes nothing, every accepted step appends exactly one
//! event, terminal states stay terminal, at most one active certificate per person
//! outside a renewal overlap, and replaying the log gives the live records.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

mod common;

use common::*;
use proptest::prelude::*;
use tte_core::date::{DAY, HOUR};
use tte_core::lifecycle::table;
use tte_core::lifecycle::*;
use tte_core::secret::Secret;

#[derive(Clone, Debug)]
enum Op {
    /// Open `process` for person `person`.
    Open { process: usize, person: usize },
    /// On case `case`, take table row `row` (modulo the rows of its state), as `who`.
    Act { case: usize, row: usize, who: Who },
    /// Take any action kind at all on a case, with its usual payload, as the right role.
    Random { case: usize, kind: usize },
    /// Move the clock.
    Advance { seconds: i64 },
    /// Try to sign with person's newest certificate.
    Sign { person: usize, right: bool },
}

#[derive(Clone, Copy, Debug)]
enum Who {
    Right,
    Stranger,
    WrongRole,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..14usize, 0..4usize).prop_map(|(process, person)| Op::Open { process, person }),
        12 => (0..64usize, 0..8usize, prop_oneof![8 => Just(Who::Right), 1 => Just(Who::Stranger), 1 => Just(Who::WrongRole)])
            .prop_map(|(case, row, who)| Op::Act { case, row, who }),
        1 => (0..64usize, 0..33usize).prop_map(|(case, kind)| Op::Random { case, kind }),
        2 => prop_oneof![Just(60i64), Just(HOUR), Just(DAY), Just(400 * DAY), 0..(2 * 365 * DAY)]
            .prop_map(|seconds| Op::Advance { seconds }),
        1 => (0..4usize, any::<bool>()).prop_map(|(person, right)| Op::Sign { person, right }),
    ]
}

/// A request for `process` built from what the records hold now (no setup: often refused).
fn request_for(world: &World, process: Process, person: &Person) -> (Actor, Request) {
    let records = world.ledger.records();
    let account = records.accounts.values().find(|a| a.email == person.email).map(|a| a.id.clone());
    let account_id = account.clone().unwrap_or_else(|| "AKUN-000000".into());
    let newest = account.as_ref().and_then(|id| records.certificates_of(id).last().cloned());
    let serial = newest.as_ref().map_or_else(|| "00".into(), |c| c.serial.clone());
    let verifier = official(Role::Verifier);
    match process {
        Process::Revocation => {
            let (username, subject_dn) = newest.map(|c| (c.username, c.subject_dn)).unwrap_or_default();
            let request = Request::Revocation {
                certificate: serial,
                reasons: vec![RevocationReason::ForgottenPassphrase],
                username,
                subject_dn,
                statement: statement(DocumentKind::RevocationStatement),
            };
            (person.actor(), request)
        }
        Process::Renewal => (
            verifier,
            Request::Renewal { account: account_id, recommendation: recommendation(person.echelon.recommender()) },
        ),
        Process::DataUpdate => {
            let changes = ChangeForm { name: Some(format!("{} Baru", person.name)), ..ChangeForm::default() };
            (
                verifier,
                Request::DataUpdate {
                    account: account_id,
                    changes,
                    documents: vec![doc(DocumentKind::SupportingData)],
                },
            )
        }
        Process::IssuanceLock | Process::IssuanceEsign => {
            let method = if process == Process::IssuanceLock { Method::Lock } else { Method::Esign };
            (person.actor(), Request::Issuance { account: account_id, method })
        }
        Process::ExpiredAccountChange => {
            let form = doc(DocumentKind::ExpiredAccountForm).signed_by(Role::AgencyHead).stamped();
            let new_email = format!("pindah.{}", person.email);
            (person.actor(), Request::ExpiredAccountChange { account: account_id, new_email, form })
        }
        Process::LostCertificate => (
            person.actor(),
            Request::LostCertificate { certificate: serial, statement: statement(DocumentKind::LossStatement) },
        ),
        Process::ForgottenPassphraseLock => {
            let request = Request::ForgottenPassphraseLock {
                certificate: serial,
                statement: statement(DocumentKind::ForgottenPassphraseStatement),
                csr: records
                    .accounts
                    .values()
                    .find(|a| a.email == person.email)
                    .map_or_else(Vec::new, |a| world.csr_for_account(a)),
            };
            (person.actor(), request)
        }
        Process::ForgottenPassphraseEsign => {
            (person.actor(), Request::ForgottenPassphraseEsign { certificate: serial })
        }
        Process::DataChange => {
            let changes = ChangeForm { phone: Some("081299990000".into()), ..ChangeForm::default() };
            let documents = vec![doc(DocumentKind::DataChangeForm), doc(DocumentKind::SupportingData)];
            (person.actor(), Request::DataChange { certificate: serial, changes, documents })
        }
        // Registrations and the API application need no records.
        _ => {
            let mut world_free = World::with_people(0);
            world_free.people.push(person.clone());
            world_free.prepare(process, person)
        }
    }
}

#[derive(Default, Debug)]
struct Depth {
    accepted: usize,
    completed: usize,
    certificates: usize,
}

fn check_certificate_invariant(world: &World) {
    let records = world.ledger.records();
    let now = world.clock.now();
    for account in records.accounts.keys() {
        let active = records.active_certificates(account, now);
        let overlap = active.len() == 2
            && active.iter().any(|c| {
                c.replaces.as_deref() == Some(active[0].serial.as_str())
                    || c.replaces.as_deref() == Some(active[1].serial.as_str())
            });
        assert!(active.len() <= 1 || overlap, "{account}: {} active certificates", active.len());
    }
}

fn run(ops: &[Op]) -> Depth {
    let mut world = World::with_people(4);
    let mut depth = Depth::default();
    for op in ops {
        let before = snapshot(&world);
        let terminal: Vec<(String, State)> = world
            .ledger
            .records()
            .cases
            .values()
            .filter(|c| c.state.is_terminal())
            .map(|c| (c.id.clone(), c.state))
            .collect();
        let case_ids: Vec<String> = world.ledger.records().cases.keys().cloned().collect();
        let result = match op {
            Op::Open { process, person } => {
                let person = world.people[*person].clone();
                let (actor, request) = request_for(&world, Process::ALL[*process], &person);
                Some(world.open(&actor, &request).map(|_| ()))
            }
            Op::Act { case, row, who } if !case_ids.is_empty() => {
                let case = world.case(&case_ids[case % case_ids.len()]);
                let rows: Vec<_> =
                    table::transitions(case.process).into_iter().filter(|r| r.from == case.state).collect();
                if rows.is_empty() {
                    None
                } else {
                    let row = rows[row % rows.len()];
                    let (mut actor, mut action) = world.move_for(&case, &row);
                    if row.action == ActionKind::ResolveIdentity && case.escalation.is_none() {
                        action = world.payload(&case, ActionKind::EscalateIdentity);
                        actor = official(Role::Verifier);
                    }
                    match who {
                        Who::Right => {}
                        Who::Stranger => actor = Actor::new("orang.asing@kaltimprov.go.id", actor.role),
                        Who::WrongRole => {
                            actor.role =
                                Role::ALL[(Role::ALL.iter().position(|r| *r == actor.role).unwrap_or(0) + 1) % 6]
                        }
                    }
                    Some(world.act(&actor, &case.id, &action).map(|_| ()))
                }
            }
            Op::Random { case, kind } if !case_ids.is_empty() => {
                let case = world.case(&case_ids[case % case_ids.len()]);
                let kind = ActionKind::ALL[kind % 33 + 1];
                let role = table::find(case.process, case.state, kind).map_or(Role::Verifier, |r| r.roles[0]);
                let actor = if role == Role::Applicant { Actor::new(&case.applicant, role) } else { official(role) };
                let action = world.payload(&case, kind);
                Some(world.act(&actor, &case.id, &action).map(|_| ()))
            }
            Op::Advance { seconds } => {
                world.clock.advance(*seconds);
                None
            }
            Op::Sign { person, right } => {
                let person = world.people[*person].clone();
                let records = world.ledger.records();
                let account = records.accounts.values().find(|a| a.email == person.email).map(|a| a.id.clone());
                let serial =
                    account.as_ref().and_then(|id| records.certificates_of(id).last().map(|c| c.serial.clone()));
                serial.map(|serial| {
                    let pass = if *right {
                        account.and_then(|a| world.passphrases.get(&a).cloned()).unwrap_or_else(|| Secret::new("x"))
                    } else {
                        Secret::new("Salah#Sandi9")
                    };
                    match world.ledger.sign_attempt(&person.actor(), &serial, &pass) {
                        Ok(SignDecision::Authorized { .. }) => Ok(()),
                        // Counted wrong passphrases are accepted events too.
                        Ok(SignDecision::WrongPassphrase { .. }) => Ok(()),
                        Err(e) => Err(e),
                    }
                })
            }
            _ => None,
        };
        match result {
            Some(Ok(())) => {
                depth.accepted += 1;
                assert_eq!(world.ledger.log().events().len(), before.1 + 1, "one event per accepted step");
            }
            Some(Err(_)) | None => assert_eq!(snapshot(&world), before, "{op:?} was refused but changed something"),
        }
        for (id, state) in terminal {
            assert_eq!(world.case(&id).state, state, "terminal case {id} moved");
        }
        check_certificate_invariant(&world);
    }
    assert_eq!(&replay(world.ledger.log()).unwrap(), world.ledger.records(), "replay differs from live state");
    let records = world.ledger.records();
    depth.completed = records.cases.values().filter(|c| c.state == State::Completed).count();
    depth.certificates = records.certificates.len();
    depth
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_the_invariants(ops in prop::collection::vec(op(), 1..300)) {
        run(&ops);
    }
}

/// The property must not degrade into refusals only: a deterministic sample of long
/// runs must complete cases and issue certificates.
#[test]
fn random_runs_reach_deep_into_the_processes() {
    let mut seed: u64 = 0x5eed_7e1e;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    let mut total = Depth::default();
    for _ in 0..20 {
        let ops: Vec<Op> = (0..600)
            .map(|_| match next(20) {
                0..=2 => Op::Open { process: next(14), person: next(4) },
                3 => Op::Advance { seconds: [60, HOUR, DAY, 400 * DAY][next(4)] },
                4 => Op::Sign { person: next(4), right: next(2) == 0 },
                _ => Op::Act { case: next(64), row: if next(4) == 0 { next(8) } else { 0 }, who: Who::Right },
            })
            .collect();
        let depth = run(&ops);
        total.accepted += depth.accepted;
        total.completed += depth.completed;
        total.certificates += depth.certificates;
    }
    println!("{total:?}");
    assert!(total.completed >= 100, "{total:?}");
    assert!(total.certificates >= 50, "{total:?}");
}
