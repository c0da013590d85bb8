//! Blobs in an object store (S3 and compatible ones such as MinIO or Ceph), for several
//! servers sharing one store. Uploads stream from the staging file in parts, so memory
//! stays flat whatever the file size.

use std::io;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use super::{BlobStore, Staging, TempFile, sha256_of};

/// Parts sent at once; with object_store's 5 MB parts this bounds the memory an upload to
/// the store uses.
const PARTS_IN_FLIGHT: usize = 2;

pub struct ObjectBlobs {
    store: Arc<dyn ObjectStore>,
    prefix: Path,
}

fn storage_error(error: object_store::Error) -> io::Error {
    match error {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, error),
        other => io::Error::other(other),
    }
}

impl ObjectBlobs {
    /// `s3://bucket/prefix` takes its credentials and region from the `AWS_*` environment
    /// variables; `file:///absolute/path` keeps the blobs in a folder through the same code.
    pub fn from_url(url: &str) -> io::Result<Self> {
        let parsed =
            url::Url::parse(url).map_err(|e| io::Error::other(format!("blob store URL {url}: {e}")))?;
        if parsed.scheme() == "file" {
            // object_store's file store does not create its root.
            std::fs::create_dir_all(parsed.path())?;
        }
        let options = std::env::vars()
            .filter(|(key, _)| key.starts_with("AWS_"))
            .map(|(k, v)| (k.to_ascii_lowercase(), v));
        let (store, prefix) = object_store::parse_url_opts(&parsed, options).map_err(storage_error)?;
        Ok(Self {
            store: Arc::from(store),
            prefix,
        })
    }

    fn location(&self, sha256: &str) -> Path {
        // Two parts, `ab` then `abcdef…`, as on the local disk; `join` escapes a `/`.
        let folder = sha256.get(..2).unwrap_or(sha256);
        self.prefix.clone().join(folder).join(sha256)
    }
}

#[async_trait::async_trait]
impl BlobStore for ObjectBlobs {
    async fn commit(&self, staged: TempFile, sha256: &str) -> io::Result<()> {
        let location = self.location(sha256);
        match self.store.head(&location).await {
            Ok(_) => return Ok(()),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(other) => return Err(storage_error(other)),
        }
        let mut file = tokio::fs::File::open(staged.path()).await?;
        let upload = self.store.put_multipart(&location).await.map_err(storage_error)?;
        let mut writer = WriteMultipart::new(upload);
        let mut buffer = vec![0u8; 1024 * 1024];
        loop {
            let n = file.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            writer
                .wait_for_capacity(PARTS_IN_FLIGHT)
                .await
                .map_err(storage_error)?;
            writer.write(&buffer[..n]);
        }
        // A failed upload is aborted by `finish`, leaving no partial object visible.
        writer.finish().await.map_err(storage_error)?;
        Ok(()) // `staged` drops: the local copy is no longer needed
    }

    async fn open_verified(&self, staging: &Staging, sha256: &str) -> io::Result<Option<tokio::fs::File>> {
        // The bytes are checked before the first one is sent, so they are fetched to a
        // staging file first, hashed, then streamed from there.
        let mut stream = self
            .store
            .get(&self.location(sha256))
            .await
            .map_err(storage_error)?
            .into_stream();
        let (temp, mut file) = staging.temp_file().await?;
        while let Some(chunk) = stream.next().await {
            file.write_all(&chunk.map_err(storage_error)?).await?;
        }
        file.flush().await?;
        file.seek(io::SeekFrom::Start(0)).await?;
        if sha256_of(&mut file).await? != sha256 {
            return Ok(None);
        }
        file.seek(io::SeekFrom::Start(0)).await?;
        // The open handle keeps the bytes readable after the name is removed.
        drop(temp);
        Ok(Some(file))
    }

    async fn remove(&self, sha256: &str) -> io::Result<()> {
        match self.store.delete(&self.location(sha256)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(other) => Err(storage_error(other)),
        }
    }

    async fn exists(&self, sha256: &str) -> io::Result<bool> {
        match self.store.head(&self.location(sha256)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(other) => Err(storage_error(other)),
        }
    }

    async fn reachable(&self) -> io::Result<()> {
        // A name no blob has: "not found" is an answer, and a store that answers is there.
        match self.store.head(&self.prefix.clone().join("readiness")).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(other) => Err(storage_error(other)),
        }
    }

    async fn list(&self) -> io::Result<Vec<(String, DateTime<Utc>)>> {
        let mut listing = self.store.list(Some(&self.prefix));
        let mut blobs = Vec::new();
        while let Some(meta) = listing.next().await {
            let meta = meta.map_err(storage_error)?;
            if let Some(sha256) = meta.location.filename() {
                blobs.push((sha256.to_owned(), meta.last_modified));
            }
        }
        Ok(blobs)
    }
}
