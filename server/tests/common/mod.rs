//! Helpers shared by the server's integration tests: the real server on a free port with
//! a fresh SQLite database in a temporary folder, and a cookie-keeping client.

#![allow(dead_code)]

pub mod case_system;
pub mod moto;
pub mod provider;
pub mod smtp;

use reqwest::StatusCode;
use samlet_api::error::{ApiErrorBody, ErrorCode};
use samlet_api::session::DemoAccount;
use samlet_server::{Application, Config};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub dirs: (TempDir, TempDir),
    /// The database this server uses: SQLite in `dirs.0`, or its own PostgreSQL database
    /// when the suite runs on PostgreSQL (`SAMLET_TEST_POSTGRES`).
    pub database: String,
}

/// The smallest PDF the upload checks accept.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A PDF of `size` bytes, for uploads over a limit or over a part size.
pub fn pdf_of(size: usize) -> Vec<u8> {
    let mut bytes = PDF.to_vec();
    bytes.resize(size, b' ');
    bytes
}

pub const INDEX: &str = "<!doctype html><title>Samlet test index</title>";

pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let data = TempDir::new().unwrap();
    let dist = TempDir::new().unwrap();
    std::fs::write(dist.path().join("index.html"), INDEX).unwrap();
    std::fs::write(dist.path().join("samlet-app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    let mut config = Config::for_tests(data.path().to_owned(), dist.path().to_owned());
    configure(&mut config);
    let database = config.database();
    let app = Application::build(config).await.expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run());
    TestApp {
        base,
        client: reqwest::Client::builder().cookie_store(true).build().unwrap(),
        dirs: (data, dist),
        database,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

impl TestApp {
    /// A second browser: same server, its own cookies.
    pub fn other_browser(&self) -> TestApp {
        TestApp {
            base: self.base.clone(),
            client: reqwest::Client::builder().cookie_store(true).build().unwrap(),
            dirs: (TempDir::new().unwrap(), TempDir::new().unwrap()),
            database: self.database.clone(),
        }
    }

    /// The server's database, opened beside it, for checks the API does not show.
    pub async fn db(&self) -> samlet_server::db::Db {
        samlet_server::db::open(&self.database).await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn put_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .put(format!("{}{}", self.base, path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .unwrap()
    }

    pub async fn demo_accounts(&self) -> Vec<DemoAccount> {
        self.get("/api/demo/accounts").await.json().await.unwrap()
    }

    pub async fn sign_in_as(&self, name: &str) -> reqwest::Response {
        let accounts = self.demo_accounts().await;
        let account = accounts
            .iter()
            .find(|a| a.name == name)
            .expect("demo account exists");
        self.client
            .post(format!("{}/api/session/demo", self.base))
            .json(&json!({ "account_id": account.account_id }))
            .send()
            .await
            .unwrap()
    }
}

pub async fn error_code(response: reqwest::Response) -> ErrorCode {
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json::<ApiErrorBody>().await.unwrap().code
}

/// The error body of the integration API (English, with a field).
pub async fn integration_error(response: reqwest::Response) -> samlet_api::integration::IntegrationErrorBody {
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

/// A refusal's status and body without the request's id (which differs per request), to
/// compare two refusals.
pub async fn refusal(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let text = response.text().await.unwrap();
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(mut body)) => {
            body.remove("request_id");
            (status, serde_json::Value::Object(body).to_string())
        }
        _ => (status, text),
    }
}

/// Log output kept in memory, for tests that read what the server logged (a log
/// subscriber's writer).
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn assert_status(response: &reqwest::Response, status: StatusCode) {
    assert_eq!(response.status(), status, "{}", response.url());
}

pub fn login_body(account_id: i64) -> serde_json::Value {
    json!({ "account_id": account_id })
}

/// Lodges an appeal of `decision` from `base` with `client`, as the app does: with an
/// idempotency key, so a retry with the same key is the same appeal.
pub async fn lodge_appeal(
    client: &reqwest::Client,
    base: &str,
    decision: i64,
    key: &str,
    form: &serde_json::Value,
) -> reqwest::Response {
    client
        .post(format!("{base}/api/decisions/{decision}/appeal"))
        .header("Idempotency-Key", key)
        .json(form)
        .send()
        .await
        .unwrap()
}

/// The files of a ZIP download ("Hent mine data") by name.
pub async fn unzip(bytes: Vec<u8>) -> std::collections::BTreeMap<String, Vec<u8>> {
    let zip = async_zip::base::read::mem::ZipFileReader::new(bytes)
        .await
        .unwrap();
    let mut files = std::collections::BTreeMap::new();
    for index in 0..zip.file().entries().len() {
        let name = zip.file().entries()[index]
            .filename()
            .as_str()
            .unwrap()
            .to_owned();
        let mut reader = zip.reader_with_entry(index).await.unwrap();
        let mut data = Vec::new();
        // Checks each entry's CRC-32 against the one written after it.
        reader.read_to_end_checked(&mut data).await.unwrap();
        files.insert(name, data);
    }
    files
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The real `samlet-server` program in demo mode on a free port, killed when dropped.
pub struct ServerProcess {
    pub child: Child,
    pub base: String,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProcess {
    /// Starts the program on `data` and `database` with extra flags `args`.
    pub async fn start(data: &std::path::Path, database: &str, args: &[&str]) -> Self {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_samlet-server"))
            .args(["--demo", "--port", &port.to_string()])
            .arg("--data-dir")
            .arg(data)
            .arg("--database-url")
            .arg(database)
            .arg("--dist-dir")
            .arg(data.join("no-dist"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while reqwest::get(format!("{base}/api/healthz")).await.is_err() {
            assert!(Instant::now() < deadline, "server did not come up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self { child, base }
    }

    /// A client of its own, signed in as the demo account `name`.
    pub async fn signed_in(&self, name: &str) -> reqwest::Client {
        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let accounts: Vec<DemoAccount> = client
            .get(format!("{}/api/demo/accounts", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let account = accounts
            .iter()
            .find(|a| a.name == name)
            .expect("demo account exists");
        let response = client
            .post(format!("{}/api/session/demo", self.base))
            .json(&json!({ "account_id": account.account_id }))
            .send()
            .await
            .unwrap();
        assert_status(&response, StatusCode::OK);
        client
    }
}

impl TestApp {
    /// Sends one PDF as the signed-in person, as the documents page does.
    pub async fn upload_pdf(&self, title: &str, file_name: &str, pdf: Vec<u8>) -> reqwest::Response {
        let form = reqwest::multipart::Form::new()
            .text("title", title.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(pdf).file_name(file_name.to_owned()),
            );
        self.client
            .post(format!("{}/api/documents", self.base))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}
