//! One file's upload through `XmlHttpRequest`, the one browser API that reports upload
//! progress (`fetch`, and so gloo-net, cannot).

use leptos::prelude::*;
use samlet_api::documents::DocumentSummary;
use samlet_api::error::{ApiErrorBody, ErrorCode};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{Event, File, FormData, ProgressEvent, XmlHttpRequest};

/// The one honest state of a chosen file.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadState {
    /// Chosen here, nothing sent: must never look uploaded.
    Chosen,
    Uploading {
        sent: f64,
        total: f64,
    },
    /// The server confirmed it stored the file.
    Received(Box<DocumentSummary>),
    Failed(Failure),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server refused it and said why.
    Refused(ErrorCode),
    /// The upload did not reach the server, or its answer did not reach us.
    Network,
    /// Not sent: the citizen has not said what it is.
    Untitled,
}

/// A running upload. Its callbacks live exactly as long as it does.
pub struct Upload {
    xhr: XmlHttpRequest,
    _progress: Closure<dyn FnMut(ProgressEvent)>,
    _done: Closure<dyn FnMut(Event)>,
}

impl Upload {
    pub fn cancel(&self) {
        let _ = self.xhr.abort();
    }
}

fn outcome(xhr: &XmlHttpRequest) -> UploadState {
    crate::api::note_answer();
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if status == 200 || status == 201 {
        match serde_json::from_str::<Vec<DocumentSummary>>(&text) {
            Ok(mut documents) if !documents.is_empty() => {
                UploadState::Received(Box::new(documents.remove(0)))
            }
            _ => UploadState::Failed(Failure::Network),
        }
    } else {
        match serde_json::from_str::<ApiErrorBody>(&text) {
            Ok(body) => UploadState::Failed(Failure::Refused(body.code)),
            Err(_) => UploadState::Failed(Failure::Network),
        }
    }
}

/// Sends `file` with its title and note. The same `key` on a retry makes the server
/// return the first upload instead of storing a second copy.
pub fn start(
    file: &File,
    title: &str,
    note: &str,
    goal: Option<i64>,
    key: &str,
    state: RwSignal<UploadState>,
    on_received: Callback<()>,
) -> Result<Upload, wasm_bindgen::JsValue> {
    let form = FormData::new()?;
    form.append_with_str("title", title)?;
    form.append_with_str("note", note)?;
    if let Some(goal) = goal {
        form.append_with_str("goal_id", &goal.to_string())?;
    }
    form.append_with_blob_and_filename("file", file, &file.name())?;
    let xhr = XmlHttpRequest::new()?;
    xhr.open("POST", "/api/documents")?;
    xhr.set_request_header("Idempotency-Key", key)?;

    let total = file.size();
    state.set(UploadState::Uploading { sent: 0.0, total });
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() {
            state.set(UploadState::Uploading {
                sent: event.loaded(),
                total: event.total(),
            });
        }
    });
    xhr.upload()?
        .set_onprogress(Some(progress.as_ref().unchecked_ref()));

    let finished = xhr.clone();
    let done = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let next = match event.type_().as_str() {
            "load" => outcome(&finished),
            // Cancelled by the citizen: back to chosen, plainly not sent.
            "abort" => UploadState::Chosen,
            _ => UploadState::Failed(Failure::Network),
        };
        let received = matches!(next, UploadState::Received(_));
        state.set(next);
        if received {
            on_received.run(());
        }
    });
    let callback = Some(done.as_ref().unchecked_ref());
    xhr.set_onload(callback);
    xhr.set_onerror(callback);
    xhr.set_onabort(callback);
    xhr.send_with_opt_form_data(Some(&form))?;
    Ok(Upload {
        xhr,
        _progress: progress,
        _done: done,
    })
}
