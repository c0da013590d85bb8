//! Documents over HTTP against the real server: streaming uploads with their limits,
//! type checks, idempotent retries, integrity on download, and who may see what.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{PDF, TestApp, error_code, pdf_of, spawn_app, spawn_with};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use samlet_api::documents::{DocumentSource, DocumentSummary, ScanState};
use samlet_api::error::ErrorCode;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn form(files: &[(&str, &[u8])]) -> Form {
    files.iter().fold(Form::new(), |form, (name, bytes)| {
        form.part("file", Part::bytes(bytes.to_vec()).file_name(name.to_string()))
    })
}

impl TestApp {
    async fn upload(&self, form: Form, key: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/api/documents", self.base))
            .multipart(form);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.unwrap()
    }

    async fn documents(&self) -> Vec<DocumentSummary> {
        self.get("/api/documents").await.json().await.unwrap()
    }

    fn storage(&self) -> PathBuf {
        self.dirs.0.path().join("documents")
    }
}

/// The municipality's letters in the demo seed, stored like any document.
const DEMO_LETTERS: usize = 3;

/// Files stored by this test: what is under the documents folder minus the demo letters.
fn uploaded_files(app: &TestApp) -> usize {
    files_under(&app.storage()) - DEMO_LETTERS
}

fn files_under(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        files_under(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn citizen_uploads_a_pdf_and_downloads_the_same_bytes() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let response = app.upload(form(&[("lønseddel_maj.pdf", PDF)]), None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Vec<DocumentSummary> = response.json().await.unwrap();
    let document = &receipt[0];
    assert_eq!(document.title, "lønseddel maj");
    assert_eq!(document.file_name, "lønseddel_maj.pdf");
    assert_eq!(document.content_type, "application/pdf");
    assert_eq!(document.size, PDF.len() as u64);
    assert_eq!(document.source, DocumentSource::Citizen);
    assert_eq!(document.uploaded_by, "Fatima Ali");
    assert_eq!(document.scan_state, ScanState::Unscanned);
    assert!(document.can_delete);
    assert_eq!(app.documents().await, receipt);
    let limits: samlet_api::documents::UploadLimits =
        app.get("/api/documents/limits").await.json().await.unwrap();
    assert_eq!((limits.max_file_bytes, limits.max_files), (25 * 1024 * 1024, 20));
    assert_eq!(limits.used_bytes, PDF.len() as u64);

    let download = app.get(&format!("/api/documents/{}/file", document.id)).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(download.bytes().await.unwrap(), PDF);
}

#[tokio::test]
async fn several_files_in_one_request_each_get_a_document() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let form = Form::new()
        .text("title", "Lægeerklæring")
        .text("note", "Fra egen læge")
        .part("file", Part::bytes(PDF.to_vec()).file_name("scan.pdf"))
        .part("file", Part::bytes(PNG.to_vec()).file_name("IMG_0001.png"));
    let response = app.upload(form, None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Vec<DocumentSummary> = response.json().await.unwrap();
    assert_eq!(receipt.len(), 2);
    assert_eq!(
        (receipt[0].title.as_str(), receipt[0].note.as_str()),
        ("Lægeerklæring", "Fra egen læge")
    );
    assert_eq!(
        (receipt[1].title.as_str(), receipt[1].content_type.as_str()),
        ("IMG 0001", "image/png")
    );
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_413_and_leaves_nothing() {
    let app = spawn_with(|config| config.max_file_mb = 1).await;
    app.sign_in_as("Fatima Ali").await;
    let response = app
        .upload(form(&[("stor.pdf", &pdf_of(1024 * 1024 + 1))]), None)
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(response).await, ErrorCode::FileTooLarge);
    assert!(app.documents().await.is_empty());
    assert_eq!(uploaded_files(&app), 0);
}

#[tokio::test]
async fn more_files_than_allowed_at_once_are_refused() {
    let app = spawn_with(|config| config.max_files_per_request = 2).await;
    app.sign_in_as("Fatima Ali").await;
    let response = app
        .upload(form(&[("a.pdf", PDF), ("b.png", PNG), ("c.pdf", PDF)]), None)
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(response).await, ErrorCode::TooManyFiles);
    assert!(app.documents().await.is_empty());
    assert_eq!(uploaded_files(&app), 0);
}

#[tokio::test]
async fn the_quota_per_citizen_is_kept() {
    let app = spawn_with(|config| config.quota_mb = 1).await;
    app.sign_in_as("Fatima Ali").await;
    let first = app.upload(form(&[("a.pdf", &pdf_of(600 * 1024))]), None).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let mut second = pdf_of(600 * 1024);
    second.push(b'x');
    let response = app.upload(form(&[("b.pdf", &second)]), None).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(response).await, ErrorCode::QuotaExceeded);
    assert_eq!(app.documents().await.len(), 1);
}

#[tokio::test]
async fn files_are_judged_by_their_bytes_not_their_names() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let exe: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0";
    let html: &[u8] = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
    for (name, bytes, status, code) in [
        (
            "faktura.pdf",
            exe,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::FileTypeRefused,
        ),
        (
            "side.pdf",
            html,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::FileTypeRefused,
        ),
        (
            "tom.pdf",
            &b""[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FileEmpty,
        ),
        (
            "kode.pdf",
            &b"%PDF-1.6\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF"[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::PdfEncrypted,
        ),
    ] {
        let response = app.upload(form(&[(name, bytes)]), None).await;
        assert_eq!(response.status(), status, "{name}");
        let body: samlet_api::error::ApiErrorBody = response.json().await.unwrap();
        assert_eq!(body.code, code, "{name}");
        assert!(!body.message.is_empty());
    }
    assert!(app.documents().await.is_empty());
    assert_eq!(uploaded_files(&app), 0);
}

#[tokio::test]
async fn a_traversal_file_name_is_only_a_display_name() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let response = app.upload(form(&[("../../../../tmp/evil.pdf", PDF)]), None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Vec<DocumentSummary> = response.json().await.unwrap();
    assert_eq!(receipt[0].file_name, "evil.pdf");
    // The bytes live under their hash inside the storage folder, nowhere else.
    assert_eq!(files_under(&app.storage().join("blobs")) - DEMO_LETTERS, 1);
}

#[tokio::test]
async fn a_retried_upload_with_the_same_key_stores_one_document() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let first = app.upload(form(&[("a.pdf", PDF)]), Some("upload-7f3a")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Vec<DocumentSummary> = first.json().await.unwrap();
    let retry = app.upload(form(&[("a.pdf", PDF)]), Some("upload-7f3a")).await;
    assert_eq!(retry.status(), StatusCode::OK);
    let retry: Vec<DocumentSummary> = retry.json().await.unwrap();
    assert_eq!(retry, first);
    assert_eq!(app.documents().await.len(), 1);
    // A key that would be a pattern is refused, not matched against other keys.
    let wildcard = app.upload(form(&[("b.pdf", PDF)]), Some("upload-%")).await;
    assert_eq!(wildcard.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.documents().await.len(), 1);
}

#[tokio::test]
async fn an_interrupted_upload_leaves_nothing_behind() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let boundary = "samlet-test-boundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    );
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(head.into_bytes()),
        Ok(pdf_of(256 * 1024)),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "the phone lost its connection",
        )),
    ];
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let result = app
        .client
        .post(format!("{}/api/documents", app.base))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await;
    assert!(result.is_err() || !result.unwrap().status().is_success());
    // The server notices the dropped connection and removes the partial file.
    for _ in 0..50 {
        if uploaded_files(&app) == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(uploaded_files(&app), 0);
    assert!(app.documents().await.is_empty());
}

#[tokio::test]
async fn changed_bytes_on_disk_are_never_served() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let receipt: Vec<DocumentSummary> = app
        .upload(form(&[("a.pdf", PDF)]), None)
        .await
        .json()
        .await
        .unwrap();
    let blobs = app.storage().join("blobs");
    let prefix = std::fs::read_dir(&blobs).unwrap().next().unwrap().unwrap().path();
    let blob = std::fs::read_dir(prefix).unwrap().next().unwrap().unwrap().path();
    std::fs::write(&blob, b"%PDF-1.4 tampered").unwrap();
    let response = app.get(&format!("/api/documents/{}/file", receipt[0].id)).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn another_citizen_gets_404_for_a_document_that_is_not_theirs() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let receipt: Vec<DocumentSummary> = app
        .upload(form(&[("a.pdf", PDF)]), None)
        .await
        .json()
        .await
        .unwrap();
    let other = app.other_browser();
    other.sign_in_as("Jens Hansen").await;
    let id = receipt[0].id;
    assert_eq!(
        other.get(&format!("/api/documents/{id}/file")).await.status(),
        StatusCode::NOT_FOUND
    );
    let delete = other
        .client
        .delete(format!("{}/api/documents/{id}", other.base))
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), StatusCode::NOT_FOUND);
    assert!(
        other
            .documents()
            .await
            .iter()
            .all(|d| d.source == DocumentSource::Municipality)
    );
    assert_eq!(app.documents().await.len(), 1);
}

#[tokio::test]
async fn citizen_deletes_an_upload_until_the_municipality_has_received_it() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let receipt: Vec<DocumentSummary> = app
        .upload(form(&[("a.pdf", PDF), ("b.png", PNG)]), None)
        .await
        .json()
        .await
        .unwrap();
    let delete = |id: i64| {
        app.client
            .delete(format!("{}/api/documents/{id}", app.base))
            .send()
    };
    assert_eq!(
        delete(receipt[0].id).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.documents().await.len(), 1);
    assert_eq!(files_under(&app.storage().join("blobs")) - DEMO_LETTERS, 1);

    // The municipality's case system picks up the other one.
    let db = app.db().await;
    sqlx::query("UPDATE documents SET received_at = '2026-11-25T12:00:00Z' WHERE id = $1")
        .bind(receipt[1].id)
        .execute(&db)
        .await
        .unwrap();
    let response = delete(receipt[1].id).await.unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let list = app.documents().await;
    assert_eq!(list.len(), 1);
    assert!(!list[0].can_delete);
}

#[tokio::test]
async fn a_document_already_uploaded_is_linked_to_a_goal_without_uploading_it_again() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let plan: samlet_api::plan::PlanPage = app.get("/api/plan").await.json().await.unwrap();
    let goal_id = plan.content.goals[0].id;
    let document = app
        .upload(form(&[("attest.pdf", PDF)]), None)
        .await
        .json::<Vec<DocumentSummary>>()
        .await
        .unwrap()[0]
        .clone();
    let blobs_before = uploaded_files(&app);

    let path = format!("/api/documents/{}/goal", document.id);
    let linked = app
        .put_json(&path, &serde_json::json!({ "goal_id": goal_id }))
        .await;
    assert_eq!(linked.status(), StatusCode::OK);
    assert_eq!(
        linked.json::<DocumentSummary>().await.unwrap().goal_id,
        Some(goal_id)
    );
    assert_eq!(app.documents().await[0].goal_id, Some(goal_id));
    assert_eq!(uploaded_files(&app), blobs_before, "no second copy of the bytes");

    // Another citizen's goal is refused and changes nothing.
    let other = app.other_browser();
    other.sign_in_as("Jens Hansen").await;
    let their_plan: samlet_api::plan::PlanPage = other.get("/api/plan").await.json().await.unwrap();
    let foreign = app
        .put_json(
            &path,
            &serde_json::json!({ "goal_id": their_plan.content.goals[0].id }),
        )
        .await;
    assert_eq!(foreign.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.documents().await[0].goal_id, Some(goal_id));
    // Nor can the other citizen relink this document: it is not found for them.
    let probe = other
        .put_json(&path, &serde_json::json!({ "goal_id": null }))
        .await;
    assert_eq!(probe.status(), StatusCode::NOT_FOUND);

    let unlinked = app.put_json(&path, &serde_json::json!({ "goal_id": null })).await;
    assert_eq!(unlinked.json::<DocumentSummary>().await.unwrap().goal_id, None);
}

/// The object-store backend (the one S3 deployments use) driven through `file://`, so the
/// same multipart upload, verified download, delete and listing code runs on real disk.
#[tokio::test]
async fn with_an_object_store_documents_stream_in_and_out_and_orphans_are_cleaned() {
    let app = spawn_with(|c| {
        c.blob_store_url = Some(format!("file://{}", c.data_dir.join("objects").display()));
    })
    .await;
    app.sign_in_as("Fatima Ali").await;
    let objects = app.dirs.0.path().join("objects");
    // Over object_store's 5 MB part size, so the upload goes in several parts.
    let big = pdf_of(12 * 1024 * 1024);
    let receipt: Vec<DocumentSummary> = app
        .upload(form(&[("stor.pdf", &big), ("b.png", PNG)]), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(files_under(&objects) - DEMO_LETTERS, 2);
    assert_eq!(
        files_under(&app.storage().join("blobs")),
        0,
        "nothing on the local blob disk"
    );
    let downloaded = app.get(&format!("/api/documents/{}/file", receipt[0].id)).await;
    assert_eq!(downloaded.status(), StatusCode::OK);
    assert_eq!(downloaded.bytes().await.unwrap().as_ref(), big.as_slice());
    assert_eq!(
        files_under(&app.storage().join("tmp")),
        0,
        "the verified copy is gone"
    );

    // Changed bytes in the store are never served.
    let sha_dir = std::fs::read_dir(&objects)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect::<Vec<_>>();
    let png_blob = sha_dir
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()))
        .find(|path| std::fs::metadata(path).unwrap().len() == PNG.len() as u64)
        .unwrap();
    std::fs::write(&png_blob, b"\x89PNG tampered").unwrap();
    let tampered = app.get(&format!("/api/documents/{}/file", receipt[1].id)).await;
    assert_eq!(tampered.status(), StatusCode::INTERNAL_SERVER_ERROR);

    let deleted = app
        .client
        .delete(format!("{}/api/documents/{}", app.base, receipt[0].id))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(files_under(&objects) - DEMO_LETTERS, 1);

    // An unreferenced object from an upload that never committed: removed at start-up once
    // it is a day old, so that no upload (on this or another server) can still be recording it.
    let orphans = objects.join("ff");
    std::fs::create_dir_all(&orphans).unwrap();
    let old = orphans.join("ff".repeat(32));
    let fresh = orphans.join(format!("{}00", "ff".repeat(31)));
    std::fs::write(&old, b"old").unwrap();
    std::fs::write(&fresh, b"fresh").unwrap();
    let two_days_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 24 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    let mut config =
        samlet_server::Config::for_tests(app.dirs.0.path().to_owned(), app.dirs.1.path().to_owned());
    config.blob_store_url = Some(format!("file://{}", objects.display()));
    config.database_url = Some(app.database.clone());
    samlet_server::Application::build(config).await.expect("restarts");
    assert!(!old.exists(), "the old orphan is removed");
    assert!(
        fresh.exists(),
        "a fresh object may belong to another server's upload"
    );
    assert!(png_blob.exists(), "referenced objects stay");
}

/// A stand-in for ClamAV's daemon speaking its INSTREAM protocol: it flags the EICAR test
/// string, as the real clamd does. (The real daemon needs signature downloads this machine
/// cannot make.)
fn fake_clamd(socket: &Path) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::UnixListener::bind(socket).unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut command = [0u8; 10];
                stream.read_exact(&mut command).await.unwrap();
                assert_eq!(&command, b"zINSTREAM\0");
                let mut content = Vec::new();
                loop {
                    let length = stream.read_u32().await.unwrap() as usize;
                    if length == 0 {
                        break;
                    }
                    let start = content.len();
                    content.resize(start + length, 0);
                    stream.read_exact(&mut content[start..]).await.unwrap();
                }
                let eicar = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE";
                let reply: &[u8] = if content.windows(eicar.len()).any(|w| w == eicar) {
                    b"stream: Eicar-Test-Signature FOUND\0"
                } else {
                    b"stream: OK\0"
                };
                stream.write_all(reply).await.unwrap();
            });
        }
    });
}

#[tokio::test]
async fn with_clamd_configured_uploads_are_scanned_before_they_are_stored() {
    let sockets = tempfile::TempDir::new().unwrap();
    let socket = sockets.path().join("clamd.ctl");
    fake_clamd(&socket);
    let app = spawn_with(|c| c.clamd = Some(socket.display().to_string())).await;
    app.sign_in_as("Fatima Ali").await;

    let clean: Vec<DocumentSummary> = app
        .upload(form(&[("a.pdf", PDF)]), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(clean[0].scan_state, ScanState::Clean);

    let mut infected = PDF.to_vec();
    infected.extend_from_slice(b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
    let refused = app.upload(form(&[("virus.pdf", &infected)]), None).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(refused).await, ErrorCode::MalwareFound);
    assert_eq!(app.documents().await.len(), 1);
    assert_eq!(uploaded_files(&app), 1, "nothing of the infected file is kept");
}

#[tokio::test]
async fn with_clamd_configured_but_down_nothing_is_stored_unscanned() {
    let sockets = tempfile::TempDir::new().unwrap();
    let socket = sockets.path().join("not-running.ctl");
    let app = spawn_with(|c| c.clamd = Some(socket.display().to_string())).await;
    app.sign_in_as("Fatima Ali").await;
    let response = app.upload(form(&[("a.pdf", PDF)]), None).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_code(response).await, ErrorCode::ScanUnavailable);
    assert!(app.documents().await.is_empty());
    assert_eq!(uploaded_files(&app), 0);
}

#[tokio::test]
async fn letters_the_municipality_shared_are_listed_and_open_but_cannot_be_deleted() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let list = app.documents().await;
    let decision = list
        .iter()
        .find(|d| d.title == "Samlet afgørelse om din indsats")
        .unwrap();
    assert_eq!(decision.source, DocumentSource::Municipality);
    assert_eq!(decision.uploaded_by, "Aarhus Kommune");
    assert!(decision.received_at.is_some());
    assert!(!decision.can_delete);
    let file = app.get(&format!("/api/documents/{}/file", decision.id)).await;
    assert_eq!(file.status(), StatusCode::OK);
    let bytes = file.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(bytes.len() as u64, decision.size);
    let delete = app
        .client
        .delete(format!("{}/api/documents/{}", app.base, decision.id))
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), StatusCode::FORBIDDEN);
}

/// Two tries of the same upload racing each other (a phone that retried while the first
/// was still on its way): both get the receipt of the one document stored.
#[tokio::test]
async fn two_racing_uploads_with_the_same_key_both_get_the_one_receipt() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    for round in 0..3 {
        let key = format!("race-{round}");
        let (a, b) = tokio::join!(
            app.upload(form(&[("a.pdf", &pdf_of(200 * 1024))]), Some(&key)),
            app.upload(form(&[("a.pdf", &pdf_of(200 * 1024))]), Some(&key)),
        );
        let mut statuses = [a.status(), b.status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED], "{key}");
        let a: Vec<DocumentSummary> = a.json().await.unwrap();
        let b: Vec<DocumentSummary> = b.json().await.unwrap();
        assert_eq!(a, b);
    }
    assert_eq!(app.documents().await.len(), 3);
}

/// The quota is checked and spent in one step: two uploads that each fit but not together
/// cannot both get in by arriving at the same time.
#[tokio::test]
async fn two_racing_uploads_cannot_together_pass_the_quota() {
    let app = spawn_with(|config| config.quota_mb = 1).await;
    app.sign_in_as("Fatima Ali").await;
    let (a, b) = tokio::join!(
        app.upload(form(&[("a.pdf", &pdf_of(600 * 1024))]), None),
        app.upload(form(&[("b.pdf", &pdf_of(600 * 1024 + 1))]), None),
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::PAYLOAD_TOO_LARGE]);
    assert_eq!(app.documents().await.len(), 1);
}

#[tokio::test]
async fn a_file_is_stored_under_a_name_whose_extension_matches_its_bytes() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    // A PDF header first (so it passes as a PDF), then a script: saved as .html it would
    // open in the browser as a page.
    let disguised: &[u8] = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n";
    for (name, bytes, stored) in [
        ("kvittering.html", disguised, "kvittering.pdf"),
        // The right-to-left override shows "kvitteringlmth.pdf" on screen; it is dropped.
        ("kvittering\u{202E}fdp.html", disguised, "kvitteringfdp.pdf"),
        ("kvittering", PDF, "kvittering.pdf"),
        ("referat 12.05.2026", PDF, "referat 12.05.2026.pdf"),
        ("foto.PDF", PNG, "foto.png"),
        ("skema.Pdf", PDF, "skema.Pdf"),
    ] {
        let response = app.upload(form(&[(name, bytes)]), None).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{name}");
        let receipt: Vec<DocumentSummary> = response.json().await.unwrap();
        assert_eq!(receipt[0].file_name, stored, "{name}");
        let download = app.get(&format!("/api/documents/{}/file", receipt[0].id)).await;
        let disposition = download.headers()["content-disposition"].to_str().unwrap();
        assert!(
            disposition.contains(&format!("filename=\"{stored}\"")),
            "{name}: {disposition}"
        );
    }
}

#[tokio::test]
async fn names_and_titles_lose_invisible_format_characters_and_are_stored_composed() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    // "ø" as o + combining stroke is not in Unicode's compositions; "å" as a + ring is.
    let form = Form::new()
        .text("title", "Lo\u{200B}nseddel\u{202E} a\u{30A}r")
        .part(
            "file",
            Part::bytes(PDF.to_vec()).file_name("la\u{30A}n\u{2066}.pdf\u{2069}"),
        );
    let response = app.upload(form, None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Vec<DocumentSummary> = response.json().await.unwrap();
    assert_eq!(receipt[0].title, "Lonseddel år");
    assert_eq!(receipt[0].file_name, "lån.pdf");
}
