//! Files chosen to send, each with its one honest state: chosen, uploading (with real
//! progress), received, or failed and why. The documents page and a message share it, so
//! a paper sent with a message goes the same way, with the same limits, as any other.

use leptos::prelude::*;
use samlet_api::documents::UploadLimits;
use samlet_api::error::ErrorCode;
use wasm_bindgen::JsCast;
use web_sys::{File, FileList, HtmlInputElement};

use super::upload::{self, Failure, Upload, UploadState};
use super::{GoalSelect, kind_title, size_text, title_from};
use crate::api;
use crate::format;
use crate::i18n::{self, tr};

/// A file the citizen chose, with its own title, note, state and idempotency key.
#[derive(Clone)]
struct Chosen {
    id: u32,
    file: File,
    key: String,
    title: RwSignal<String>,
    note: RwSignal<String>,
    goal: RwSignal<Option<i64>>,
    state: RwSignal<UploadState>,
    upload: StoredValue<Option<Upload>, LocalStorage>,
}

/// The files chosen in one form, until they are sent (or removed).
#[derive(Clone, Copy)]
pub struct Chooser {
    items: RwSignal<Vec<Chosen>, LocalStorage>,
    next_id: StoredValue<u32>,
    limits: api::Resource<UploadLimits>,
}

impl Chooser {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new_local(Vec::new()),
            next_id: StoredValue::new(0),
            limits: api::Resource::new(|| "/api/documents/limits".into()),
        }
    }

    fn add(self, files: FileList) {
        let max = self
            .limits
            .get_untracked()
            .and_then(Result::ok)
            .map(|l| l.max_file_bytes as f64);
        let mut added = Vec::new();
        for index in 0..files.length() {
            let Some(file) = files.get(index) else { continue };
            let id = self.next_id.get_value();
            self.next_id.set_value(id + 1);
            // Said before sending a byte; the server enforces the same limit.
            let state = match max {
                Some(max) if file.size() > max => {
                    UploadState::Failed(Failure::Refused(ErrorCode::FileTooLarge))
                }
                _ if file.size() == 0.0 => UploadState::Failed(Failure::Refused(ErrorCode::FileEmpty)),
                _ => UploadState::Chosen,
            };
            added.push(Chosen {
                id,
                title: RwSignal::new(title_from(&file.name())),
                note: RwSignal::new(String::new()),
                goal: RwSignal::new(None),
                state: RwSignal::new(state),
                upload: StoredValue::new_local(None),
                key: api::idempotency_key(),
                file,
            });
        }
        self.items.update(|list| list.extend(added));
    }

    /// Sends every file not sent yet, and those whose sending may be tried again.
    pub fn send_waiting(self, refresh: Callback<()>) {
        for item in self.items.get_untracked() {
            if matches!(
                item.state.get_untracked(),
                UploadState::Chosen | UploadState::Failed(Failure::Network | Failure::Untitled)
            ) {
                send(&item, refresh);
            }
        }
    }

    /// How many files wait to be sent (tracked).
    pub fn waiting(self) -> usize {
        self.items.with(|items| {
            items
                .iter()
                .filter(|i| {
                    matches!(
                        i.state.get(),
                        UploadState::Chosen | UploadState::Failed(Failure::Untitled)
                    )
                })
                .count()
        })
    }

    /// Once every chosen file has an outcome (tracked): the documents the server received,
    /// or `Err` if any was refused or lost. `None` while any is chosen or on its way.
    pub fn outcome(self) -> Option<Result<Vec<i64>, ()>> {
        self.items.with(|items| {
            let mut received = Vec::new();
            let mut failed = false;
            for item in items {
                match item.state.get() {
                    UploadState::Received(document) => received.push(document.id),
                    UploadState::Failed(_) => failed = true,
                    UploadState::Chosen | UploadState::Uploading { .. } => return None,
                }
            }
            Some(if failed { Err(()) } else { Ok(received) })
        })
    }

    /// Whether a file waits that nobody is sending (tracked): one cancelled while on its way
    /// (back to chosen), or one chosen while the others were being sent.
    pub fn stopped(self) -> bool {
        self.items
            .with(|items| items.iter().any(|i| i.state.get() == UploadState::Chosen))
    }

    /// Forgets the chosen files, once what they were chosen for is done.
    pub fn clear(self) {
        self.items.set(Vec::new());
    }
}

/// Choose files, or take a photo on a phone (or drop them on a desktop), and the list of
/// what is chosen with each file's title, note, goal and state.
#[component]
pub fn FilePicker(
    chooser: Chooser,
    refresh: Callback<()>,
    goals: Signal<Vec<(i64, String)>>,
    /// Inside another form (a message), where its own button is the one to press.
    #[prop(optional)]
    secondary: bool,
) -> impl IntoView {
    let lang = i18n::lang();
    let on_pick = move |event: web_sys::Event| {
        let input: Option<HtmlInputElement> = event.target().and_then(|t| t.dyn_into().ok());
        if let Some(input) = input {
            if let Some(files) = input.files() {
                chooser.add(files);
            }
            // The same file can be chosen again after a removal.
            input.set_value("");
        }
    };
    let on_drop = move |event: web_sys::DragEvent| {
        event.prevent_default();
        if let Some(files) = event.data_transfer().and_then(|d| d.files()) {
            chooser.add(files);
        }
    };
    let max_mb = move || {
        chooser
            .limits
            .get()
            .and_then(Result::ok)
            .map_or(25, |l| l.max_file_bytes / 1024 / 1024)
    };
    let chosen = chooser.items;
    view! {
        <div class="drop-zone" on:dragover=|e: web_sys::DragEvent| e.prevent_default() on:drop=on_drop>
            <p class="hint" id="accepted">{move || (lang.get().texts().accepted_types)(max_mb())}</p>
            <label class="button file-button" class:button-primary=!secondary>
                {tr(|t| t.choose_files)}
                <input
                    type="file"
                    class="visually-hidden"
                    multiple
                    accept="application/pdf,image/jpeg,image/png,image/heic,image/heif,.heic,.heif,.docx,.odt"
                    aria-describedby="accepted"
                    on:change=on_pick
                />
            </label>
            " "
            <label class="button file-button">
                {tr(|t| t.take_photo)}
                <input type="file" class="visually-hidden" accept="image/*" capture="environment" on:change=on_pick/>
            </label>
            <p class="muted">{tr(|t| t.drop_here)}</p>
        </div>
        <ul class="plain-list upload-list">
            <For each=move || chosen.get() key=|item| item.id let:item>
                <ChosenItem item chosen refresh goals/>
            </For>
        </ul>
    }
}

fn send(item: &Chosen, refresh: Callback<()>) {
    // A paper needs a name the caseworker can find it by: asked for, not guessed.
    if item.title.get_untracked().trim().is_empty() {
        item.state.set(UploadState::Failed(Failure::Untitled));
        return;
    }
    match upload::start(
        &item.file,
        &item.title.get_untracked(),
        &item.note.get_untracked(),
        item.goal.get_untracked(),
        &item.key,
        item.state,
        refresh,
    ) {
        Ok(running) => item.upload.set_value(Some(running)),
        Err(_) => item.state.set(UploadState::Failed(Failure::Network)),
    }
}

#[component]
fn ChosenItem(
    item: Chosen,
    chosen: RwSignal<Vec<Chosen>, LocalStorage>,
    refresh: Callback<()>,
    goals: Signal<Vec<(i64, String)>>,
) -> impl IntoView {
    let lang = i18n::lang();
    let id = item.id;
    let (title, note, goal, state) = (item.title, item.note, item.goal, item.state);
    let name = item.file.name();
    let size = size_text(item.file.size() as u64);
    let title_id = format!("title-{id}");
    let kind_id = format!("kind-{id}");
    let note_id = format!("note-{id}");
    let title_input = NodeRef::<leptos::html::Input>::new();
    // A photo is shown small, so the citizen sees which paper it is before sending it.
    let thumbnail = matches!(item.file.type_().as_str(), "image/jpeg" | "image/png")
        .then(|| web_sys::Url::create_object_url_with_blob(&item.file).ok())
        .flatten();
    if let Some(url) = thumbnail.clone() {
        on_cleanup(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
    }
    let choose_kind = move |e: web_sys::Event| {
        let t = lang.get_untracked().texts();
        let kind = event_target_value(&e);
        match kind_title(&kind, t) {
            Some(kind) => title.set(kind.to_owned()),
            // Back to "Vælg": the title stays as it is.
            None if kind.is_empty() => {}
            None => {
                // "Something else": the citizen writes it, starting in the title field.
                if t.document_kinds
                    .iter()
                    .any(|(_, known)| *known == title.get_untracked())
                {
                    title.set(String::new());
                }
                if let Some(input) = title_input.get_untracked() {
                    let _ = input.focus();
                }
            }
        }
    };
    let editable = move || matches!(state.get(), UploadState::Chosen | UploadState::Failed(_));
    let remove = move |_| chosen.update(|list| list.retain(|i| i.id != id));
    let retry = {
        let item = item.clone();
        move |_| send(&item, refresh)
    };
    let cancel = move |_| {
        item.upload.with_value(|u| {
            if let Some(u) = u {
                u.cancel()
            }
        })
    };
    let status = move || {
        let t = lang.get().texts();
        match state.get() {
            UploadState::Chosen => view! { <p class="file-state">{t.state_chosen}</p> }.into_any(),
            UploadState::Uploading { sent, total } => {
                // Whole percent as an integer: printing a float would pull Rust's float
                // formatting into the wasm.
                let percent = if total > 0.0 {
                    (sent / total * 100.0) as u32
                } else {
                    0
                };
                view! {
                    <p class="file-state">{(t.state_uploading)(percent)}</p>
                    <progress max="100" value=percent aria-label=t.upload_progress>{percent} " %"</progress>
                    <button type="button" class="button" on:click=cancel>{t.cancel}</button>
                }
                .into_any()
            }
            UploadState::Received(document) => view! {
                <p class="file-state received" role="status">
                    {(t.state_received)(&format::date_time(document.uploaded_at, lang.get()))}
                </p>
            }
            .into_any(),
            UploadState::Failed(failure) => {
                let reason = match failure {
                    Failure::Refused(code) => (t.file_error)(code),
                    Failure::Network => t.upload_network_error,
                    Failure::Untitled => t.title_missing,
                };
                // A lost connection or a busy server is worth another try; a refused file
                // is not, until it is changed.
                let retryable = matches!(
                    failure,
                    Failure::Network | Failure::Refused(ErrorCode::ScanUnavailable | ErrorCode::Internal)
                );
                view! {
                    <div class="alert alert-error" role="alert">
                        <p><strong>{t.state_failed}</strong> " " {reason}</p>
                        {retryable.then(|| view! { <button type="button" class="button" on:click=retry.clone()>{t.retry}</button> })}
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <li class="card upload-item">
            <p>
                {thumbnail.map(|src| view! { <img class="thumbnail" src=src alt="" width="64" height="64"/> })}
                <strong>{name}</strong> " · " {size}
            </p>
            <div class="field">
                <label for=kind_id.clone()>{tr(|t| t.kind_label)}</label>
                <select id=kind_id disabled=move || !editable() on:change=choose_kind>
                    <option value="" selected>{tr(|t| t.kind_choose)}</option>
                    {move || lang.get().texts().document_kinds.iter().map(|(key, title)| view! {
                        <option value=*key>{*title}</option>
                    }).collect_view()}
                    <option value="other">{tr(|t| t.kind_other)}</option>
                </select>
            </div>
            <div class="field">
                <label for=title_id.clone()>{tr(|t| t.title_label)}</label>
                <input id=title_id type="text" maxlength="500" prop:value=move || title.get() node_ref=title_input
                    disabled=move || !editable()
                    on:input=move |e| {
                        title.set(event_target_value(&e));
                        if state.get_untracked() == UploadState::Failed(Failure::Untitled) {
                            state.set(UploadState::Chosen);
                        }
                    }/>
            </div>
            <div class="field">
                <label for=note_id.clone()>{tr(|t| t.note_label)}</label>
                <input id=note_id type="text" maxlength="500" prop:value=move || note.get()
                    disabled=move || !editable()
                    on:input=move |e| note.set(event_target_value(&e))/>
            </div>
            <GoalSelect id=format!("goal-{id}") goals goal disabled=Signal::derive(move || !editable())/>
            <div aria-live="polite">{status}</div>
            {move || editable().then(|| view! {
                <button type="button" class="button button-link" on:click=remove>{tr(|t| t.remove_file)}</button>
            })}
        </li>
    }
}
