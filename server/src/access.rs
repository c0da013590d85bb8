//! Authorization in one place: on whose data a request acts, in which role, and whether
//! the role may take the action. Every handler that touches a citizen's data extracts an
//! [`Acting`] and asks it; nothing else decides.

use crate::db::Conn;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use samlet_api::audit::Action;
use samlet_api::delegation::{ActingFor, ActingRole, Scope};
use samlet_api::notifications::EventKind;
use samlet_api::session::AccountKind;

use crate::contact::danish_date;
use crate::db::{Db, decode_enum};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The citizen, on their own data.
    Citizen,
    /// A relative under a power of attorney the citizen gave and the relative accepted.
    Relative,
    /// A guardian the municipality registered.
    Guardian,
    /// A caseworker seeing what their citizen sees, read-only.
    CaseworkerPreview,
}

/// What a caseworker's preview shows: everything the citizen reads, their own words in the
/// plan included (the plan tells the citizen that their contact reads them), and the
/// messages. Every write but a message is refused to a preview whatever its scopes
/// (`decide`): the conversation is the one place a caseworker writes.
const PREVIEW_SCOPES: [Scope; 4] = [
    Scope::Plan,
    Scope::ReadDocuments,
    Scope::OwnTexts,
    Scope::Messages,
];

/// Who may take an action at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The citizen; a relative or guardian holding this scope.
    Scope(Scope),
    /// The citizen alone, as themself (their log, the grants they give).
    Citizen,
    /// The citizen, or a guardian the municipality appointed to manage their affairs: all
    /// of their data at once. A relative's power of attorney covers the parts it names,
    /// whatever they are, never the whole file.
    CitizenOrGuardian,
    /// The citizen, or a relative or guardian acting for them whatever their scopes: each
    /// person's own choices about that citizen (notifications). What each may then be told
    /// is decided per kind by [`may_be_told`] and [`told_sql`].
    Person,
    /// A caseworker, about a citizen they coordinate (starting a preview).
    Caseworker,
    /// The municipality's case systems, through `/integration/v1` (never a person).
    CaseSystem,
}

/// The rule for one action: who may take it, whether it changes anything (so a read-only
/// preview never takes it unless the rule says so), and whether a caseworker's preview
/// may take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub needs: Needs,
    pub writes: bool,
    pub preview: bool,
}

const fn read(scope: Scope, preview: bool) -> Rule {
    Rule {
        needs: Needs::Scope(scope),
        writes: false,
        preview,
    }
}

const fn write(needs: Needs) -> Rule {
    Rule {
        needs,
        writes: true,
        preview: false,
    }
}

/// Every action, classified once. The match is exhaustive on purpose: a new action does
/// not compile until it is placed here.
pub const fn rule(action: Action) -> Rule {
    match action {
        Action::ReadPlan | Action::ReadContact => read(Scope::Plan, true),
        Action::ReadDocuments => read(Scope::ReadDocuments, true),
        // What the citizen was told and can appeal is what the caseworker previews too.
        Action::ReadDecisions => read(Scope::Appeal, true),
        // The appeal draft is private, for whoever may lodge the appeal.
        Action::ReadAppealDraft => read(Scope::Appeal, false),
        Action::WriteOwnTexts => write(Needs::Scope(Scope::OwnTexts)),
        Action::UploadDocuments | Action::ChangeDocuments => write(Needs::Scope(Scope::UploadDocuments)),
        Action::WriteAppeal => write(Needs::Scope(Scope::Appeal)),
        Action::ReadAccessLog => Rule {
            needs: Needs::Citizen,
            writes: false,
            preview: false,
        },
        Action::ManageGrants | Action::MarkPlanSeen => write(Needs::Citizen),
        Action::DownloadMyData => Rule {
            needs: Needs::CitizenOrGuardian,
            writes: false,
            preview: false,
        },
        Action::ManageNotifications => write(Needs::Person),
        Action::ReadNotifications => Rule {
            needs: Needs::Person,
            writes: false,
            preview: false,
        },
        // Read by the citizen's side and by their caseworker, who answers as themself.
        Action::ReadMessages => read(Scope::Messages, true),
        Action::WriteMessages => Rule {
            needs: Needs::Scope(Scope::Messages),
            writes: true,
            preview: true,
        },
        // Answering a meeting is a word to the contact, like a message.
        Action::AnswerMeeting => write(Needs::Scope(Scope::Messages)),
        Action::CloseThread => Rule {
            needs: Needs::Caseworker,
            writes: true,
            preview: true,
        },
        Action::StartPreview => Rule {
            needs: Needs::Caseworker,
            writes: false,
            preview: true,
        },
        Action::ChangeAppealStatus
        | Action::UpdatePlan
        | Action::ReceiveAppeal
        | Action::ChangeContact
        | Action::ReceiveDocument
        | Action::ShareDocument
        | Action::PublishDecision
        | Action::JournaliseMessage => write(Needs::CaseSystem),
    }
}

/// The policy: may `role`, holding `scopes`, take `action` on the citizen's data?
pub fn decide(role: Role, scopes: &[Scope], action: Action) -> Result<(), AppError> {
    let rule = rule(action);
    if role == Role::CaseworkerPreview && rule.writes && !rule.preview {
        return Err(AppError::PreviewReadOnly);
    }
    let allowed = match (rule.needs, role) {
        (Needs::CaseSystem, _) => false,
        (Needs::Citizen, role) => role == Role::Citizen,
        (Needs::CitizenOrGuardian, role) => matches!(role, Role::Citizen | Role::Guardian),
        (Needs::Person, role) => role != Role::CaseworkerPreview,
        (Needs::Caseworker, role) => role == Role::CaseworkerPreview,
        (Needs::Scope(_), Role::Citizen) => true,
        (Needs::Scope(scope), Role::Relative | Role::Guardian) => scopes.contains(&scope),
        (Needs::Scope(_), Role::CaseworkerPreview) => rule.preview,
    };
    if allowed { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The scope that lets a relative or guardian be told of `kind`: the one that lets them
/// read what the notice is about.
pub const fn scope_to_be_told(kind: EventKind) -> Scope {
    match kind {
        EventKind::Message => Scope::Messages,
        EventKind::PlanChanged | EventKind::MeetingTomorrow => Scope::Plan,
        EventKind::Decision | EventKind::AppealStatus | EventKind::DeadlineSoon => Scope::Appeal,
        EventKind::DocumentReceived => Scope::ReadDocuments,
    }
}

/// Whether `acting` may choose to be told of `kind` (the citizen of everything).
pub fn may_be_told(acting: &Acting, kind: EventKind) -> bool {
    match acting.role {
        Role::Citizen => true,
        Role::Relative | Role::Guardian => acting.scopes.contains(&scope_to_be_told(kind)),
        Role::CaseworkerPreview => false,
    }
}

/// Whom a notice may go to, as a condition on `notification_settings` aliased `s`: the
/// citizen themself, or a person whose grant is live today (Danish date in parameter
/// `today`) and holds every scope in `scopes` (`LIKE` patterns in parameters; none: any live grant);
/// when the event is about something sensitive (parameter `sensitive`, 1 or 0), only with
/// a grant that includes sensitive items. The same rules as [`resolve`] and
/// [`Acting::visible_goals`], for deciding whom to tell rather than what to show.
pub fn told_sql(today: &str, scopes: &[&str], sensitive: &str) -> String {
    let scopes: String = scopes
        .iter()
        .map(|scope| format!(" AND (' ' || g.scopes || ' ') LIKE {scope}"))
        .collect();
    format!(
        "(s.account_id = (SELECT c.account_id FROM citizens c WHERE c.id = s.citizen_id)
          OR EXISTS (SELECT 1 FROM grants g
                     WHERE g.citizen_id = s.citizen_id AND g.grantee_account_id = s.account_id
                       AND g.accepted_at IS NOT NULL AND g.ended_at IS NULL AND g.ends_on >= {today}{scopes}
                       AND ({sensitive} = 0 OR g.include_sensitive = 1)))"
    )
}

/// The `scope` pattern for [`told_sql`] that lets a person be told of `kind`.
pub fn told_scope_pattern(kind: EventKind) -> Result<String, AppError> {
    Ok(format!(
        "% {} %",
        crate::db::encode_enum(&scope_to_be_told(kind))?
    ))
}

/// Today's Danish date as [`told_sql`] and grants compare it.
pub fn grant_day(now: DateTime<Utc>) -> String {
    danish_date(now).format("%Y-%m-%d").to_string()
}

/// A request acting on one citizen's data: who is signed in, for whom, and with what rights.
#[derive(Debug, Clone)]
pub struct Acting {
    pub who: SignedIn,
    pub citizen_id: i64,
    pub role: Role,
    pub scopes: Vec<Scope>,
    /// Whether goals and documents marked sensitive are shown.
    pub include_sensitive: bool,
}

impl FromRequestParts<AppState> for Acting {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let who = SignedIn::from_request_parts(parts, state).await?;
        match who.acting_for {
            None => own(who),
            // No cache: the grant is read again on every request, so a revocation or an
            // expiry takes effect at the very next one.
            Some(citizen_id) => resolve(&state.db, &who, citizen_id, Utc::now())
                .await?
                .ok_or(AppError::AccessEnded),
        }
    }
}

/// The signed-in citizen on their own data. Other accounts have no data of their own.
fn own(who: SignedIn) -> Result<Acting, AppError> {
    let citizen_id = who.own_citizen().ok_or(AppError::NoPlan)?;
    Ok(Acting {
        who,
        citizen_id,
        role: Role::Citizen,
        scopes: samlet_api::delegation::ALL_SCOPES.to_vec(),
        include_sensitive: true,
    })
}

/// A person acting as themself on their own account (the grants they give, revoke): never
/// while acting for someone else, and only a citizen has grants to give. Returns their
/// citizen id.
pub fn as_themself(who: &SignedIn, action: Action) -> Result<i64, AppError> {
    if who.acting_for.is_some() {
        return Err(AppError::Forbidden);
    }
    let citizen_id = who.own_citizen().ok_or(AppError::Forbidden)?;
    decide(Role::Citizen, &[], action)?;
    Ok(citizen_id)
}

/// Switching a session to act for `citizen_id`: the right `who` has today, or 403 whether
/// or not the citizen exists. A caseworker's preview is logged as it starts.
pub async fn start_acting(
    db: &Db,
    who: &SignedIn,
    citizen_id: i64,
    now: DateTime<Utc>,
) -> Result<Acting, AppError> {
    let acting = resolve(db, who, citizen_id, now)
        .await?
        .ok_or(AppError::Forbidden)?;
    if acting.role == Role::CaseworkerPreview {
        acting.permit(Action::StartPreview)?.log_now(db, "").await?;
    }
    Ok(acting)
}

/// Parses a grant's stored scopes.
pub fn parse_scopes(text: &str) -> Result<Vec<Scope>, AppError> {
    text.split_whitespace().map(decode_enum).collect()
}

/// The right `who` has today to act for `citizen_id`: a live grant, or being the
/// caseworker who coordinates (or stands in for) the citizen. `None` if there is none.
pub async fn resolve(
    db: &Db,
    who: &SignedIn,
    citizen_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Acting>, AppError> {
    let today = grant_day(now);
    let grant: Option<(String, String, crate::db::Flag)> = sqlx::query_as(
        "SELECT kind, scopes, include_sensitive FROM grants
         WHERE citizen_id = $1 AND grantee_account_id = $2 AND accepted_at IS NOT NULL
           AND ended_at IS NULL AND ends_on >= $3
         ORDER BY id DESC LIMIT 1",
    )
    .bind(citizen_id)
    .bind(who.account_id)
    .bind(&today)
    .fetch_optional(db)
    .await?;
    if let Some((kind, scopes, crate::db::Flag(include_sensitive))) = grant {
        let role = if kind == "guardianship" {
            Role::Guardian
        } else {
            Role::Relative
        };
        return Ok(Some(Acting {
            who: who.clone(),
            citizen_id,
            role,
            scopes: parse_scopes(&scopes)?,
            include_sensitive,
        }));
    }
    if who.kind == AccountKind::Caseworker {
        let coordinates: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT 1 FROM contacts c JOIN caseworkers w ON w.account_id = $2
             WHERE c.citizen_id = $1 AND {}",
            covers("c", "w", "$3")
        ))
        .bind(citizen_id)
        .bind(who.account_id)
        .bind(&today)
        .fetch_optional(db)
        .await?;
        if coordinates.is_some() {
            return Ok(Some(Acting {
                who: who.clone(),
                citizen_id,
                role: Role::CaseworkerPreview,
                scopes: PREVIEW_SCOPES.to_vec(),
                // The caseworker coordinates the whole plan and sees it as the citizen does.
                include_sensitive: true,
            }));
        }
    }
    Ok(None)
}

/// The condition that the caseworker `worker` (an alias of `caseworkers`) covers the
/// citizen of `contact` (an alias of `contacts`) on the day in parameter `today`: as their
/// coordinator, or as the stand-in within the period they stand in.
pub fn covers(contact: &str, worker: &str, today: &str) -> String {
    format!(
        "({contact}.caseworker_id = {worker}.id OR ({contact}.stand_in_id = {worker}.id
          AND {contact}.stand_in_from <= {today} AND {contact}.stand_in_until >= {today}))"
    )
}

/// A decision that allowed `action`: it knows the citizen, and writes the access to the log
/// under the very action that was decided, so what is logged cannot drift from what was
/// allowed.
#[must_use = "a permit is used for its citizen id and to log the access"]
pub struct Permit<'a> {
    acting: &'a Acting,
    action: Action,
    pub citizen_id: i64,
}

impl Permit<'_> {
    /// Logs the access in the caller's transaction, so the log and the write land together
    /// (nothing is logged for the citizen's own accesses).
    pub async fn log(&self, conn: &mut Conn, object: &str) -> Result<(), AppError> {
        crate::audit::record(conn, self.acting, self.action, object).await
    }

    /// Logs the access whoever acted, the citizen too ([`crate::audit::record_even_own`]).
    pub async fn log_even_own(&self, conn: &mut Conn, object: &str) -> Result<(), AppError> {
        crate::audit::record_even_own(conn, self.acting, self.action, object).await
    }

    /// Logs the access on a connection of its own, before what was read is served.
    pub async fn log_now(&self, db: &Db, object: &str) -> Result<(), AppError> {
        if self.acting.is_citizen() {
            return Ok(());
        }
        let mut conn = db.acquire().await?;
        self.log(&mut conn, object).await
    }
}

impl Acting {
    pub fn is_citizen(&self) -> bool {
        self.role == Role::Citizen
    }

    /// Whether the policy allows `action` (for what a page shows, not for doing it).
    pub fn may(&self, action: Action) -> bool {
        decide(self.role, &self.scopes, action).is_ok()
    }

    /// Checks the policy; the caller logs the access with [`Permit::log`] once it knows
    /// what exactly was touched (inside the write's transaction for a write).
    pub fn permit(&self, action: Action) -> Result<Permit<'_>, AppError> {
        decide(self.role, &self.scopes, action)?;
        Ok(Permit {
            acting: self,
            action,
            citizen_id: self.citizen_id,
        })
    }

    /// Checks the policy and, for anyone but the citizen, records the access before any
    /// data is read: if the record cannot be written, nothing is served. Returns the
    /// citizen's id.
    pub async fn allow(&self, db: &Db, action: Action) -> Result<i64, AppError> {
        let permit = self.permit(action)?;
        permit.log_now(db, "").await?;
        Ok(permit.citizen_id)
    }

    /// The one filter for which of the citizen's goals this actor sees, as a condition on
    /// the columns of `goals`: all of them, or those not marked sensitive when the grant
    /// leaves sensitive items out.
    pub fn visible_goals(&self) -> &'static str {
        if self.include_sensitive {
            "1 = 1"
        } else {
            "sensitive = 0"
        }
    }

    /// The message threads this actor sees, as a condition on the columns of
    /// `message_threads`: none about a goal the actor does not see, exactly as the goal is
    /// hidden, nor about a decision when the actor may not read decisions.
    pub fn visible_threads(&self) -> String {
        let goals = if self.include_sensitive {
            "1 = 1".to_owned()
        } else {
            format!(
                "(goal_id IS NULL OR goal_id NOT IN (SELECT id FROM goals WHERE NOT ({})))",
                self.visible_goals()
            )
        };
        if self.may(Action::ReadDecisions) {
            goals
        } else {
            format!("({goals} AND decision_id IS NULL)")
        }
    }

    /// The documents this actor sees, as a condition on the columns of `documents`: none
    /// marked sensitive or linked to a hidden goal, unless the actor sees sensitive items.
    pub fn visible_documents(&self) -> String {
        if self.include_sensitive {
            "1 = 1".to_owned()
        } else {
            format!(
                "(sensitive = 0 AND (goal_id IS NULL OR goal_id NOT IN (SELECT id FROM goals WHERE NOT ({}))))",
                self.visible_goals()
            )
        }
    }

    /// The documents this actor may change (link, delete): those they see, and, for a
    /// relative who may upload but not read the citizen's documents, only the ones they
    /// uploaded themselves. Anything else is "not found", exactly like what does not exist.
    pub fn changeable_documents(&self) -> String {
        let visible = self.visible_documents();
        if self.may(Action::ReadDocuments) {
            visible
        } else {
            // The account id is the session's own integer, never input.
            format!("({visible} AND uploaded_by_account_id = {})", self.who.account_id)
        }
    }

    /// Whether every id names one of the citizen's documents this actor may attach to what
    /// they send (an appeal, a message): one they may change, so a relative who may upload
    /// but not read documents attaches only their own uploads.
    pub async fn may_attach(&self, db: &Db, ids: &[i64]) -> Result<bool, AppError> {
        let sql = format!(
            "SELECT 1 FROM documents WHERE id = $1 AND citizen_id = $2 AND {}",
            self.changeable_documents()
        );
        for id in ids {
            let found: Option<i64> = sqlx::query_scalar(&sql)
                .bind(id)
                .bind(self.citizen_id)
                .fetch_optional(db)
                .await?;
            if found.is_none() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A goal id given by this actor must name a goal of the citizen's plan that the actor
    /// sees; a hidden goal is refused with exactly the answer of one that does not exist.
    pub async fn check_goal(&self, conn: &mut Conn, goal_id: i64) -> Result<(), AppError> {
        let found: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT 1 FROM goals
             WHERE id = $1 AND plan_id IN (SELECT id FROM plans WHERE citizen_id = $2) AND {}",
            self.visible_goals()
        ))
        .bind(goal_id)
        .bind(self.citizen_id)
        .fetch_optional(conn)
        .await?;
        found
            .map(|_| ())
            .ok_or_else(|| AppError::BadRequest("goal_id: findes ikke i din plan".into()))
    }

    /// For the app's banner: whose name, in which role.
    pub async fn summary(&self, db: &Db) -> Result<ActingFor, AppError> {
        let name: String = sqlx::query_scalar("SELECT full_name FROM citizens WHERE id = $1")
            .bind(self.citizen_id)
            .fetch_one(db)
            .await?;
        let role = match self.role {
            Role::Relative | Role::Citizen => ActingRole::Relative,
            Role::Guardian => ActingRole::Guardian,
            Role::CaseworkerPreview => ActingRole::CaseworkerPreview,
        };
        Ok(ActingFor {
            citizen_id: self.citizen_id,
            name,
            role,
            scopes: self.scopes.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_needs_the_scope_for_each_action() {
        let upload_only = [Scope::UploadDocuments];
        assert!(decide(Role::Relative, &upload_only, Action::UploadDocuments).is_ok());
        assert!(decide(Role::Relative, &upload_only, Action::ChangeDocuments).is_ok());
        assert!(decide(Role::Relative, &upload_only, Action::ReadDocuments).is_err());
        assert!(decide(Role::Relative, &upload_only, Action::ReadDecisions).is_err());
        assert!(decide(Role::Relative, &[Scope::Plan], Action::ReadContact).is_ok());
        assert!(decide(Role::Relative, &[Scope::Plan], Action::WriteOwnTexts).is_err());
        assert!(decide(Role::Guardian, &[Scope::Appeal], Action::WriteAppeal).is_ok());
        assert!(
            decide(
                Role::Relative,
                &samlet_api::delegation::ALL_SCOPES,
                Action::StartPreview
            )
            .is_err()
        );
    }

    #[test]
    fn a_preview_reads_everything_the_citizen_reads_and_writes_nothing() {
        for read in [
            Action::ReadPlan,
            Action::ReadContact,
            Action::ReadDocuments,
            Action::ReadDecisions,
        ] {
            assert!(
                decide(Role::CaseworkerPreview, &PREVIEW_SCOPES, read).is_ok(),
                "{read:?}"
            );
        }
        for write in [
            Action::WriteOwnTexts,
            Action::UploadDocuments,
            Action::ChangeDocuments,
            Action::WriteAppeal,
        ] {
            assert!(matches!(
                decide(
                    Role::CaseworkerPreview,
                    &samlet_api::delegation::ALL_SCOPES,
                    write
                ),
                Err(AppError::PreviewReadOnly)
            ));
        }
    }

    #[test]
    fn what_only_the_citizen_or_only_a_case_system_does_is_refused_to_everyone_else() {
        let all = samlet_api::delegation::ALL_SCOPES;
        for action in [Action::ReadAccessLog, Action::ManageGrants, Action::MarkPlanSeen] {
            assert!(decide(Role::Citizen, &[], action).is_ok(), "{action:?}");
            for role in [Role::Relative, Role::Guardian, Role::CaseworkerPreview] {
                assert!(decide(role, &all, action).is_err(), "{role:?} {action:?}");
            }
        }
        for action in [Action::UpdatePlan, Action::PublishDecision, Action::ShareDocument] {
            for role in [
                Role::Citizen,
                Role::Relative,
                Role::Guardian,
                Role::CaseworkerPreview,
            ] {
                assert!(decide(role, &all, action).is_err(), "{role:?} {action:?}");
            }
        }
        assert!(decide(Role::CaseworkerPreview, &PREVIEW_SCOPES, Action::StartPreview).is_ok());
        assert!(decide(Role::Relative, &all, Action::StartPreview).is_err());
        // The appeal draft is private: whoever may appeal reads it, a preview does not.
        assert!(decide(Role::Relative, &[Scope::Appeal], Action::ReadAppealDraft).is_ok());
        assert!(decide(Role::CaseworkerPreview, &all, Action::ReadAppealDraft).is_err());
    }

    #[test]
    fn the_conversation_is_the_one_place_a_caseworker_writes() {
        assert!(decide(Role::CaseworkerPreview, &PREVIEW_SCOPES, Action::WriteMessages).is_ok());
        assert!(decide(Role::CaseworkerPreview, &PREVIEW_SCOPES, Action::CloseThread).is_ok());
        // Only the caseworker closes a thread; the citizen's side reopens it by writing.
        let all = samlet_api::delegation::ALL_SCOPES;
        for role in [Role::Citizen, Role::Relative, Role::Guardian] {
            assert!(decide(role, &all, Action::CloseThread).is_err(), "{role:?}");
        }
        assert!(decide(Role::Relative, &[Scope::Messages], Action::WriteMessages).is_ok());
        assert!(decide(Role::Relative, &[Scope::Plan], Action::ReadMessages).is_err());
    }

    #[test]
    fn the_citizen_does_everything_on_their_own_data() {
        for action in [
            Action::ReadPlan,
            Action::WriteOwnTexts,
            Action::UploadDocuments,
            Action::WriteAppeal,
        ] {
            assert!(decide(Role::Citizen, &[], action).is_ok());
        }
    }
}
