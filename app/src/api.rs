//! Talking to the server's `/api/`: one place that turns HTTP into `Result`s.

use std::marker::PhantomData;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use samlet_api::error::{ApiErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// When the server last answered: each request keeps the session alive there, so the
    /// idle-timeout warning counts from this.
    static LAST_ANSWER_AT: std::cell::Cell<f64> = std::cell::Cell::new(js_sys::Date::now());
    /// The last answer to each GET the server tagged with an `ETag` (the messages an open
    /// page keeps current), by path. Asked again with the tag, an unchanged answer comes
    /// back as a bodiless 304 and this text is used. Kept in memory only: API answers are
    /// `no-store`, so nothing personal goes into the browser's cache.
    static TAGGED: std::cell::RefCell<Vec<(String, String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Forgets the kept answers (at sign-out): they are the signed-in person's messages.
pub fn forget_tagged() {
    TAGGED.with(|tagged| tagged.borrow_mut().clear());
}

/// A GET that names the tag of the answer it already has, if it has one.
async fn get_tagged(path: &str) -> Result<String, ApiError> {
    let known = TAGGED.with(|tagged| {
        tagged
            .borrow()
            .iter()
            .find(|(p, _, _)| p == path)
            .map(|(_, tag, text)| (tag.clone(), text.clone()))
    });
    let mut request = Request::get(path);
    if let Some((tag, _)) = &known {
        request = request.header("If-None-Match", tag);
    }
    let response = request
        .build()
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.status() == 304
        && let Some((_, text)) = known
    {
        note_answer();
        return Ok(text);
    }
    let tag = response.headers().get("etag");
    let text = read(response).await?;
    if let Some(tag) = tag {
        TAGGED.with(|tagged| {
            let mut tagged = tagged.borrow_mut();
            tagged.retain(|(p, _, _)| p != path);
            tagged.push((path.to_owned(), tag, text.clone()));
        });
    }
    Ok(text)
}

/// Called on every answer from the server (uploads too, which bypass `text_of`).
pub fn note_answer() {
    LAST_ANSWER_AT.with(|at| at.set(js_sys::Date::now()));
}

/// Milliseconds since the epoch at the server's last answer.
pub fn last_answer_at() -> f64 {
    LAST_ANSWER_AT.with(|at| at.get())
}

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

/// The body of a successful response as text, or the error the server explained. Not
/// generic on purpose: the async machinery (gloo-net, the futures) exists once in the wasm,
/// and only the small synchronous parse is per type.
async fn text_of(request: Result<Request, gloo_net::Error>) -> Result<String, ApiError> {
    let response = request
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

/// A GET, answered by what `index.html` already asked for when it has that answer.
async fn get_text(path: &str) -> Result<String, ApiError> {
    let Some(early) = take_early(path) else {
        return get_tagged(path).await;
    };
    // A `fetch` resolves to a `Response` or fails.
    let response = wasm_bindgen_futures::JsFuture::from(early)
        .await
        .map_err(|_| ApiError::Network)?;
    read(Response::from(response.unchecked_into::<web_sys::Response>())).await
}

/// The answer for `path` that `index.html` asked for while the app was still downloading
/// (on a slow phone that saves a round trip before the first page shows), if it has one
/// that is still good to use: its `samletEarly` decides, and gives a `fetch` promise or
/// nothing.
fn take_early(path: &str) -> Option<js_sys::Promise> {
    let take = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("samletEarly")).ok()?;
    if !take.is_function() {
        return None;
    }
    let answer = take
        .unchecked_into::<js_sys::Function>()
        .call1(&JsValue::NULL, &JsValue::from_str(path))
        .ok()?;
    (!answer.is_undefined()).then(|| answer.unchecked_into())
}

async fn read(response: Response) -> Result<String, ApiError> {
    note_answer();
    let ok = response.ok();
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    if ok {
        Ok(text)
    } else {
        Err(serde_json::from_str::<ApiErrorBody>(&text)
            .map(ApiError::Server)
            .unwrap_or(ApiError::Network))
    }
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::Network)
}

fn with_json<B: Serialize>(builder: RequestBuilder, body: &B) -> Result<Request, gloo_net::Error> {
    builder.json(body)
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&get_text(path).await?)
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    parse(&text_of(with_json(Request::post(path), body)).await?)
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    parse(&text_of(with_json(Request::put(path), body)).await?)
}

/// A fresh key for one thing the citizen sends (an upload, an appeal), reused on every
/// retry of it. Only letters and digits, as the server requires.
pub fn idempotency_key() -> String {
    format!(
        "{:x}{:x}",
        (js_sys::Math::random() * 1e15) as u64,
        js_sys::Date::now() as u64
    )
}

/// A POST that must happen once: the same `key` on a retry (a double click, a timeout)
/// gets the first answer back instead of doing it again.
pub async fn send_once<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    key: &str,
) -> Result<T, ApiError> {
    parse(
        &text_of(with_json(
            Request::post(path).header("Idempotency-Key", key),
            body,
        ))
        .await?,
    )
}

/// [`send_once`] when only success matters.
pub async fn submit_once<B: Serialize>(path: &str, body: &B, key: &str) -> Result<(), ApiError> {
    send_once::<_, serde::de::IgnoredAny>(path, body, key)
        .await
        .map(|_| ())
}

/// A POST whose answer is only whether it was taken (204).
pub async fn post_quietly<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    text_of(with_json(Request::post(path), body)).await.map(|_| ())
}

/// A PUT whose answer is only whether it was taken (204).
pub async fn put_quietly<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    text_of(with_json(Request::put(path), body)).await.map(|_| ())
}

/// A DELETE that answers with what is left.
pub async fn delete_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&text_of(Request::delete(path).build()).await?)
}

pub async fn delete(path: &str) -> Result<(), ApiError> {
    text_of(Request::delete(path).build()).await.map(|_| ())
}

/// A GET whose answer a page reads reactively, refetchable. Every resource is the same
/// `LocalResource<Result<String, _>>` underneath and parses when read, so Leptos's async
/// resource code is compiled once instead of once per type (tens of KB of wasm).
pub struct Resource<T> {
    raw: LocalResource<Result<String, ApiError>>,
    parsed: PhantomData<fn() -> T>,
}

impl<T> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Resource<T> {}

fn raw_resource(path: Box<dyn Fn() -> String>) -> LocalResource<Result<String, ApiError>> {
    LocalResource::new(move || {
        let path = path();
        async move { get_text(&path).await }
    })
}

impl<T: DeserializeOwned> Resource<T> {
    /// `path` is read reactively: a path built from a route parameter refetches when it
    /// changes.
    pub fn new(path: impl Fn() -> String + 'static) -> Self {
        Self {
            raw: raw_resource(Box::new(path)),
            parsed: PhantomData,
        }
    }

    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.raw.get().map(|answer| answer.and_then(|text| parse(&text)))
    }

    pub fn get_untracked(&self) -> Option<Result<T, ApiError>> {
        self.raw
            .get_untracked()
            .map(|answer| answer.and_then(|text| parse(&text)))
    }

    pub fn refetch(&self) {
        self.raw.refetch();
    }
}
