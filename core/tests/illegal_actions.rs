//! Exhaustive: for every process, every row of its table is reached and taken with a
//! valid payload; in every state (terminal ones too) every action the table does not
//! allow, and every role it does not allow, is refused with the typed error and
//! leaves records and log exactly as they were. Applicants cannot act on other
//! people's cases, and officials cannot act on their own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

mod common;

use common::*;
use std::collections::{BTreeSet, HashMap, VecDeque};
use tte_core::Error;
use tte_core::lifecycle::table::{self, Transition};
use tte_core::lifecycle::*;

/// Shortest sequence of state-changing rows from `New` to every state.
fn paths(process: Process) -> HashMap<State, Vec<Transition>> {
    let rows = table::transitions(process);
    let mut found: HashMap<State, Vec<Transition>> = HashMap::from([(State::New, Vec::new())]);
    let mut queue = VecDeque::from([State::New]);
    while let Some(state) = queue.pop_front() {
        for row in rows.iter().filter(|r| r.from == state && r.to != r.from) {
            if !found.contains_key(&row.to) {
                let mut path = found[&state].clone();
                path.push(*row);
                found.insert(row.to, path);
                queue.push_back(row.to);
            }
        }
    }
    found
}

/// A fresh world with a case of `process` moved along `path`.
fn case_after(process: Process, path: &[Transition]) -> (World, String) {
    let mut world = World::new();
    let person = world.people[0].clone();
    let (actor, request) = world.prepare(process, &person);
    let case = world.open(&actor, &request).unwrap().case_id().unwrap().to_string();
    for row in &path[1..] {
        world.clock.advance(60);
        let current = world.case(&case);
        let (actor, action) = world.move_for(&current, row);
        world.act(&actor, &case, &action).unwrap_or_else(|e| panic!("{process:?} {:?}: {e}", row.action));
    }
    (world, case)
}

fn case_actions() -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL.into_iter().filter(|k| !matches!(k, ActionKind::Open | ActionKind::SignAttempt))
}

/// Every refusal at the case's state: kinds outside the table, roles outside the row.
fn assert_refusals(world: &mut World, case_id: &str) -> usize {
    let case = world.case(case_id);
    let before = snapshot(world);
    let mut refused = 0;
    for kind in case_actions() {
        let row = table::find(case.process, case.state, kind);
        let action = world.payload(&case, kind);
        for role in Role::ALL {
            let actor = if role == Role::Applicant { Actor::new(&case.applicant, role) } else { official(role) };
            let expected = match row {
                None => Error::IllegalAction { process: case.process, state: case.state, action: kind },
                Some(row) if !row.roles.contains(&role) => {
                    Error::RoleNotPermitted { process: case.process, action: kind, role }
                }
                Some(_) => continue,
            };
            assert_eq!(world.act(&actor, case_id, &action).unwrap_err(), expected);
            refused += 1;
        }
    }
    assert_eq!(snapshot(world), before, "{:?} {:?}: a refusal changed something", case.process, case.state);
    refused
}

/// The row taken by the wrong person is refused; taken by the right one it succeeds.
fn assert_row_works(world: &mut World, case_id: &str, row: &Transition) {
    let case = world.case(case_id);
    let (actor, action) = world.move_for(&case, row);
    let before = snapshot(world);
    let imposter = if actor.role == Role::Applicant {
        (Actor::new("orang.lain@kaltimprov.go.id", Role::Applicant), Error::NotTheApplicant)
    } else {
        (Actor::new(&case.applicant, actor.role), Error::SelfApproval)
    };
    assert_eq!(
        world.act(&imposter.0, case_id, &action).unwrap_err(),
        imposter.1,
        "{:?} {:?}",
        case.process,
        row.action
    );
    assert_eq!(snapshot(world), before);
    if row.action == ActionKind::ResolveIdentity {
        let escalate = world.payload(&case, ActionKind::EscalateIdentity);
        world.act(&official(Role::Verifier), case_id, &escalate).unwrap();
    }
    let events = world.ledger.log().events().len();
    world.clock.advance(60);
    let outcome =
        world.act(&actor, case_id, &action).unwrap_or_else(|e| panic!("{:?} {:?}: {e}", case.process, row.action));
    assert_eq!(world.ledger.log().events().len(), events + 1);
    assert_eq!((outcome.event.from, outcome.event.to), (Some(row.from), Some(row.to)));
    assert_eq!(world.case(case_id).state, row.to);
}

#[test]
fn every_row_works_and_everything_else_is_refused_without_change() {
    let mut total_refusals = 0;
    let mut total_rows = 0;
    for process in Process::ALL {
        let rows = table::transitions(process);
        let paths = paths(process);
        let states: BTreeSet<State> = rows.iter().flat_map(|r| [r.from, r.to]).filter(|s| *s != State::New).collect();
        for state in &states {
            assert!(paths.contains_key(state), "{process:?}: {state:?} unreachable");
            let (mut world, case) = case_after(process, &paths[state]);
            assert_eq!(world.case(&case).state, *state);
            total_refusals += assert_refusals(&mut world, &case);
        }
        for row in rows.iter().filter(|r| r.from != State::New) {
            let (mut world, case) = case_after(process, &paths[&row.from]);
            assert_row_works(&mut world, &case, row);
            total_rows += 1;
        }
    }
    assert!(total_rows > 150, "{total_rows} rows taken");
    assert!(total_refusals > 5_000, "{total_refusals} refusals checked");
}

#[test]
fn only_the_opening_roles_open_a_case() {
    for process in Process::ALL {
        let mut world = World::new();
        let person = world.people[0].clone();
        let (_, request) = world.prepare(process, &person);
        let before = snapshot(&world);
        for role in Role::ALL.into_iter().filter(|r| !table::openers(process).contains(r)) {
            let actor = if role == Role::Applicant { person.actor() } else { official(role) };
            let expected = Error::RoleNotPermitted { process, action: ActionKind::Open, role };
            assert_eq!(world.open(&actor, &request).unwrap_err(), expected);
        }
        assert_eq!(snapshot(&world), before);
    }
}

#[test]
fn unknown_cases_are_refused() {
    let mut world = World::new();
    let verifier = official(Role::Verifier);
    assert_eq!(world.act(&verifier, "KASUS-999999", &Action::Approve).unwrap_err(), Error::UnknownCase);
}
