//! "Mine dokumenter": choose files (from the camera on a phone, by drag and drop on a
//! desktop), send each with a real progress bar, and see everything the municipality holds.

mod chooser;
mod upload;

use leptos::prelude::*;
use samlet_api::documents::{DocumentSource, DocumentSummary, LinkGoal};
use samlet_api::plan::GoalSummary;

use crate::api;
use crate::format;
use crate::i18n::{self, tr};
use crate::layout::LoadError;
use crate::session::SignedInOnly;
pub use chooser::{Chooser, FilePicker};

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
    // The plan's goals, to link documents to; without a plan there is nothing to link to.
    let plan_goals = api::Resource::<Vec<GoalSummary>>::new(|| "/api/plan/goals".into());
    let goals = Signal::derive(move || {
        plan_goals
            .get()
            .and_then(Result::ok)
            .map(|goals| goals.into_iter().map(|g| (g.id, g.title)).collect())
            .unwrap_or_default()
    });
    let chooser = Chooser::new();
    let refresh = Callback::new(move |_| list.refetch());
    let send_all = move |_| chooser.send_waiting(refresh);

    // Sending is offered only to whoever may send; a preview or a relative who may only
    // read sees the documents without the form.
    let session = crate::session::use_session();
    let may_send = move || session.may_change(samlet_api::delegation::Scope::UploadDocuments);
    view! {
        <p>{tr(|t| t.documents_intro)}</p>
        <Show when=may_send>
        <section aria-labelledby="send-heading" class="card">
            <h2 id="send-heading">{tr(|t| t.send_documents)}</h2>
            <FilePicker chooser refresh goals/>
            // Kept at the bottom of the screen while the chosen files are in view, so the
            // button is in reach however many files there are.
            {move || {
                let waiting = chooser.waiting();
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
