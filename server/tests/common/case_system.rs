//! A case system talking to the integration API with its own token, as the tests play it.

use reqwest::StatusCode;
use samlet_api::integration::Written;
use samlet_server::integration::systems::{Reach, Scope, create_token};
use serde_json::Value;

use super::TestApp;

/// What a token may be given, all of it.
pub const EVERY_SCOPE: [Scope; 7] = [
    Scope::Appeals,
    Scope::Citizens,
    Scope::Plans,
    Scope::Contacts,
    Scope::Documents,
    Scope::Decisions,
    Scope::Messages,
];

pub struct CaseSystem<'a> {
    pub app: &'a TestApp,
    pub token: String,
}

/// A system serving municipality 751 (Aarhus), every life area, with these scopes.
pub async fn case_system<'a>(app: &'a TestApp, name: &str, scopes: &[Scope]) -> CaseSystem<'a> {
    case_system_reaching(app, name, &Reach::whole_plan_in("751", scopes)).await
}

pub async fn case_system_reaching<'a>(app: &'a TestApp, name: &str, reach: &Reach) -> CaseSystem<'a> {
    let db = app.db().await;
    let token = create_token(&db, name, reach, chrono::Utc::now()).await.unwrap();
    CaseSystem { app, token }
}

impl CaseSystem<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}/integration/v1{path}", self.app.base)
    }

    pub async fn put(&self, path: &str, body: &Value) -> reqwest::Response {
        let request = self.app.client.put(self.url(path)).bearer_auth(&self.token);
        request.json(body).send().await.unwrap()
    }

    /// A write that must be applied (or already be): 200 and what happened.
    pub async fn written(&self, path: &str, body: &Value) -> Written {
        let response = self.put(path, body).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.json().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        let request = self.app.client.get(self.url(path)).bearer_auth(&self.token);
        request.send().await.unwrap()
    }

    pub async fn post(&self, path: &str) -> reqwest::Response {
        let request = self.app.client.post(self.url(path)).bearer_auth(&self.token);
        request.send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        let request = self.app.client.post(self.url(path)).bearer_auth(&self.token);
        request.json(body).send().await.unwrap()
    }

    pub async fn post_form(&self, path: &str, form: reqwest::multipart::Form) -> reqwest::Response {
        let request = self.app.client.post(self.url(path)).bearer_auth(&self.token);
        request.multipart(form).send().await.unwrap()
    }
}
