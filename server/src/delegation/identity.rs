//! Who a power of attorney is for, without keeping their CPR number: the number the
//! citizen types, and the one MitID vouches for at sign-in, are both turned into the same
//! keyed hash (HMAC-SHA256 with a server secret). Only the hash is stored; without the
//! secret it cannot be turned back into a number by trying all CPR numbers, which a plain
//! hash of a number with only a few million plausible values could.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::ConfigError;
use crate::db::{Db, Key};
use crate::error::AppError;

/// Used only when no secret is configured in demo mode, where every CPR number is made up.
const DEMO_KEY: &[u8] = b"samlet-demo-only-cpr-key";

/// The server secret the hashes are made with; every server of a deployment must share it.
#[derive(Clone)]
pub struct CprKey(Vec<u8>);

impl std::fmt::Debug for CprKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CprKey(…)")
    }
}

impl CprKey {
    /// The configured secret; in demo mode, a fixed one when none is configured. Real
    /// sign-in without a secret is refused at start-up, since grants could never match.
    pub fn from_config(secret: Option<&str>, demo: bool, real_sign_in: bool) -> Result<Self, ConfigError> {
        match secret {
            Some(secret) if secret.len() >= 32 => Ok(Self(secret.as_bytes().to_vec())),
            Some(_) => Err(ConfigError("SAMLET_CPR_KEY must be at least 32 characters".into())),
            None if demo || !real_sign_in => Ok(Self(DEMO_KEY.to_vec())),
            None => Err(ConfigError(
                "--oidc-issuer needs SAMLET_CPR_KEY or SAMLET_CPR_KEY_FILE (a secret of at least 32 characters shared by every server), so powers of attorney can be given by CPR number".into(),
            )),
        }
    }

    /// The hash of a CPR number's ten digits (see `samlet_api::delegation::cpr_digits`).
    pub fn hash(&self, cpr_digits: &str) -> String {
        // HMAC accepts a key of any length, so this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            unreachable!("HMAC takes keys of any length")
        };
        mac.update(cpr_digits.as_bytes());
        crate::documents::store::hex(&mac.finalize().into_bytes())
    }
}

/// Links a signed-in account to its CPR number's hash, and hands it every grant that waits
/// for that number. Done at each MitID sign-in, so a grant given after the relative's first
/// visit finds them too. An account already linked to another hash keeps it (a subject's
/// CPR number does not change); a hash another account has is left with that account.
///
/// Most sign-ins find the account linked and nothing waiting: that is one read, and no
/// write transaction that would queue other citizens' writes behind a sign-in.
pub async fn claim_waiting_grants(db: &Db, account_id: i64, cpr_hash: &str) -> Result<(), AppError> {
    let (holder, waiting): (Option<i64>, i64) = sqlx::query_as(
        "SELECT (SELECT id FROM accounts WHERE cpr_hash = $1),
                (SELECT COUNT(*) FROM grants WHERE grantee_cpr_hash = $1 AND grantee_account_id IS NULL)",
    )
    .bind(cpr_hash)
    .fetch_one(db)
    .await?;
    if holder == Some(account_id) && waiting == 0 {
        return Ok(());
    }
    let mut tx = crate::db::begin_write(db, &[Key::identity(cpr_hash)]).await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE cpr_hash = $1")
        .bind(cpr_hash)
        .fetch_optional(&mut *tx)
        .await?;
    match taken {
        Some(other) if other != account_id => {
            tracing::warn!(
                account_id,
                other,
                "a CPR number signed in under a second subject; grants stay with the first"
            );
            return Ok(());
        }
        Some(_) => {}
        None => {
            sqlx::query("UPDATE accounts SET cpr_hash = $1 WHERE id = $2 AND cpr_hash IS NULL")
                .bind(cpr_hash)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query("UPDATE grants SET grantee_account_id = $1 WHERE grantee_cpr_hash = $2 AND grantee_account_id IS NULL")
        .bind(account_id)
        .bind(cpr_hash)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a power of attorney that is still open waits for this CPR number: then a person
/// Samlet does not know may sign in, as a relative, to accept it.
pub async fn someone_waits_for(db: &Db, cpr_hash: &str, today: &str) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT grantee_name FROM grants WHERE grantee_cpr_hash = $1 AND grantee_account_id IS NULL
           AND ended_at IS NULL AND ends_on >= $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(cpr_hash)
    .bind(today)
    .fetch_optional(db)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_number_gives_the_same_hash_and_another_key_another() {
        let key =
            CprKey::from_config(Some("a-secret-of-at-least-thirty-two-characters"), false, true).unwrap();
        let other =
            CprKey::from_config(Some("another-secret-of-thirty-two-characters!"), false, true).unwrap();
        assert_eq!(key.hash("0707901234"), key.hash("0707901234"));
        assert_ne!(key.hash("0707901234"), key.hash("0707901235"));
        assert_ne!(key.hash("0707901234"), other.hash("0707901234"));
        assert!(!key.hash("0707901234").contains("0707901234"));
    }

    #[test]
    fn real_sign_in_needs_a_real_secret() {
        assert!(CprKey::from_config(None, false, true).is_err());
        assert!(CprKey::from_config(Some("short"), false, true).is_err());
        assert!(CprKey::from_config(None, true, true).is_ok());
        assert!(CprKey::from_config(None, false, false).is_ok());
    }
}
