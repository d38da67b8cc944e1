//! The transition tables: for every process, the rows (from, action, roles, to, standard
//! time) of its SOP, as data. Standard times (mutu baku) are the SOPs' minutes in seconds;
//! steps the SOPs do not time (returns, resends, seed 004's processes) have none.

use super::model::{ActionKind as A, Process, Role, State as S};

/// One row of a transition table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    /// State the row applies in.
    pub from: S,
    /// The action.
    pub action: A,
    /// Roles allowed to take it.
    pub roles: &'static [Role],
    /// State after it.
    pub to: S,
    /// The SOP's standard time of the step, in seconds.
    pub standard_seconds: Option<u32>,
}

const APPLICANT: &[Role] = &[Role::Applicant];
const VERIFIER: &[Role] = &[Role::Verifier];
const BSRE: &[Role] = &[Role::Bsre];
const KADIS: &[Role] = &[Role::KadisKominfo];
const TEAM: &[Role] = &[Role::TechnicalTeam];

const fn step(from: S, action: A, roles: &'static [Role], to: S, minutes_x2: u32) -> Transition {
    Transition { from, action, roles, to, standard_seconds: Some(minutes_x2 * 30) }
}

const fn untimed(from: S, action: A, roles: &'static [Role], to: S) -> Transition {
    Transition { from, action, roles, to, standard_seconds: None }
}

const fn stay(state: S, action: A, roles: &'static [Role]) -> Transition {
    untimed(state, action, roles, state)
}

// Standard times are written in half minutes (the SOPs use 0.5-minute steps): step(.., 6) = 3 min.

/// DS Kaltim registration up to the AMS activation link (SOP 35 min, first two rows).
const PORTAL_HEAD: &[Transition] = &[
    step(S::New, A::Open, APPLICANT, S::AwaitingPortalActivation, 6),
    step(S::AwaitingPortalActivation, A::ActivatePortal, APPLICANT, S::AwaitingAmsActivation, 20),
    stay(S::AwaitingPortalActivation, A::ResendLink, VERIFIER),
    stay(S::AwaitingPortalActivation, A::EscalateIdentity, VERIFIER),
    stay(S::AwaitingPortalActivation, A::ResolveIdentity, BSRE),
];

/// Eselon I/II: the Kadis Kominfo issues the recommendation or returns the draft.
const ESELON12_HEAD: &[Transition] = &[
    step(S::New, A::Open, APPLICANT, S::AwaitingKadisReview, 0),
    step(S::AwaitingKadisReview, A::IssueRecommendation, KADIS, S::AwaitingIdentityRegistration, 10),
    untimed(S::AwaitingKadisReview, A::Return, KADIS, S::ReturnedByKadis),
    untimed(S::ReturnedByKadis, A::Resubmit, APPLICANT, S::AwaitingKadisReview),
];

/// Eselon III and below: the request arrives with the agency head's recommendation.
const ESELON3_HEAD: &[Transition] = &[step(S::New, A::Open, APPLICANT, S::AwaitingIdentityRegistration, 0)];

/// The verifier registers the identity in AMS (both AMS SOPs, 2 min).
const IDENTITY_REGISTRATION: &[Transition] = &[
    step(S::AwaitingIdentityRegistration, A::RegisterIdentity, VERIFIER, S::AwaitingAmsActivation, 4),
    stay(S::AwaitingIdentityRegistration, A::EscalateIdentity, VERIFIER),
    stay(S::AwaitingIdentityRegistration, A::ResolveIdentity, BSRE),
];

/// The AMS part shared by the three registration SOPs: activation, verification,
/// passphrase, BSrE's check and issuance, acknowledgement, new password.
const AMS_TAIL: &[Transition] = &[
    step(S::AwaitingAmsActivation, A::ActivateAms, APPLICANT, S::AwaitingVerification, 20),
    stay(S::AwaitingAmsActivation, A::ResendLink, VERIFIER),
    step(S::AwaitingVerification, A::Approve, VERIFIER, S::AwaitingPassphrase, 4),
    untimed(S::AwaitingVerification, A::Return, VERIFIER, S::ReturnedByVerifier),
    untimed(S::ReturnedByVerifier, A::Resubmit, APPLICANT, S::AwaitingVerification),
    step(S::AwaitingPassphrase, A::SetPassphrase, APPLICANT, S::AwaitingCaApproval, 10),
    stay(S::AwaitingPassphrase, A::ResendLink, VERIFIER),
    step(S::AwaitingCaApproval, A::Approve, BSRE, S::AwaitingAcknowledgement, 4),
    untimed(S::AwaitingCaApproval, A::Return, BSRE, S::ReturnedByCa),
    untimed(S::ReturnedByCa, A::Resubmit, APPLICANT, S::AwaitingCaApproval),
    step(S::AwaitingAcknowledgement, A::Acknowledge, APPLICANT, S::AwaitingPasswordChange, 2),
    step(S::AwaitingPasswordChange, A::ChangeDefaultPassword, APPLICANT, S::Completed, 4),
];

const LOCK_HEAD: &[Transition] = &[
    step(S::New, A::Open, APPLICANT, S::AwaitingCsr, 2),
    step(S::AwaitingCsr, A::UploadCsr, APPLICANT, S::AwaitingDocuments, 8),
];

const ESIGN_HEAD: &[Transition] = &[step(S::New, A::Open, APPLICANT, S::AwaitingDocuments, 2)];

/// Issuance after the CSR: documents, agreement, BSrE's check, issuance, download.
const ISSUANCE_TAIL: &[Transition] = &[
    step(S::AwaitingDocuments, A::UploadDocuments, APPLICANT, S::AwaitingAgreement, 16),
    step(S::AwaitingAgreement, A::AcceptAgreement, APPLICANT, S::AwaitingCaApproval, 2),
    step(S::AwaitingCaApproval, A::Approve, BSRE, S::AwaitingIssuance, 4),
    untimed(S::AwaitingCaApproval, A::Return, BSRE, S::ReturnedByCa),
    untimed(S::ReturnedByCa, A::Resubmit, APPLICANT, S::AwaitingCaApproval),
    step(S::AwaitingIssuance, A::Issue, BSRE, S::AwaitingDownload, 6),
    step(S::AwaitingDownload, A::Download, APPLICANT, S::Completed, 2),
];

/// The verifier's check of a filed statement, with its return branch.
const fn verification(approved: S, minutes_x2: u32) -> [Transition; 3] {
    [
        step(S::AwaitingVerification, A::Approve, VERIFIER, approved, minutes_x2),
        untimed(S::AwaitingVerification, A::Return, VERIFIER, S::ReturnedByVerifier),
        untimed(S::ReturnedByVerifier, A::Resubmit, APPLICANT, S::AwaitingVerification),
    ]
}

const REVOCATION_VERIFICATION: [Transition; 3] = verification(S::AwaitingRevocation, 10);
const REVOCATION: &[Transition] = &[
    step(S::New, A::Open, APPLICANT, S::AwaitingVerification, 20),
    step(S::AwaitingRevocation, A::Revoke, BSRE, S::AwaitingAcknowledgement, 6),
    step(S::AwaitingAcknowledgement, A::Acknowledge, APPLICANT, S::Completed, 2),
];

const DATA_CHANGE_VERIFICATION: [Transition; 3] = verification(S::AwaitingCaApproval, 4);
const DATA_CHANGE: &[Transition] = &[
    step(S::New, A::Open, APPLICANT, S::AwaitingVerification, 10),
    step(S::AwaitingCaApproval, A::Approve, BSRE, S::AwaitingDataUpdate, 4),
    untimed(S::AwaitingCaApproval, A::Return, BSRE, S::ReturnedByCa),
    untimed(S::ReturnedByCa, A::Resubmit, APPLICANT, S::AwaitingCaApproval),
    step(S::AwaitingDataUpdate, A::ApplyChange, BSRE, S::AwaitingAcknowledgement, 4),
    step(S::AwaitingAcknowledgement, A::Acknowledge, APPLICANT, S::AwaitingRevocation, 2),
    // The revocation sub-process (SOP 6) as one step of its 19 minutes.
    step(S::AwaitingRevocation, A::Revoke, BSRE, S::AwaitingReissue, 38),
    // The new certificate is outside the SOP's 31 minutes.
    untimed(S::AwaitingReissue, A::Reissue, BSRE, S::Completed),
];

const LOST_VERIFICATION: [Transition; 3] = verification(S::AwaitingRevocation, 4);
const LOST: &[Transition] = &[
    step(S::New, A::Open, APPLICANT, S::AwaitingVerification, 10),
    step(S::AwaitingRevocation, A::Revoke, BSRE, S::AwaitingReissue, 38),
    step(S::AwaitingReissue, A::Reissue, BSRE, S::Completed, 32),
];

const FORGOTTEN_LOCK_VERIFICATION: [Transition; 3] = verification(S::AwaitingRevocation, 6);
const FORGOTTEN_LOCK: &[Transition] = &[
    step(S::New, A::Open, APPLICANT, S::AwaitingVerification, 10),
    step(S::AwaitingRevocation, A::Revoke, BSRE, S::AwaitingReissue, 38),
    step(S::AwaitingReissue, A::Reissue, BSRE, S::Completed, 40),
];

const FORGOTTEN_ESIGN: &[Transition] = &[
    // Log in, open the certificate list, pick the certificate: 3 × 0.5 min.
    step(S::New, A::Open, APPLICANT, S::AwaitingPassphraseChoice, 3),
    step(S::AwaitingPassphraseChoice, A::ChangePassphrase, APPLICANT, S::Completed, 2),
    step(S::AwaitingPassphraseChoice, A::ResetPassphrase, APPLICANT, S::Completed, 2),
];

const RENEWAL: &[Transition] = &[
    untimed(S::New, A::Open, VERIFIER, S::AwaitingIdentityForm),
    untimed(S::AwaitingIdentityForm, A::SubmitIdentity, APPLICANT, S::AwaitingVerification),
    stay(S::AwaitingIdentityForm, A::ResendLink, VERIFIER),
    stay(S::AwaitingIdentityForm, A::EscalateIdentity, VERIFIER),
    stay(S::AwaitingIdentityForm, A::ResolveIdentity, BSRE),
    untimed(S::AwaitingVerification, A::Approve, VERIFIER, S::AwaitingPassphrase),
    untimed(S::AwaitingVerification, A::Return, VERIFIER, S::ReturnedByVerifier),
    untimed(S::ReturnedByVerifier, A::Resubmit, APPLICANT, S::AwaitingVerification),
    untimed(S::AwaitingPassphrase, A::SetPassphrase, APPLICANT, S::AwaitingCaApproval),
    stay(S::AwaitingPassphrase, A::ResendLink, VERIFIER),
    untimed(S::AwaitingCaApproval, A::Approve, BSRE, S::Completed),
    untimed(S::AwaitingCaApproval, A::Return, BSRE, S::ReturnedByCa),
    untimed(S::ReturnedByCa, A::Resubmit, APPLICANT, S::AwaitingCaApproval),
];

const DATA_UPDATE: &[Transition] = &[
    untimed(S::New, A::Open, VERIFIER, S::AwaitingCaApproval),
    untimed(S::AwaitingCaApproval, A::Approve, BSRE, S::Completed),
    untimed(S::AwaitingCaApproval, A::Return, BSRE, S::ReturnedByCa),
    untimed(S::ReturnedByCa, A::Resubmit, VERIFIER, S::AwaitingCaApproval),
];

const EXPIRED_ACCOUNT: &[Transition] = &[
    untimed(S::New, A::Open, APPLICANT, S::AwaitingOldEmailApproval),
    untimed(S::AwaitingOldEmailApproval, A::ApproveFromOldEmail, APPLICANT, S::AwaitingVerification),
    stay(S::AwaitingOldEmailApproval, A::ResendLink, VERIFIER),
    untimed(S::AwaitingVerification, A::Approve, VERIFIER, S::Completed),
    untimed(S::AwaitingVerification, A::Return, VERIFIER, S::ReturnedByVerifier),
    untimed(S::ReturnedByVerifier, A::Resubmit, APPLICANT, S::AwaitingVerification),
];

const API_APPLICATION: &[Transition] = &[
    step(S::New, A::Open, APPLICANT, S::AwaitingOverview, 2),
    step(S::AwaitingOverview, A::PresentOverview, APPLICANT, S::AwaitingTechnicalMeeting, 60),
    step(S::AwaitingTechnicalMeeting, A::HoldMeeting, TEAM, S::AwaitingTrialPreparation, 240),
    step(S::AwaitingTrialPreparation, A::PrepareTrial, APPLICANT, S::AwaitingTrial, 240),
    step(S::AwaitingTrial, A::Approve, TEAM, S::AwaitingUat, 240),
    untimed(S::AwaitingTrial, A::Return, TEAM, S::TrialFailed),
    untimed(S::TrialFailed, A::Resubmit, APPLICANT, S::AwaitingTrial),
    step(S::AwaitingUat, A::IssueUat, TEAM, S::AwaitingApiAccess, 10),
    step(S::AwaitingApiAccess, A::IssueApiAccess, TEAM, S::AwaitingConfiguration, 60),
    step(S::AwaitingConfiguration, A::Configure, TEAM, S::AwaitingIntegration, 120),
    step(S::AwaitingIntegration, A::ConfirmIntegration, APPLICANT, S::Completed, 4),
];

/// The parts of a process's table, in SOP order.
fn parts(process: Process) -> Vec<&'static [Transition]> {
    match process {
        Process::PortalRegistration => vec![PORTAL_HEAD, AMS_TAIL],
        Process::AmsRegistrationEselon12 => vec![ESELON12_HEAD, IDENTITY_REGISTRATION, AMS_TAIL],
        Process::AmsRegistrationEselon3 => vec![ESELON3_HEAD, IDENTITY_REGISTRATION, AMS_TAIL],
        Process::IssuanceLock => vec![LOCK_HEAD, ISSUANCE_TAIL],
        Process::IssuanceEsign => vec![ESIGN_HEAD, ISSUANCE_TAIL],
        Process::Revocation => vec![REVOCATION, &REVOCATION_VERIFICATION],
        Process::DataChange => vec![DATA_CHANGE, &DATA_CHANGE_VERIFICATION],
        Process::LostCertificate => vec![LOST, &LOST_VERIFICATION],
        Process::ForgottenPassphraseLock => vec![FORGOTTEN_LOCK, &FORGOTTEN_LOCK_VERIFICATION],
        Process::ForgottenPassphraseEsign => vec![FORGOTTEN_ESIGN],
        Process::Renewal => vec![RENEWAL],
        Process::DataUpdate => vec![DATA_UPDATE],
        Process::ExpiredAccountChange => vec![EXPIRED_ACCOUNT],
        Process::ApiApplication => vec![API_APPLICATION],
    }
}

/// The whole table of `process`: the SOP's rows, plus a `Withdraw` row (by whoever may
/// open the case) from every state that is neither `New` nor terminal.
pub fn transitions(process: Process) -> Vec<Transition> {
    let rows: Vec<Transition> = parts(process).into_iter().flatten().copied().collect();
    let opener = rows.iter().find(|r| r.action == A::Open).map_or(APPLICANT, |r| r.roles);
    let mut states: Vec<S> = rows.iter().flat_map(|r| [r.from, r.to]).collect();
    states.sort();
    states.dedup();
    let withdrawals = states
        .into_iter()
        .filter(|s| *s != S::New && !s.is_terminal())
        .map(|s| untimed(s, A::Withdraw, opener, S::Withdrawn));
    rows.iter().copied().chain(withdrawals).collect()
}

/// The row for `action` in `state`, if the table has one.
pub fn find(process: Process, state: S, action: A) -> Option<Transition> {
    transitions(process).into_iter().find(|t| t.from == state && t.action == action)
}

/// The roles that may open a case of `process`.
pub fn openers(process: Process) -> &'static [Role] {
    find(process, S::New, A::Open).map_or(&[], |t| t.roles)
}

/// The SOP's total standard time in seconds: the sum of the timed rows on the path that
/// never returns, withdraws or resends (the "Ya" path). `None` for untimed processes.
pub fn sop_total_seconds(process: Process) -> Option<u32> {
    let rows = transitions(process);
    let mut state = S::New;
    let mut total = None;
    while !state.is_terminal() {
        let next = rows.iter().find(|r| {
            r.from == state && r.to != r.from && !matches!(r.action, A::Return | A::Withdraw | A::ResetPassphrase)
        })?;
        if let Some(seconds) = next.standard_seconds {
            total = Some(total.unwrap_or(0) + seconds);
        }
        state = next.to;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sop_totals_match_the_seeds() {
        let minutes = |p| sop_total_seconds(p).map(|s| f64::from(s) / 60.0);
        assert_eq!(minutes(Process::PortalRegistration), Some(35.0));
        assert_eq!(minutes(Process::AmsRegistrationEselon12), Some(29.0));
        assert_eq!(minutes(Process::AmsRegistrationEselon3), Some(24.0));
        assert_eq!(minutes(Process::IssuanceLock), Some(20.0));
        assert_eq!(minutes(Process::IssuanceEsign), Some(16.0));
        assert_eq!(minutes(Process::Revocation), Some(19.0));
        assert_eq!(minutes(Process::DataChange), Some(31.0));
        assert_eq!(minutes(Process::LostCertificate), Some(42.0));
        assert_eq!(minutes(Process::ForgottenPassphraseLock), Some(47.0));
        assert_eq!(minutes(Process::ForgottenPassphraseEsign), Some(2.5));
        assert_eq!(minutes(Process::ApiApplication), Some(488.0));
        assert_eq!(minutes(Process::Renewal), None);
        assert_eq!(minutes(Process::DataUpdate), None);
        assert_eq!(minutes(Process::ExpiredAccountChange), None);
    }

    #[test]
    fn every_table_is_deterministic_and_reaches_completion() {
        for process in Process::ALL {
            let rows = transitions(process);
            for (i, a) in rows.iter().enumerate() {
                for b in &rows[i + 1..] {
                    assert!(!(a.from == b.from && a.action == b.action), "{process:?}: {a:?} twice");
                }
                assert!(!a.roles.is_empty());
                assert!(!a.from.is_terminal());
            }
            assert!(rows.iter().any(|r| r.to == S::Completed), "{process:?}");
            assert_eq!(openers(process).len(), 1, "{process:?}");
        }
    }
}
