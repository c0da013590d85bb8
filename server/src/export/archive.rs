//! Writing the ZIP while it is sent. Entries are streamed with data descriptors, so no
//! entry's size or checksum is needed before its bytes: `samlet.json` and `index.html`
//! compressed, documents stored as they are (PDFs and photos are compressed already, and
//! deflating 500 MB would cost the server far more than the line saves).

use async_zip::base::write::ZipFileWriter;
use async_zip::{Compression, ZipDateTime, ZipEntryBuilder};
use chrono::{DateTime, TimeZone, Utc};
use tokio::io::DuplexStream;
use tokio_util::compat::TokioAsyncReadCompatExt;

use super::content::File;
use crate::documents::store::DocumentStore;

/// Why writing stopped: the store, the ZIP, or the line (a closed browser tab).
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("zip: {0}")]
    Zip(#[from] async_zip::error::ZipError),
    #[error("store: {0}")]
    Store(#[from] std::io::Error),
    #[error("document {0} no longer matches its SHA-256")]
    Changed(String),
}

impl ArchiveError {
    /// Whether the reader went away (a closed tab, a dropped line) rather than anything
    /// failing on this side.
    pub fn is_gone(&self) -> bool {
        let io = match self {
            ArchiveError::Store(error) => Some(error),
            ArchiveError::Zip(async_zip::error::ZipError::UpstreamReadError(error)) => Some(error),
            _ => None,
        };
        io.is_some_and(|error| {
            matches!(
                error.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            )
        })
    }
}

fn entry(name: &str, compression: Compression, at: DateTime<Utc>) -> ZipEntryBuilder {
    // A ZIP's times are wall-clock times without a zone: Danish ones, as the citizen read them.
    let danish = Utc.from_utc_datetime(&samlet_api::denmark::wall_clock(at));
    ZipEntryBuilder::new(name.to_owned().into(), compression)
        .last_modification_date(ZipDateTime::from_chrono(&danish))
        .unix_permissions(0o644)
}

pub async fn write(
    store: &DocumentStore,
    out: DuplexStream,
    json: &[u8],
    html: &str,
    files: &[File],
    now: DateTime<Utc>,
) -> Result<(), ArchiveError> {
    let mut zip = ZipFileWriter::with_tokio(out);
    zip.write_entry_whole(entry("samlet.json", Compression::Deflate, now), json)
        .await?;
    zip.write_entry_whole(entry("index.html", Compression::Deflate, now), html.as_bytes())
        .await?;
    for file in files {
        // Checked against its SHA-256 before it is copied, like every download.
        let source = store
            .open_verified(&file.sha256)
            .await?
            .ok_or_else(|| ArchiveError::Changed(file.sha256.clone()))?;
        let mut writer = zip
            .write_entry_stream(entry(&file.path, Compression::Stored, file.at))
            .await?;
        futures_lite::io::copy(source.compat(), &mut writer).await?;
        writer.close().await?;
    }
    let mut out = zip.close().await?;
    futures_lite::io::AsyncWriteExt::close(&mut out).await?;
    Ok(())
}
