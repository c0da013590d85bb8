//! Demo data: a seed loaded into an empty database in demo mode. The API never
//! branches on it; it only reads the database.

use chrono::{Duration, Utc};

mod letters;
mod times;

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::db::{Db, timestamp};
use crate::delegation::identity::CprKey;
use crate::documents::store::{DocumentStore, hex};
use crate::error::AppError;
use crate::plan::revisions;

/// The plans as they were a week ago.
const SEED: &str = include_str!("../../seed/demo.sql");
/// What changed since, recorded as each plan's second revision.
const CHANGES: &str = include_str!("../../seed/demo-changes.sql");
/// Combined decisions, linked to the letters above, and one appeal under reconsideration.
const DECISIONS: &str = include_str!("../../seed/demo-decisions.sql");

/// Loads the demo seed, in one transaction, if no account exists yet. The plans get their
/// history the way real changes make it: a revision per change, recorded from the tables.
pub async fn seed_if_empty(db: &Db, documents: &DocumentStore, cpr_key: &CprKey) -> Result<bool, AppError> {
    // Two servers starting on an empty database: one seeds, the other finds accounts.
    let mut tx = crate::db::begin_write(db, &[crate::db::Key::SEED]).await?;
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(&mut *tx)
        .await?;
    if accounts > 0 {
        return Ok(false);
    }
    let now = Utc::now();
    let week_ago = now - Duration::days(7);
    sqlx::raw_sql(&times::render(SEED, now)?)
        .execute(&mut *tx)
        .await?;
    let plans: Vec<i64> = sqlx::query_scalar("SELECT id FROM plans ORDER BY id")
        .fetch_all(&mut *tx)
        .await?;
    for &plan_id in &plans {
        revisions::record_if_changed(&mut tx, plan_id, week_ago).await?;
    }
    // The citizens saw their plans a week ago.
    sqlx::query("INSERT INTO plan_visits (citizen_id, seen_revision, seen_at) SELECT citizen_id, revision, $1 FROM plans")
        .bind(timestamp(week_ago))
        .execute(&mut *tx)
        .await?;
    sqlx::raw_sql(&times::render(CHANGES, now)?)
        .execute(&mut *tx)
        .await?;
    let yesterday = Utc::now() - Duration::days(1);
    for &plan_id in &plans {
        revisions::record_if_changed(&mut tx, plan_id, yesterday).await?;
    }
    for letter in LETTERS {
        share_letter(&mut tx, documents, letter).await?;
    }
    sqlx::raw_sql(&times::render(DECISIONS, now)?)
        .execute(&mut *tx)
        .await?;
    for (subject, cpr) in CPR_NUMBERS {
        sqlx::query("UPDATE accounts SET cpr_hash = $1 WHERE subject = $2")
            .bind(cpr_key.hash(cpr))
            .bind(subject)
            .execute(&mut *tx)
            .await?;
    }
    crate::db::identities_after_explicit_ids(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// The demo people's CPR numbers, invented (the login page shows Anna's, so a power of
/// attorney can be given to her). Stored as keyed hashes, as a MitID sign-in would leave
/// them; the caseworker signs in another way and has none.
const CPR_NUMBERS: &[(&str, &str)] = &[
    ("demo:jens", "1503841235"),
    ("demo:fatima", "2204972346"),
    ("demo:mikkel", "0309913457"),
    ("demo:ole", "1106681468"),
    ("demo:anna", "0707901234"),
    ("demo:karen", "2505632580"),
];

/// A letter the municipality shared with a citizen.
struct Letter {
    citizen_id: i64,
    days_ago: i64,
    title: &'static str,
    file_name: &'static str,
    lines: &'static [&'static str],
}

const LETTERS: &[Letter] = &[
    Letter {
        citizen_id: 1,
        days_ago: 12,
        title: "Samlet afgørelse om din indsats",
        file_name: "samlet-afgoerelse.pdf",
        lines: &[
            "Kære Jens Hansen",
            "Du får ressourceforløbsydelse, rehabilitering af ryggen og hjælp til at finde en bolig.",
            "Vi har afslået at betale din gæld. Begrundelsen står i afsnit 3.",
            "Du kan klage over hele afgørelsen eller dele af den inden 4 uger.",
            "Med venlig hilsen, Aarhus Kommune",
        ],
    },
    Letter {
        citizen_id: 1,
        days_ago: 5,
        title: "Referat af møde om din plan",
        file_name: "referat-planmoede.pdf",
        lines: &[
            "Vi talte om dit mål om et arbejde uden tunge løft.",
            "Næste møde er aftalt i planen.",
        ],
    },
    Letter {
        citizen_id: 3,
        days_ago: 3,
        title: "Bevilling af bostøtte",
        file_name: "bevilling-bostoette.pdf",
        lines: &[
            "Kære Mikkel Sørensen",
            "Du får bostøtte efter servicelovens § 85 fra næste måned.",
        ],
    },
];

/// Stores a letter's bytes like any upload (staged, committed by SHA-256) and its row as
/// shared by the municipality and already received.
async fn share_letter(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    documents: &DocumentStore,
    letter: &Letter,
) -> Result<(), AppError> {
    let bytes = letters::letter_pdf(letter.title, letter.lines);
    let sha256 = hex(&Sha256::digest(&bytes));
    let (temp, mut file) = documents.temp_file().await?;
    file.write_all(&bytes).await?;
    file.sync_all().await?;
    let at = timestamp(Utc::now() - Duration::days(letter.days_ago));
    documents.commit(temp, &sha256).await?;
    crate::documents::record_blob(documents, tx, &sha256, bytes.len() as u64, &at).await?;
    sqlx::query(
        "INSERT INTO documents (citizen_id, sha256, title, file_name, content_type, size, source,
                                uploaded_by_name, scan_state, received_at, created_at)
         VALUES ($1, $2, $3, $4, 'application/pdf', $5, 'municipality', 'Aarhus Kommune', 'unscanned', $6, $6)",
    )
    .bind(letter.citizen_id)
    .bind(&sha256)
    .bind(letter.title)
    .bind(letter.file_name)
    .bind(bytes.len() as i64)
    .bind(&at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
