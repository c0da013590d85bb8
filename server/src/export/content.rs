//! What goes into `samlet.json`: each part read by the same functions the citizen's pages
//! use, through the same rules and filters (`access`), so the copy holds what the
//! downloader may see and nothing else: the citizen everything, a guardian what their
//! guardianship shows (not Min log, not the grants). Nothing here marks anything read.

use chrono::{DateTime, Utc};
use samlet_api::audit::Action;
use samlet_api::delegation::Grants;
use samlet_api::delegation::Scope;
use samlet_api::export::{ExportedDecision, ExportedDocument, FORMAT, MyData};
use samlet_api::plan::OwnTexts;

use super::names::Names;
use crate::access::Acting;
use crate::contact::danish_date;
use crate::db::encode_enum;
use crate::error::AppError;
use crate::state::AppState;

/// A document's bytes as the ZIP takes them: from the store by SHA-256, under `path`.
pub struct File {
    pub sha256: String,
    pub path: String,
    pub at: DateTime<Utc>,
}

/// Everything the downloader may see of the citizen's data, and the files to put beside it.
pub async fn gather(
    state: &AppState,
    acting: &Acting,
    now: DateTime<Utc>,
) -> Result<(MyData, Vec<File>), AppError> {
    let db = &state.db;
    let citizen_id = acting.citizen_id;
    let today = danish_date(now);
    let mut conn = db.acquire().await?;
    let (citizen_name, citizen_account): (String, Option<i64>) =
        sqlx::query_as("SELECT full_name, account_id FROM citizens WHERE id = $1")
            .bind(citizen_id)
            .fetch_one(&mut *conn)
            .await?;

    let plan_id: Option<i64> = sqlx::query_scalar("SELECT id FROM plans WHERE citizen_id = $1")
        .bind(citizen_id)
        .fetch_optional(&mut *conn)
        .await?
        .filter(|_| acting.may(Action::ReadPlan));
    let (plan, meeting_answers) = match plan_id {
        Some(plan_id) => {
            let hidden = crate::plan::hidden_goals(&mut conn, acting, plan_id).await?;
            (
                crate::plan::revisions::all(&mut conn, plan_id, &hidden).await?,
                crate::plan::attendance::load(&mut conn, plan_id).await?,
            )
        }
        None => (Vec::new(), Vec::new()),
    };
    // Each part through the rule of the page that shows it.
    let own_texts = if acting.scopes.contains(&Scope::OwnTexts) {
        crate::plan::own_texts::load(&mut conn, citizen_id).await?
    } else {
        OwnTexts::default()
    };
    drop(conn);
    let (contact, contact_history) = if acting.may(Action::ReadContact) {
        (
            Some(crate::contact::load(db, citizen_id, today).await?),
            crate::contact::history(db, citizen_id).await?,
        )
    } else {
        (None, Vec::new())
    };

    let (documents, files) = documents(state, acting).await?;

    let mut decisions = Vec::new();
    if acting.may(Action::ReadDecisions) {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM decisions WHERE citizen_id = $1 ORDER BY sent_at DESC, id DESC",
        )
        .bind(citizen_id)
        .fetch_all(db)
        .await?;
        for id in ids {
            let decision = crate::appeal::load(db, citizen_id, id, state.settings.delivery, now).await?;
            let appeal = match crate::appeal::submit::appeal_row(db, id).await? {
                Some(row) => Some(crate::appeal::submit::load_appeal(db, id, row).await?),
                None => None,
            };
            // A draft is as private as the appeal it starts: only who may lodge it reads it.
            let appeal_draft = if appeal.is_none() && acting.may(Action::ReadAppealDraft) {
                crate::appeal::submit::saved_draft(db, id).await?
            } else {
                None
            };
            decisions.push(ExportedDecision {
                decision,
                appeal,
                appeal_draft,
            });
        }
    }

    let mut messages = Vec::new();
    if acting.may(Action::ReadMessages) {
        let rows = sqlx::query(&crate::messages::threads_sql(acting, ""))
            .bind(citizen_id)
            .bind(encode_enum(&crate::messages::side_of(acting))?)
            .fetch_all(db)
            .await?;
        for row in &rows {
            let summary = crate::messages::summary_of(row)?;
            messages.push(crate::messages::load(db, acting, summary).await?);
        }
    }

    // The grants and Min log are the citizen's alone, as on their pages: a guardian's copy
    // leaves them out (the grants received name other citizens).
    let (given, received) = match citizen_account {
        Some(account) if acting.may(Action::ManageGrants) => (
            crate::delegation::grants_where(db, "g.citizen_id = $1", citizen_id, today).await?,
            crate::delegation::grants_where(db, "g.grantee_account_id = $1", account, today).await?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let access_log = if acting.may(Action::ReadAccessLog) {
        let mut conn = db.acquire().await?;
        crate::audit::all(&mut conn, citizen_id).await?
    } else {
        Vec::new()
    };
    // Each person's own choices about the citizen: the downloader's.
    let notifications = crate::notifications::load(state, acting, acting.who.account_id, citizen_id).await?;

    Ok((
        MyData {
            format: FORMAT.to_owned(),
            made_at: now,
            citizen_name,
            made_by: acting.who.name.clone(),
            plan,
            own_texts,
            meeting_answers,
            contact,
            contact_history,
            documents,
            decisions,
            messages,
            grants: Grants {
                given,
                received,
                max_days: state.settings.max_grant_days,
            },
            notifications,
            access_log,
        },
        files,
    ))
}

/// The documents the downloader sees, oldest first, each with its SHA-256 and a readable
/// path of its own in the ZIP.
async fn documents(
    state: &AppState,
    acting: &Acting,
) -> Result<(Vec<ExportedDocument>, Vec<File>), AppError> {
    if !acting.may(Action::ReadDocuments) {
        return Ok((Vec::new(), Vec::new()));
    }
    let rows = crate::documents::visible_with_hashes(&state.db, acting).await?;
    let mut names = Names::default();
    let mut documents = Vec::with_capacity(rows.len());
    let mut files = Vec::with_capacity(rows.len());
    for (document, sha256) in rows {
        let path = names.path(&document);
        files.push(File {
            sha256: sha256.clone(),
            path: path.clone(),
            at: document.uploaded_at,
        });
        documents.push(ExportedDocument {
            document,
            sha256,
            path,
        });
    }
    Ok((documents, files))
}
