//! The S3 document store against a real S3-compatible server: moto's server (PyPI), which
//! `scripts/tools.sh` installs and `scripts/test.sh` points to with `SAMLET_MOTO_SERVER`.
//! Its own test binary, because the store takes its settings from `AWS_*` variables of the
//! process. Without the server the test fails and says how to get it: nothing is skipped.

mod common;

use common::moto::{start_moto, use_bucket};
use common::{pdf_of, spawn_with};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use samlet_api::documents::DocumentSummary;

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
    use_bucket(&endpoint).await;
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
