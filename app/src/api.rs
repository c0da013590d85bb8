//! Talking to the server's `/api/`: one place that turns HTTP into `Result`s.

use gloo_net::http::{Request, Response};
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

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        response.json().await.map_err(|_| ApiError::Network)
    } else {
        Err(response
            .json::<ApiErrorBody>()
            .await
            .map(ApiError::Server)
            .unwrap_or(ApiError::Network))
    }
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let response = Request::get(path).send().await.map_err(|_| ApiError::Network)?;
    read(response).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let request = Request::post(path).json(body).map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(response).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let request = Request::put(path).json(body).map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(response).await
}

pub async fn delete(path: &str) -> Result<(), ApiError> {
    let response = Request::delete(path)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(response
            .json::<ApiErrorBody>()
            .await
            .map(ApiError::Server)
            .unwrap_or(ApiError::Network))
    }
}
