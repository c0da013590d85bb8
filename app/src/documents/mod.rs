//! "Mine dokumenter": choose files (from the camera on a phone, by drag and drop on a
//! desktop), send each with a real progress bar, and see everything the municipality holds.

mod upload;

use leptos::prelude::*;
use samlet_api::documents::{DocumentSource, DocumentSummary, LinkGoal, UploadLimits};
use samlet_api::error::ErrorCode;
use samlet_api::plan::GoalSummary;
use wasm_bindgen::JsCast;
use web_sys::{File, FileList, HtmlInputElement};

use crate::api;
use crate::format;
use crate::i18n::{self, tr};
use crate::layout::LoadError;
use crate::session::SignedInOnly;
use upload::{Failure, Upload, UploadState};

#[component]
pub fn DocumentsPage() -> impl IntoView {
    i18n::page_title(|t| t.documents_title);
    // Sent here from an appeal form to add a new file: the way back, where it can be chosen.
    let appeal = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("klage")
        .and_then(|id| id.parse::<i64>().ok());
    view! {
        <h1>{tr(|t| t.documents_title)}</h1>
        {appeal.map(|id| view! {
            <p class="back-to-appeal"><a href=format!("/afgoerelser/{id}/klage")>{tr(|t| t.back_to_appeal)}</a></p>
        })}
        <SignedInOnly>
            <Documents/>
        </SignedInOnly>
    }
}

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

/// "lønseddel_maj.pdf" becomes "lønseddel maj", as the server does. A name a camera or
/// phone made up ("IMG_20261201_1432.jpg") says nothing about the paper: no title, so the
/// citizen is asked what it is.
fn title_from(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    if made_up(stem) {
        return String::new();
    }
    stem.replace(['_', '-'], " ").trim().to_owned()
}

/// Whether a file name was made by a camera, a phone or a screenshot tool, not a person.
fn made_up(stem: &str) -> bool {
    const CAMERA: [&str; 7] = [
        "IMG",
        "PXL",
        "DSC",
        "PHOTO",
        "SCREENSHOT",
        "WHATSAPP IMAGE",
        "IMAGE",
    ];
    // ASCII case and classes only: Unicode's tables would add kilobytes to the wasm, and
    // every name here is ASCII; any other character counts as a letter (æ, ø, å).
    let upper = stem.to_ascii_uppercase().replace(['_', '-'], " ");
    let digits = stem.chars().filter(char::is_ascii_digit).count();
    let letters = stem
        .chars()
        .filter(|c| c.is_ascii_alphabetic() || !c.is_ascii())
        .count();
    CAMERA.iter().any(|prefix| upper.starts_with(prefix)) && digits >= 3 || letters == 0
}

/// What a chosen file is, from the short list a citizen is asked: the title it gives.
/// `None` for "something else", which the citizen names themself.
fn kind_title(kind: &str, t: &i18n::Texts) -> Option<&'static str> {
    t.document_kinds
        .iter()
        .find(|(key, _)| *key == kind)
        .map(|(_, title)| *title)
}

/// "2,4 MB" or "312 KB". Integer arithmetic on purpose: formatting a float would pull
/// Rust's float printing (over 10 KB) into the wasm.
fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = bytes * 10 / MB;
        format!("{},{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The file's type as people know it, from the type the server read in its bytes.
fn kind_label(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "PDF",
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        "image/heic" | "image/heif" => "HEIC",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word",
        "application/vnd.oasis.opendocument.text" => "ODT",
        _ => "",
    }
}

#[component]
fn Documents() -> impl IntoView {
    let lang = i18n::lang();
    let list = api::Resource::<Vec<DocumentSummary>>::new(|| "/api/documents".into());
    let limits = api::Resource::<UploadLimits>::new(|| "/api/documents/limits".into());
    // The plan's goals, to link documents to; without a plan there is nothing to link to.
    let plan_goals = api::Resource::<Vec<GoalSummary>>::new(|| "/api/plan/goals".into());
    let goals = Signal::derive(move || {
        plan_goals
            .get()
            .and_then(Result::ok)
            .map(|goals| goals.into_iter().map(|g| (g.id, g.title)).collect())
            .unwrap_or_default()
    });
    let chosen: RwSignal<Vec<Chosen>, LocalStorage> = RwSignal::new_local(Vec::new());
    let next_id = StoredValue::new(0u32);
    let refresh = Callback::new(move |_| list.refetch());

    let add = move |files: FileList| {
        let max = limits
            .get_untracked()
            .and_then(Result::ok)
            .map(|l| l.max_file_bytes as f64);
        let mut added = Vec::new();
        for index in 0..files.length() {
            let Some(file) = files.get(index) else { continue };
            let id = next_id.get_value();
            next_id.set_value(id + 1);
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
        chosen.update(|list| list.extend(added));
    };
    let on_pick = move |event: web_sys::Event| {
        let input: Option<HtmlInputElement> = event.target().and_then(|t| t.dyn_into().ok());
        if let Some(input) = input {
            if let Some(files) = input.files() {
                add(files);
            }
            // The same file can be chosen again after a removal.
            input.set_value("");
        }
    };
    let on_drop = move |event: web_sys::DragEvent| {
        event.prevent_default();
        if let Some(files) = event.data_transfer().and_then(|d| d.files()) {
            add(files);
        }
    };
    let send_all = move |_| {
        for item in chosen.get_untracked() {
            if matches!(
                item.state.get_untracked(),
                UploadState::Chosen | UploadState::Failed(Failure::Network | Failure::Untitled)
            ) {
                send(&item, refresh);
            }
        }
    };
    let max_mb = move || {
        limits
            .get()
            .and_then(Result::ok)
            .map_or(25, |l| l.max_file_bytes / 1024 / 1024)
    };

    // Sending is offered only to whoever may send; a preview or a relative who may only
    // read sees the documents without the form.
    let session = crate::session::use_session();
    let may_send = move || session.may_change(samlet_api::delegation::Scope::UploadDocuments);
    view! {
        <p>{tr(|t| t.documents_intro)}</p>
        <Show when=may_send>
        <section aria-labelledby="send-heading" class="card">
            <h2 id="send-heading">{tr(|t| t.send_documents)}</h2>
            <div class="drop-zone" on:dragover=|e: web_sys::DragEvent| e.prevent_default() on:drop=on_drop>
                <p class="hint" id="accepted">{move || (lang.get().texts().accepted_types)(max_mb())}</p>
                <label class="button button-primary file-button">
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
            // Kept at the bottom of the screen while the chosen files are in view, so the
            // button is in reach however many files there are.
            {move || {
                let waiting = chosen.with(|items| {
                    items.iter().filter(|i| matches!(i.state.get(), UploadState::Chosen | UploadState::Failed(Failure::Untitled))).count()
                });
                (waiting > 0).then(|| view! {
                    <div class="send-bar">
                        <button type="button" class="button button-primary" on:click=send_all>{tr(|t| t.send)}</button>
                        " " <span>{move || (lang.get().texts().files_chosen)(waiting)}</span>
                    </div>
                })
            }}
        </section>
        </Show>

        <section aria-labelledby="held-heading">
            <h2 id="held-heading">{tr(|t| t.documents_held)}</h2>
            {move || match list.get() {
                None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=refresh/> }.into_any(),
                Some(Ok(documents)) if documents.is_empty() => view! { <p>{tr(|t| t.no_documents)}</p> }.into_any(),
                Some(Ok(documents)) => view! {
                    <ul class="plain-list">
                        {documents.into_iter().map(|document| view! { <DocumentItem document refresh goals/> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
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

#[component]
fn DocumentItem(
    document: DocumentSummary,
    refresh: Callback<()>,
    goals: Signal<Vec<(i64, String)>>,
) -> impl IntoView {
    let lang = i18n::lang();
    let href = format!("/api/documents/{}/file", document.id);
    let id = document.id;
    let title = document.title.clone();
    let delete =
        Action::new_local(move |_: &()| async move { api::delete(&format!("/api/documents/{id}")).await });
    Effect::new(move || {
        if let Some(Ok(())) = delete.value().get() {
            refresh.run(());
        }
    });
    let ask = move |_| {
        let question = (lang.get_untracked().texts().confirm_delete)(&title);
        if web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false)
        {
            delete.dispatch(());
        }
    };
    let (source, by, at) = (
        document.source,
        document.uploaded_by.clone(),
        document.uploaded_at,
    );
    view! {
        <li class="card document">
            <h3>{document.title.clone()}</h3>
            <p class="muted">
                {move || {
                    let lang = lang.get();
                    let t = lang.texts();
                    let who = match source {
                        DocumentSource::Municipality => t.from_municipality.to_owned(),
                        DocumentSource::Citizen => by.clone(),
                        DocumentSource::Relative => (t.on_behalf)(&by),
                    };
                    (t.document_meta)(&format::date_time(at, lang), &who)
                }}
                " · " {kind_label(&document.content_type)} " · " {size_text(document.size)} " · " {document.file_name.clone()}
            </p>
            {(!document.note.is_empty()).then(|| view! { <p>{document.note.clone()}</p> })}
            {(source != DocumentSource::Municipality).then_some(document.received_at).flatten().map(|received| view! {
                <p>{move || (lang.get().texts().received_by_municipality)(&format::date_time(received, lang.get()))}</p>
            })}
            {crate::session::use_session().may_change(samlet_api::delegation::Scope::UploadDocuments)
                .then(|| view! { <LinkedGoal id goals linked=document.goal_id/> })}
            <p>
                <a href=href download="">{tr(|t| t.download)}</a>
                {document.can_delete.then(|| view! {
                    " "
                    <button type="button" class="button button-link" on:click=ask>{tr(|t| t.delete)}</button>
                })}
            </p>
            {move || matches!(delete.value().get(), Some(Err(_))).then(|| view! {
                <div class="alert alert-error" role="alert">{tr(|t| t.delete_failed)}</div>
            })}
        </li>
    }
}

/// "Hører til mål": a choice among the plan's goals, or none.
#[component]
fn GoalSelect(
    id: String,
    goals: Signal<Vec<(i64, String)>>,
    goal: RwSignal<Option<i64>>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    move || {
        let goals = goals.get();
        (!goals.is_empty()).then(|| {
            let selected = goal.get_untracked();
            view! {
                <div class="field">
                    <label for=id.clone()>{tr(|t| t.goal_label)}</label>
                    <select id=id.clone() disabled=move || disabled.get()
                        on:change=move |e| goal.set(event_target_value(&e).parse().ok())>
                        <option value="" selected=selected.is_none()>{tr(|t| t.no_goal)}</option>
                        {goals.into_iter().map(|(value, title)| view! {
                            <option value=value selected=selected == Some(value)>{title}</option>
                        }).collect_view()}
                    </select>
                </div>
            }
        })
    }
}

/// "Tell us once": a document already held is linked to a goal without sending it again.
/// Saved as soon as a goal is chosen: no second tap to remember.
#[component]
fn LinkedGoal(id: i64, goals: Signal<Vec<(i64, String)>>, linked: Option<i64>) -> impl IntoView {
    let goal = RwSignal::new(linked);
    let saved = RwSignal::new(linked);
    let save = Action::new_local(move |goal_id: &Option<i64>| {
        let body = LinkGoal { goal_id: *goal_id };
        async move { api::put::<_, DocumentSummary>(&format!("/api/documents/{id}/goal"), &body).await }
    });
    Effect::new(move || {
        if let Some(Ok(document)) = save.value().get() {
            saved.set(document.goal_id);
        }
    });
    Effect::new(move || {
        let chosen = goal.get();
        if chosen != saved.get_untracked() && !save.pending().get_untracked() {
            save.dispatch(chosen);
        }
    });
    view! {
        <GoalSelect id=format!("linked-goal-{id}") goals goal/>
        {move || match save.value().get() {
            Some(Ok(_)) if goal.get() == saved.get() => Some(view! { <p class="status" role="status">{tr(|t| t.goal_link_saved)}</p> }.into_any()),
            Some(Err(_)) => Some(view! { <div class="alert alert-error" role="alert">{tr(|t| t.goal_link_failed)}</div> }.into_any()),
            _ => None,
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_a_person_gave_becomes_the_title_and_a_cameras_name_does_not() {
        assert_eq!(title_from("lønseddel_maj.pdf"), "lønseddel maj");
        assert_eq!(title_from("brev-fra-lægen.docx"), "brev fra lægen");
        assert_eq!(title_from("Image of the lease.pdf"), "Image of the lease");
        for camera in [
            "IMG_20261201_1432.jpg",
            "IMG_0042.jpg",
            "PXL_20261130_081512345.jpg",
            "DSC01234.JPG",
            "Screenshot_2026-11-30-08-15-12.png",
            "WhatsApp Image 2026-11-30 at 08.15.12.jpeg",
            "20261201_143200.jpg",
        ] {
            assert_eq!(title_from(camera), "", "{camera}");
        }
    }

    #[test]
    fn a_kind_from_the_list_gives_its_title_and_something_else_gives_none() {
        let t = i18n::Lang::Da.texts();
        assert_eq!(kind_title("payslip", t), Some("Lønseddel"));
        assert_eq!(kind_title("other", t), None);
        assert_eq!(kind_title("", t), None);
    }
}
