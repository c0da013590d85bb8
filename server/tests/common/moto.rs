//! moto's S3-compatible server (PyPI), which `scripts/tools.sh` installs and
//! `scripts/test.sh` points to with `SAMLET_MOTO_SERVER`. Without it a test fails and says
//! how to get it: nothing is skipped.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Moto(Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn start_moto() -> (Moto, String) {
    let program = std::env::var("SAMLET_MOTO_SERVER").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        format!("{home}/.local/share/samlet-tools/python/bin/moto_server")
    });
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program} ({e}): run scripts/test.sh, which installs it"));
    let moto = Moto(child);
    let base = format!("http://127.0.0.1:{port}");
    // Python and its imports take seconds to start on a busy machine.
    for _ in 0..600 {
        if reqwest::get(format!("{base}/moto-api/")).await.is_ok() {
            return (moto, base);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("moto's S3 server did not start on {base}");
}

/// Points the object store at `endpoint` for this process (the store reads `AWS_*`) and
/// makes the bucket `samlet-test`.
pub async fn use_bucket(endpoint: &str) {
    let bucket = reqwest::Client::new()
        .put(format!("{endpoint}/samlet-test"))
        .send()
        .await
        .unwrap();
    assert!(bucket.status().is_success(), "bucket: {}", bucket.status());
    // SAFETY: the test binaries that call this have one test, so no other thread reads the
    // environment.
    unsafe {
        std::env::set_var("AWS_ENDPOINT", endpoint);
        std::env::set_var("AWS_ALLOW_HTTP", "true");
        std::env::set_var("AWS_ACCESS_KEY_ID", "samlet-test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "samlet-test");
        std::env::set_var("AWS_REGION", "us-east-1");
    }
}
