//! Malware scanning with ClamAV's daemon (clamd), over its `INSTREAM` protocol: the staged
//! file is sent in chunks, each prefixed by its length, and clamd answers `stream: OK` or
//! `stream: <signature> FOUND`. Without a configured clamd, documents are stored as
//! unscanned and the app says so.

use std::io;
use std::path::Path;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// clamd's default StreamMaxLength is 25 MB; chunks are far below it.
const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    Infected(String),
}

/// Where clamd listens: a Unix socket path (`/run/clamav/clamd.ctl`) or `host:port`.
#[derive(Debug, Clone)]
pub struct Scanner {
    address: String,
}

impl Scanner {
    pub fn new(address: String) -> Self {
        Self { address }
    }

    /// Scans a staged file. An error means the scan could not be done, never "clean".
    pub async fn scan(&self, file: &Path) -> io::Result<Verdict> {
        let mut source = tokio::fs::File::open(file).await?;
        if self.address.starts_with('/') {
            let stream = tokio::net::UnixStream::connect(&self.address).await?;
            instream(stream, &mut source).await
        } else {
            let stream = tokio::net::TcpStream::connect(&self.address).await?;
            instream(stream, &mut source).await
        }
    }
}

async fn instream<S, R>(mut clamd: S, source: &mut R) -> io::Result<Verdict>
where
    S: AsyncRead + AsyncWrite + Unpin,
    R: AsyncRead + Unpin,
{
    clamd.write_all(b"zINSTREAM\0").await?;
    let mut buffer = vec![0u8; CHUNK];
    loop {
        let n = source.read(&mut buffer).await?;
        let length = u32::try_from(n).map_err(io::Error::other)?;
        clamd.write_all(&length.to_be_bytes()).await?;
        if n == 0 {
            break;
        }
        clamd.write_all(&buffer[..n]).await?;
    }
    clamd.flush().await?;
    let mut reply = Vec::new();
    clamd.read_to_end(&mut reply).await?;
    verdict(&reply)
}

/// `stream: OK\0` or `stream: Eicar-Signature FOUND\0`; anything else (such as
/// `INSTREAM size limit exceeded. ERROR`) is a failed scan.
fn verdict(reply: &[u8]) -> io::Result<Verdict> {
    let text = String::from_utf8_lossy(reply);
    let text = text.trim_end_matches(['\0', '\n']).trim();
    let answer = text.strip_prefix("stream:").map(str::trim).unwrap_or(text);
    if answer == "OK" {
        Ok(Verdict::Clean)
    } else if let Some(signature) = answer.strip_suffix(" FOUND") {
        Ok(Verdict::Infected(signature.to_owned()))
    } else {
        Err(io::Error::other(format!("clamd: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamd_replies_are_read_strictly() {
        assert_eq!(verdict(b"stream: OK\0").unwrap(), Verdict::Clean);
        assert_eq!(
            verdict(b"stream: Eicar-Test-Signature FOUND\0").unwrap(),
            Verdict::Infected("Eicar-Test-Signature".into())
        );
        assert!(verdict(b"INSTREAM size limit exceeded. ERROR\0").is_err());
        assert!(verdict(b"").is_err(), "no answer is not a clean file");
    }

    #[tokio::test]
    async fn the_file_is_sent_in_length_prefixed_chunks_ending_with_zero() {
        let (ours, mut theirs) = tokio::io::duplex(1024 * 1024);
        let clamd = tokio::spawn(async move {
            let mut received = Vec::new();
            let mut command = [0u8; 10];
            theirs.read_exact(&mut command).await.unwrap();
            assert_eq!(&command, b"zINSTREAM\0");
            loop {
                let length = theirs.read_u32().await.unwrap() as usize;
                if length == 0 {
                    break;
                }
                let mut chunk = vec![0u8; length];
                theirs.read_exact(&mut chunk).await.unwrap();
                received.extend(chunk);
            }
            theirs.write_all(b"stream: OK\0").await.unwrap();
            received
        });
        let content = vec![7u8; CHUNK * 2 + 5];
        let verdict = instream(ours, &mut content.as_slice()).await.unwrap();
        assert_eq!(verdict, Verdict::Clean);
        assert_eq!(clamd.await.unwrap(), content);
    }
}
