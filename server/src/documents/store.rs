//! Document bytes on local disk, content-addressed by SHA-256.
//!
//! A document is written to `tmp/`, fsynced, then renamed into `blobs/ab/abcdef…` before its
//! database row commits. A crash leaves either a temp file or an unreferenced blob, both
//! removed at the next start; never a row without its bytes.

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::db::Db;

pub struct LocalDisk {
    root: PathBuf,
}

/// Removes its temp file when dropped, unless the file was committed: an upload that
/// fails or whose connection drops leaves nothing behind.
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
}

pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl LocalDisk {
    pub fn open(root: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(root.join("tmp"))?;
        std::fs::create_dir_all(root.join("blobs"))?;
        Ok(Self { root })
    }

    pub async fn temp_file(&self) -> io::Result<(TempFile, tokio::fs::File)> {
        let mut name = [0u8; 16];
        getrandom::fill(&mut name).map_err(|e| io::Error::other(e.to_string()))?;
        let path = self.root.join("tmp").join(hex(&name));
        let file = tokio::fs::OpenOptions::new()
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

    fn blob_path(&self, sha256: &str) -> PathBuf {
        self.root.join("blobs").join(&sha256[..2]).join(sha256)
    }

    /// Moves a fully written, fsynced temp file to its content address. The same bytes
    /// stored before are kept as they are.
    pub async fn commit(&self, mut temp: TempFile, sha256: &str) -> io::Result<()> {
        let target = self.blob_path(sha256);
        let dir = target
            .parent()
            .ok_or_else(|| io::Error::other("blob path has no parent"))?;
        tokio::fs::create_dir_all(dir).await?;
        if tokio::fs::try_exists(&target).await? {
            return Ok(()); // `temp` drops and removes itself
        }
        tokio::fs::rename(&temp.path, &target).await?;
        temp.committed = true;
        // The rename is durable only once the directory entry is on disk.
        tokio::fs::File::open(dir).await?.sync_all().await
    }

    /// Opens a blob after checking that its bytes still hash to its address.
    pub async fn open_verified(&self, sha256: &str) -> io::Result<Option<tokio::fs::File>> {
        let path = self.blob_path(sha256);
        let mut file = tokio::fs::File::open(&path).await?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = file.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        if hex(&hasher.finalize()) != sha256 {
            return Ok(None);
        }
        Ok(Some(tokio::fs::File::open(&path).await?))
    }

    pub async fn remove(&self, sha256: &str) -> io::Result<()> {
        match tokio::fs::remove_file(self.blob_path(sha256)).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Start-up clean-up: temp files of interrupted uploads, and blobs whose row never
    /// committed.
    pub async fn clean_orphans(&self, db: &Db) -> Result<usize, crate::StartError> {
        let mut removed = 0;
        for entry in std::fs::read_dir(self.root.join("tmp"))? {
            std::fs::remove_file(entry?.path())?;
            removed += 1;
        }
        for prefix in std::fs::read_dir(self.root.join("blobs"))? {
            for blob in std::fs::read_dir(prefix?.path())? {
                let path = blob?.path();
                let Some(sha256) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                    continue;
                };
                let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM blobs WHERE sha256 = $1")
                    .bind(&sha256)
                    .fetch_optional(db)
                    .await?;
                if known.is_none() {
                    std::fs::remove_file(&path)?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}
