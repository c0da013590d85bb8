//! Blobs as files on the local disk: `blobs/ab/abcdef…`, moved in by an atomic rename.

use std::io;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{BlobStore, Staging, TempFile, blob_key, sha256_of};

pub struct LocalDisk {
    root: PathBuf,
}

impl LocalDisk {
    pub fn open(root: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    fn path(&self, sha256: &str) -> PathBuf {
        self.root.join(blob_key(sha256))
    }
}

#[async_trait::async_trait]
impl BlobStore for LocalDisk {
    async fn commit(&self, staged: TempFile, sha256: &str) -> io::Result<()> {
        let target = self.path(sha256);
        let dir = target
            .parent()
            .ok_or_else(|| io::Error::other("blob path has no parent"))?;
        tokio::fs::create_dir_all(dir).await?;
        if tokio::fs::try_exists(&target).await? {
            return Ok(()); // `staged` drops and removes itself
        }
        tokio::fs::rename(staged.path(), &target).await?;
        staged.keep();
        // The rename is durable only once the directory entry is on disk.
        tokio::fs::File::open(dir).await?.sync_all().await
    }

    async fn open_verified(&self, _staging: &Staging, sha256: &str) -> io::Result<Option<tokio::fs::File>> {
        let path = self.path(sha256);
        let mut file = tokio::fs::File::open(&path).await?;
        if sha256_of(&mut file).await? != sha256 {
            return Ok(None);
        }
        Ok(Some(tokio::fs::File::open(&path).await?))
    }

    async fn remove(&self, sha256: &str) -> io::Result<()> {
        match tokio::fs::remove_file(self.path(sha256)).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    async fn exists(&self, sha256: &str) -> io::Result<bool> {
        tokio::fs::try_exists(self.path(sha256)).await
    }

    async fn reachable(&self) -> io::Result<()> {
        tokio::fs::read_dir(&self.root).await.map(|_| ())
    }

    async fn list(&self) -> io::Result<Vec<(String, DateTime<Utc>)>> {
        let mut blobs = Vec::new();
        for prefix in std::fs::read_dir(&self.root)? {
            for blob in std::fs::read_dir(prefix?.path())? {
                let blob = blob?;
                let Some(sha256) = blob.file_name().to_str().map(str::to_owned) else {
                    continue;
                };
                let written: DateTime<Utc> = blob.metadata()?.modified()?.into();
                blobs.push((sha256, written));
            }
        }
        Ok(blobs)
    }
}
