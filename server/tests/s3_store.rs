//! The S3 document store against a real S3-compatible server: moto's server (PyPI), which
//! `scripts/tools.sh` installs and `scripts/test.sh` points to with `SAMLET_MOTO_SERVER`.
//! Its own test binary, because the store takes its settings from `AWS_*` variables of the
//! process. Without the server the test fails and says how to get it: nothing is skipped.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{pdf_of, spawn_with};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use samlet_api::documents::DocumentSummary;

struct Moto(Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_moto() -> (Moto, String) {
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

/// What the bucket holds under the store's prefix, as S3's XML listing.
async fn bucket_listing(endpoint: &str) -> String {
    reqwest::get(format!("{endpoint}/samlet-test?list-type=2&prefix=blobs/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn documents_go_to_an_s3_server_in_parts_and_come_back_verified() {
    let (_moto, endpoint) = start_moto().await;
    let bucket = reqwest::Client::new()
        .put(format!("{endpoint}/samlet-test"))
        .send()
        .await
        .unwrap();
    assert!(bucket.status().is_success(), "bucket: {}", bucket.status());
    // SAFETY: this test binary has this one test, so no other thread reads the environment.
    unsafe {
        std::env::set_var("AWS_ENDPOINT", &endpoint);
        std::env::set_var("AWS_ALLOW_HTTP", "true");
        std::env::set_var("AWS_ACCESS_KEY_ID", "samlet-test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "samlet-test");
        std::env::set_var("AWS_REGION", "us-east-1");
    }
    let app = spawn_with(|c| c.blob_store_url = Some("s3://samlet-test/blobs".into())).await;
    app.sign_in_as("Fatima Ali").await;

    // Over object_store's 5 MB part size, so the upload is a multipart upload.
    let big = pdf_of(12 * 1024 * 1024);
    let form = Form::new().part("file", Part::bytes(big.clone()).file_name("stor.pdf"));
    let uploaded = app
        .client
        .post(format!("{}/api/documents", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let receipt: Vec<DocumentSummary> = uploaded.json().await.unwrap();
    let listing = bucket_listing(&endpoint).await;
    assert!(
        listing.contains(&format!("{}</Size>", big.len())),
        "the object is in the bucket: {listing}"
    );

    let downloaded = app.get(&format!("/api/documents/{}/file", receipt[0].id)).await;
    assert_eq!(downloaded.status(), StatusCode::OK);
    assert_eq!(downloaded.bytes().await.unwrap().as_ref(), big.as_slice());

    let deleted = app
        .client
        .delete(format!("{}/api/documents/{}", app.base, receipt[0].id))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let listing = bucket_listing(&endpoint).await;
    assert!(
        !listing.contains(&format!("{}</Size>", big.len())),
        "deleted from the bucket: {listing}"
    );
}
