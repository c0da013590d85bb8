//! No write waits for another citizen's upload. The document store is moto's S3 server
//! behind a throttled connection (about 1 MB/s towards the store, as a slow or busy store
//! would be), so one citizen's 4 MB upload spends seconds copying to the store. Meanwhile
//! another citizen saves their own texts, lodges an appeal and uploads a small document;
//! all three are answered while the big upload is still on its way. The suite runs this on
//! SQLite and on PostgreSQL (`scripts/test.sh`). Its own test binary, because the store
//! reads its settings from the process's `AWS_*` variables.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::moto::{start_moto, use_bucket};
use common::{PDF, lodge_appeal, pdf_of, spawn_with};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Bytes per second towards the store.
const RATE: u64 = 1024 * 1024;

/// A TCP proxy to `upstream` that passes what the client sends at [`RATE`] (answers at full
/// speed), counting the bytes it has passed.
async fn throttled_proxy(upstream: String, passed: Arc<AtomicU64>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                return;
            };
            let upstream = upstream.clone();
            let passed = passed.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(&upstream).await else {
                    return;
                };
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                let up = async move {
                    let mut buffer = vec![0u8; 16 * 1024];
                    loop {
                        let n = match client_read.read(&mut buffer).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        tokio::time::sleep(Duration::from_micros(n as u64 * 1_000_000 / RATE)).await;
                        if server_write.write_all(&buffer[..n]).await.is_err() {
                            break;
                        }
                        passed.fetch_add(n as u64, Ordering::Relaxed);
                    }
                    let _ = server_write.shutdown().await;
                };
                let down = async move {
                    let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
                    let _ = client_write.shutdown().await;
                };
                tokio::join!(up, down);
            });
        }
    });
    address
}

#[tokio::test]
async fn another_citizens_upload_to_a_slow_store_makes_no_one_wait() {
    let (_moto, moto) = start_moto().await;
    let passed = Arc::new(AtomicU64::new(0));
    let endpoint = throttled_proxy(moto.trim_start_matches("http://").to_owned(), passed.clone()).await;
    use_bucket(&endpoint).await;
    let fatima = spawn_with(|c| c.blob_store_url = Some("s3://samlet-test/blobs".into())).await;
    let jens = fatima.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    jens.sign_in_as("Jens Hansen").await;

    // Fatima's 4 MB: the server has it in seconds, the store takes about four.
    let before = passed.load(Ordering::Relaxed);
    let big = Form::new().part("file", Part::bytes(pdf_of(4 * 1024 * 1024)).file_name("stor.pdf"));
    let upload = fatima
        .client
        .post(format!("{}/api/documents", fatima.base))
        .multipart(big)
        .send();
    let big_upload = tokio::spawn(upload);
    let deadline = Instant::now() + Duration::from_secs(30);
    while passed.load(Ordering::Relaxed) - before < 512 * 1024 {
        assert!(Instant::now() < deadline, "the upload never reached the store");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Meanwhile Jens writes three times.
    let texts = jens
        .put_json(
            "/api/plan/own-texts",
            &json!({"what_matters": "At komme i arbejde", "meeting_notes": "", "version": 0}),
        )
        .await;
    assert_eq!(texts.status(), StatusCode::OK);
    let form = json!({ "part_ids": [1], "part_reasons": [], "reason": "Jeg er uenig", "document_ids": [],
                       "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let appeal = lodge_appeal(&jens.client, &jens.base, 1, "slow-store-appeal", &form).await;
    assert_eq!(appeal.status(), StatusCode::CREATED);
    let small = Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("lille.pdf"));
    let document = jens
        .client
        .post(format!("{}/api/documents", jens.base))
        .multipart(small)
        .send()
        .await
        .unwrap();
    assert_eq!(document.status(), StatusCode::CREATED);
    assert!(
        !big_upload.is_finished(),
        "Jens's writes were answered while Fatima's upload was still going to the store"
    );

    // And Fatima's upload is stored in the end, whole.
    let stored = big_upload.await.unwrap().unwrap();
    assert_eq!(stored.status(), StatusCode::CREATED);
    assert!(passed.load(Ordering::Relaxed) - before >= 4 * 1024 * 1024);
}
