//! Where document bytes live, content-addressed by SHA-256.
//!
//! Every upload is first streamed to a local staging file (hashed, sniffed and scanned on
//! the way), fsynced, and only then committed to a [`BlobStore`]: the local disk by
//! default, or an S3-compatible object store for deployments with several servers. The
//! database row commits after the blob, so a crash leaves either the whole document or
//! nothing visible; leftovers are removed at start-up.

mod local;
mod object;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

pub use local::LocalDisk;
pub use object::ObjectBlobs;

use crate::db::{Db, Key};
use crate::error::AppError;

/// The stored contents of documents, addressed by the hex SHA-256 of their bytes.
#[async_trait::async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores a fully written, fsynced staging file under `sha256`. Bytes stored before
    /// under the same address are kept as they are.
    async fn commit(&self, staged: TempFile, sha256: &str) -> io::Result<()>;
    /// The blob's bytes as a local file, or `None` if they no longer hash to `sha256`.
    async fn open_verified(&self, staging: &Staging, sha256: &str) -> io::Result<Option<tokio::fs::File>>;
    /// Removes a blob; one that is already gone is not an error.
    async fn remove(&self, sha256: &str) -> io::Result<()>;
    /// Whether a blob is stored under `sha256`.
    async fn exists(&self, sha256: &str) -> io::Result<bool>;
    /// Whether the store answers at all (for the readiness check).
    async fn reachable(&self) -> io::Result<()>;
    /// Every stored blob, with when it was written.
    async fn list(&self) -> io::Result<Vec<(String, DateTime<Utc>)>>;
    /// How old an unreferenced blob must be before start-up removes it. Every upload stores
    /// its blob before its transaction, and a store may be shared by several servers, so a
    /// young blob without a row may be one whose row is about to be written.
    fn orphan_grace(&self) -> chrono::Duration {
        chrono::Duration::days(1)
    }
}

/// The local folder every upload is written to first.
pub struct Staging {
    dir: PathBuf,
}

/// Removes its staging file when dropped, unless it was committed: an upload that fails
/// or whose connection drops leaves nothing behind.
pub struct TempFile {
    path: PathBuf,
    committed: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl TempFile {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file now lives elsewhere (renamed into the store); do not remove it.
    fn keep(mut self) {
        self.committed = true;
    }
}

pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `ab/abcdef…`: two-letter folders keep any one folder small.
fn blob_key(sha256: &str) -> String {
    format!("{}/{sha256}", &sha256[..2.min(sha256.len())])
}

/// The SHA-256 of a file's bytes, read in chunks.
async fn sha256_of(file: &mut tokio::fs::File) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).await?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buffer[..n]);
    }
}

impl Staging {
    pub fn open(dir: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    pub async fn temp_file(&self) -> io::Result<(TempFile, tokio::fs::File)> {
        let mut name = [0u8; 16];
        getrandom::fill(&mut name).map_err(|e| io::Error::other(e.to_string()))?;
        let path = self.dir.join(hex(&name));
        let file = tokio::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        Ok((
            TempFile {
                path,
                committed: false,
            },
            file,
        ))
    }

    /// Staging files of uploads interrupted by a crash or a restart.
    fn clean(&self) -> io::Result<usize> {
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.dir)? {
            std::fs::remove_file(entry?.path())?;
            removed += 1;
        }
        Ok(removed)
    }
}

/// Whether a `blobs` row names these bytes.
async fn named(conn: &mut crate::db::Conn, sha256: &str) -> Result<bool, sqlx::Error> {
    let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM blobs WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(conn)
        .await?;
    Ok(known.is_some())
}

/// The documents' storage as the rest of the server sees it.
pub struct DocumentStore {
    pub staging: Staging,
    blobs: Arc<dyn BlobStore>,
}

impl DocumentStore {
    /// `blob_url` is `None` for the local disk under `root`, or an object-store URL such as
    /// `s3://bucket/prefix` (credentials from the usual `AWS_*` variables) or `file:///path`.
    pub fn open(root: PathBuf, blob_url: Option<&str>) -> io::Result<Self> {
        let staging = Staging::open(root.join("tmp"))?;
        let blobs: Arc<dyn BlobStore> = match blob_url {
            None => Arc::new(LocalDisk::open(root.join("blobs"))?),
            Some(url) => Arc::new(ObjectBlobs::from_url(url)?),
        };
        Ok(Self { staging, blobs })
    }

    pub async fn temp_file(&self) -> io::Result<(TempFile, tokio::fs::File)> {
        self.staging.temp_file().await
    }

    pub async fn commit(&self, staged: TempFile, sha256: &str) -> io::Result<()> {
        self.blobs.commit(staged, sha256).await
    }

    /// Opens a blob after checking that its bytes still hash to its address.
    pub async fn open_verified(&self, sha256: &str) -> io::Result<Option<tokio::fs::File>> {
        self.blobs.open_verified(&self.staging, sha256).await
    }

    pub async fn exists(&self, sha256: &str) -> io::Result<bool> {
        self.blobs.exists(sha256).await
    }

    pub async fn reachable(&self) -> io::Result<()> {
        self.blobs.reachable().await
    }

    /// Removes a blob's bytes if no `blobs` row names it, holding the blob's key meanwhile:
    /// an upload of the same bytes that stored them a moment ago then either commits its
    /// row first (and the bytes stay) or finds them gone when it records them
    /// ([`crate::documents::record_blob`]). Never two writers crossing in between.
    pub async fn remove_if_unused(&self, db: &Db, sha256: &str) -> Result<bool, AppError> {
        let mut tx = crate::db::begin_write(db, &[Key::blob(sha256)]).await?;
        if named(&mut tx, sha256).await? {
            return Ok(false);
        }
        self.blobs.remove(sha256).await?;
        // Nothing was written: the commit only ends the key.
        tx.commit().await?;
        Ok(true)
    }

    /// Start-up clean-up: staging files of interrupted uploads, and blobs no row has named
    /// for a day (an upload whose transaction failed, a deletion cut off after its commit).
    pub async fn clean_orphans(&self, db: &Db) -> Result<usize, crate::StartError> {
        let staged = self.staging.clean()?;
        let unnamed = self.remove_unnamed(db).await.map_err(|error| match error {
            AppError::Storage(io) => crate::StartError::Io(io),
            AppError::Database(database) => crate::StartError::Database(database),
            other => crate::StartError::Io(std::io::Error::other(other.to_string())),
        })?;
        Ok(staged + unnamed)
    }

    /// Blobs no row has named for a day; also run by the retention job, so a server that
    /// runs for months does not keep them until it restarts. (Staging files are cleaned only
    /// at start-up: while the server runs, one may be an upload in progress.)
    pub async fn remove_unnamed(&self, db: &Db) -> Result<usize, AppError> {
        let mut removed = 0;
        let settled = Utc::now() - self.blobs.orphan_grace();
        for (sha256, written) in self.blobs.list().await? {
            if written > settled {
                continue;
            }
            // A plain read first: most blobs are named, and need no write transaction.
            if !named(&mut *db.acquire().await?, &sha256).await? && self.remove_if_unused(db, &sha256).await?
            {
                removed += 1;
            }
        }
        Ok(removed)
    }
}
