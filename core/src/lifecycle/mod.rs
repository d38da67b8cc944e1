//! The certificate lifecycle of every SOP as typed state machines.
//!
//! * [`table`]: the transition tables as data (from, action, roles, to, standard time);
//! * [`Ledger`]: opens cases ([`Request`]) and moves them on ([`Action`]), checking the
//!   table, the role, who the actor is, and each step's guards; every accepted step
//!   appends one hash-chained [`Event`] to the [`AuditLog`] and yields notifications
//!   and one-time secrets; a refused step changes nothing;
//! * [`replay`] rebuilds the [`Records`] from a log; [`SlaReport`] measures a case
//!   against the SOP's standard times; [`UserStatus`] is BSrE's status of a person.

mod authority;
mod clock;
mod config;
mod decide;
mod directory;
mod event;
mod ledger;
mod model;
mod notify;
mod records;
mod request;
mod sla;
mod status;
pub mod table;

pub use authority::{CertificateAuthority, EmbeddedAuthority, EmbeddedOptions, IssuedCertificate, KeySource};
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::LifecycleConfig;
pub use decide::{HandedSecret, SecretKind};
pub use directory::{IdentityDirectory, ListedDirectory, OpenDirectory};
pub use event::{AccountUpdate, ApplicationUpdate, AuditLog, CaseUpdate, Change, Event};
pub use ledger::{Ledger, Outcome, OutcomeHandout, SecretHandout, SignDecision, replay};
pub use model::{
    ActionKind, Actor, Document, DocumentKind, Echelon, LinkKind, Method, Process, RevocationReason, Role, State,
};
pub use notify::{Notification, NotificationKind};
pub use records::{
    Account, ApiApplication, Case, Certificate, DataChanges, Escalation, PendingLink, Records, Revocation,
};
pub use request::{Action, Applicant, ChangeForm, IdentityForm, Request};
pub use sla::{SlaReport, SlaStep};
pub use status::{UserStatus, user_status};
