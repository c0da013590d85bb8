//! A real SMTP server for the tests: aiosmtpd (PyPI), which `scripts/tools.sh` installs and
//! points to with `SAMLET_SMTP_SERVER`; it writes what it receives to a maildir the tests
//! read. Without it the tests fail and say how to get it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Smtp {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A real SMTP server on `port` that keeps every e-mail in a maildir.
pub async fn start_smtp(port: u16) -> Smtp {
    let program = std::env::var("SAMLET_SMTP_SERVER").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        format!("{home}/.local/share/samlet-tools/python/bin/aiosmtpd")
    });
    let maildir = tempfile::TempDir::new().unwrap();
    let child = Command::new(&program)
        .args([
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir.path().join("box"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program} ({e}): run scripts/test.sh, which installs it"));
    let smtp = Smtp { child, port, maildir };
    // Python takes a moment to start on a busy machine.
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return smtp;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("aiosmtpd did not start on port {port}");
}

impl Smtp {
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every e-mail received so far, as text, oldest first.
    pub fn received(&self) -> Vec<String> {
        received_in(&self.maildir.path().join("box"))
    }

    /// Waits for the `n`th e-mail (up to 10 s) and returns all of them.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..100 {
            let mails = self.received();
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {n} e-mails, got {:#?}", self.received());
    }
}

fn received_in(maildir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else {
        return Vec::new();
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .map(|e| e.unwrap().path())
        .map(|p| (std::fs::metadata(&p).unwrap().modified().unwrap(), p))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|(_, p)| decoded(&std::fs::read(p).unwrap()))
        .collect()
}

/// An e-mail as text, with quoted-printable undone (lettre writes Danish letters as
/// `=C3=A6` and breaks long lines with `=` at the end), so tests read what a person would.
fn decoded(raw: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'=' if raw[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if raw[i + 1..].starts_with(b"\n") => i += 2,
            b'=' if i + 2 < raw.len() && raw[i + 1].is_ascii_hexdigit() && raw[i + 2].is_ascii_hexdigit() => {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).unwrap();
                bytes.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            byte => {
                bytes.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
