//! SLA: each step of a case against its standard time (mutu baku) from the SOP.

use super::event::AuditLog;
use super::model::{ActionKind, Process, Role};
use super::table;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// One step of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaStep {
    /// The action.
    pub action: ActionKind,
    /// Who took it.
    pub role: Role,
    /// Seconds from the previous step (from the request for the first one; 0 for opening).
    pub actual_seconds: i64,
    /// The SOP's standard, if the step is timed.
    pub standard_seconds: Option<u32>,
}

impl SlaStep {
    /// Whether the step took longer than its standard.
    pub fn is_overdue(&self) -> bool {
        self.standard_seconds.is_some_and(|s| self.actual_seconds > i64::from(s))
    }
}

/// A case measured against its SOP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaReport {
    /// The case.
    pub case: String,
    /// Its process.
    pub process: Process,
    /// Every step, in order.
    pub steps: Vec<SlaStep>,
    /// Seconds from opening to the last step.
    pub actual_total_seconds: i64,
    /// The SOP's total standard time (the "Ya" path), if the SOP is timed.
    pub sop_total_seconds: Option<u32>,
}

impl SlaReport {
    /// Measures `case` from the events of `log`. The opening step is the SOP's first
    /// step, done at the moment of the request, so it counts its standard time.
    pub fn for_case(log: &AuditLog, process: Process, case: &str) -> Result<SlaReport> {
        let events: Vec<_> = log.events().iter().filter(|e| e.case.as_deref() == Some(case)).collect();
        let first = events.first().ok_or(Error::UnknownCase)?;
        let mut previous = first.at;
        let mut steps = Vec::with_capacity(events.len());
        for event in &events {
            let standard = event
                .from
                .and_then(|from| table::find(process, from, event.action))
                .and_then(|row| row.standard_seconds);
            let actual = if event.action == ActionKind::Open {
                i64::from(standard.unwrap_or(0))
            } else {
                event.at.seconds_since(previous)
            };
            steps.push(SlaStep {
                action: event.action,
                role: event.actor.role,
                actual_seconds: actual,
                standard_seconds: standard,
            });
            previous = event.at;
        }
        Ok(SlaReport {
            case: case.to_string(),
            process,
            actual_total_seconds: steps.iter().map(|s| s.actual_seconds).sum(),
            steps,
            sop_total_seconds: table::sop_total_seconds(process),
        })
    }

    /// Steps that took longer than their standard.
    pub fn overdue_steps(&self) -> impl Iterator<Item = &SlaStep> {
        self.steps.iter().filter(|s| s.is_overdue())
    }

    /// Whether the whole case stayed within the SOP's total.
    pub fn within_sop_total(&self) -> Option<bool> {
        self.sop_total_seconds.map(|total| self.actual_total_seconds <= i64::from(total))
    }
}
