//! Talking to the server's `/api/`: one place that turns HTTP into `Result`s.

use gloo_net::http::{Request, RequestBuilder, Response};
use samlet_api::error::{ApiErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an error it explained.
    Server(ApiErrorBody),
    /// No usable answer: offline, a timeout, or a body that is not ours.
    Network,
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Server(body) => Some(body.code),
            ApiError::Network => None,
        }
    }
}

/// The error a failed response carries, or `Network` if its body is not ours.
async fn error_of(response: Response) -> ApiError {
    response
        .json::<ApiErrorBody>()
        .await
        .map(ApiError::Server)
        .unwrap_or(ApiError::Network)
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        response.json().await.map_err(|_| ApiError::Network)
    } else {
        Err(error_of(response).await)
    }
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let request = builder.json(body).map_err(|_| ApiError::Network)?;
    read(request.send().await.map_err(|_| ApiError::Network)?).await
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let response = Request::get(path).send().await.map_err(|_| ApiError::Network)?;
    read(response).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    send_json(Request::post(path), body).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    send_json(Request::put(path), body).await
}

pub async fn delete(path: &str) -> Result<(), ApiError> {
    let response = Request::delete(path)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_of(response).await)
    }
}
