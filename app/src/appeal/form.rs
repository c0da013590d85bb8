//! The appeal form: parts to appeal, reasons (optional), documents already held, wishes,
//! a helper, and a late reason after the deadline. It saves itself as a private draft on
//! the server while the citizen writes, shows the answers to check, and submits once.

use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use samlet_api::appeal::{AppealDraft, AppealForm, Decision, PartReason};
use samlet_api::documents::DocumentSummary;
use samlet_api::error::ErrorCode;

use super::decision_id;
use crate::api;
use crate::format;
use crate::i18n::{self, tr};
use crate::layout::LoadError;
use crate::session::SignedInOnly;

#[component]
pub fn AppealFormPage() -> impl IntoView {
    i18n::page_title(|t| t.appeal_title);
    let id = decision_id();
    let decision = api::Resource::<Decision>::new(move || format!("/api/decisions/{}", id()));
    let draft = api::Resource::<AppealDraft>::new(move || format!("/api/decisions/{}/draft", id()));
    let documents = api::Resource::<Vec<DocumentSummary>>::new(|| "/api/documents".into());
    let lang = i18n::lang();
    view! {
        <h1>{tr(|t| t.appeal_title)}</h1>
        <SignedInOnly>
            {move || match (decision.get(), draft.get(), documents.get()) {
                (Some(Err(error)), _, _) | (_, Some(Err(error)), _) | (_, _, Some(Err(error))) => {
                    let retry = Callback::new(move |_| {
                        decision.refetch();
                        draft.refetch();
                        documents.refetch();
                    });
                    view! { <LoadError error retry/> }.into_any()
                }
                (Some(Ok(decision)), _, _) if decision.appeal_reference.is_some() => {
                    // Appealed already (in another tab, say): one appeal per decision.
                    let href = format!("/afgoerelser/{}", decision.id);
                    view! {
                        <div class="alert" role="note">
                            <p>{move || (lang.get().texts().appeal_error)(Some(ErrorCode::AppealExists))}</p>
                            <p><a href=href>{tr(|t| t.timeline_heading)}</a></p>
                        </div>
                    }
                    .into_any()
                }
                (Some(Ok(decision)), Some(Ok(draft)), Some(Ok(documents))) => {
                    view! { <Form decision draft documents/> }.into_any()
                }
                _ => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
            }}
        </SignedInOnly>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Write,
    Check,
}

#[derive(Clone, PartialEq)]
enum DraftState {
    Untouched,
    Saved(chrono::DateTime<chrono::Utc>),
    Failed,
}

fn focus(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

#[component]
fn Form(decision: Decision, draft: AppealDraft, documents: Vec<DocumentSummary>) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let decision_id = decision.id;
    let late = decision.days_left < 0;
    let form = RwSignal::new(draft.form);
    let version = StoredValue::new(draft.version);
    let draft_state = RwSignal::new(draft.saved_at.map_or(DraftState::Untouched, DraftState::Saved));
    let step = RwSignal::new(Step::Write);
    let key = StoredValue::new(api::idempotency_key());
    // Plain Rust, not reactive: the timer must be cancellable after the form is gone.
    let pending_save: Arc<Mutex<Option<TimeoutHandle>>> = Arc::default();
    let cancel_save = {
        let pending_save = pending_save.clone();
        move || {
            if let Some(handle) = pending_save.lock().ok().and_then(|mut pending| pending.take()) {
                handle.clear();
            }
        }
    };
    on_cleanup({
        let cancel_save = cancel_save.clone();
        move || cancel_save()
    });

    // The draft is saved a moment after the citizen stops typing. Another device that
    // saved since is not an error here: this form is the one being written in, so it
    // saves over the newer version.
    let save = Action::new_local(move |_: &()| async move {
        let path = format!("/api/decisions/{decision_id}/draft");
        let body = |version| AppealDraft {
            form: form.get_untracked(),
            version,
            saved_at: None,
        };
        match api::put::<_, AppealDraft>(&path, &body(version.get_value())).await {
            Err(error) if error.code() == Some(ErrorCode::Conflict) => {
                let latest = api::get::<AppealDraft>(&path).await?;
                api::put::<_, AppealDraft>(&path, &body(latest.version)).await
            }
            other => other,
        }
    });
    Effect::new(move || match save.value().get() {
        Some(Ok(saved)) => {
            version.set_value(saved.version);
            draft_state.set(saved.saved_at.map_or(DraftState::Failed, DraftState::Saved));
        }
        Some(Err(_)) => draft_state.set(DraftState::Failed),
        None => {}
    });
    // A `Callback` is `Copy`, so every input handler can hold it.
    let changed = Callback::new({
        let cancel_save = cancel_save.clone();
        let pending_save = pending_save.clone();
        move |()| {
            cancel_save();
            let handle = set_timeout_with_handle(
                move || {
                    save.dispatch(());
                },
                std::time::Duration::from_millis(700),
            );
            if let Ok(mut pending) = pending_save.lock() {
                *pending = handle.ok();
            }
        }
    });
    // A draft that failed to save is saved again as soon as the browser is back online.
    let online = window_event_listener(leptos::ev::online, move |_| {
        if draft_state.get_untracked() == DraftState::Failed {
            save.dispatch(());
        }
    });
    on_cleanup(move || online.remove());
    let edit = move |change: &dyn Fn(&mut AppealForm)| {
        form.update(|f| change(f));
        changed.run(());
    };

    let navigate = use_navigate();
    let submit = Action::new_local(move |_: &()| {
        let body = form.get_untracked();
        let key = key.get_value();
        async move { api::submit_once(&format!("/api/decisions/{decision_id}/appeal"), &body, &key).await }
    });
    Effect::new(move || {
        if let Some(Ok(())) = submit.value().get() {
            navigate(&format!("/afgoerelser/{decision_id}"), Default::default());
        }
    });

    let parts = StoredValue::new(decision.parts);
    let documents = StoredValue::new(documents);
    let chosen = move |part: i64| form.with(|f| f.part_ids.contains(&part));
    let reason_of = move |part: i64| {
        form.with(|f| {
            f.part_reasons
                .iter()
                .find(|r| r.part_id == part)
                .map(|r| r.reason.clone())
                .unwrap_or_default()
        })
    };
    let set_reason = move |part: i64, text: String| {
        edit(&|f: &mut AppealForm| {
            f.part_reasons.retain(|r| r.part_id != part);
            if !text.is_empty() {
                f.part_reasons.push(PartReason {
                    part_id: part,
                    reason: text.clone(),
                });
            }
        })
    };
    let toggle_part = move |part: i64, on: bool| {
        edit(&|f: &mut AppealForm| {
            f.part_ids.retain(|p| *p != part);
            if on {
                f.part_ids.push(part);
            } else {
                f.part_reasons.retain(|r| r.part_id != part);
            }
        })
    };
    let toggle_document = move |document: i64, on: bool| {
        edit(&|f: &mut AppealForm| {
            f.document_ids.retain(|d| *d != document);
            if on {
                f.document_ids.push(document);
            }
        })
    };
    let no_parts = RwSignal::new(false);
    let to_check = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if form.with_untracked(|f| f.part_ids.is_empty()) {
            no_parts.set(true);
            focus("parts");
            return;
        }
        no_parts.set(false);
        step.set(Step::Check);
        focus("check-heading");
    };
    let label =
        move |pick: fn(&'static i18n::Texts) -> &'static str| Signal::derive(move || pick(t()).to_owned());
    let field = move |get: fn(&AppealForm) -> String| Signal::derive(move || form.with(get));
    let setter = move |set: fn(&mut AppealForm, String)| {
        Callback::new(move |value: String| edit(&|f: &mut AppealForm| set(f, value.clone())))
    };
    let flag = move |get: fn(&AppealForm) -> bool| Signal::derive(move || form.with(get));
    let flag_setter = move |set: fn(&mut AppealForm, bool)| {
        Callback::new(move |on: bool| edit(&|f: &mut AppealForm| set(f, on)))
    };
    let back = Callback::new(move |id: String| {
        step.set(Step::Write);
        focus(id);
    });

    let write = move || {
        let part_choices = parts
            .get_value()
            .into_iter()
            .map(|part| {
                let id = part.id;
                let (intervention, outcome) = (part.intervention, part.outcome);
                view! {
                    <Choice id=format!("part-{id}")
                        label=Signal::derive(move || format!("{intervention} – {}", (t().outcome)(outcome)))
                        checked=Signal::derive(move || chosen(id))
                        on_change=Callback::new(move |on| toggle_part(id, on))/>
                    {move || chosen(id).then(|| view! {
                        <div class="nested">
                            <TextArea id=format!("reason-{id}") label=label(|t| t.reason_for_part)
                                value=Signal::derive(move || reason_of(id))
                                on_input=Callback::new(move |text| set_reason(id, text))/>
                        </div>
                    })}
                }
            })
            .collect_view();
        let document_choices = documents
            .get_value()
            .into_iter()
            .map(|document| {
                let id = document.id;
                let title = document.title;
                view! {
                    <Choice id=format!("document-{id}") label=Signal::derive(move || title.clone())
                        checked=Signal::derive(move || form.with(|f| f.document_ids.contains(&id)))
                        on_change=Callback::new(move |on| toggle_document(id, on))/>
                }
            })
            .collect_view();
        view! {
            <form on:submit=to_check novalidate>
                // A late appeal asks for its reason first: it is what decides whether the
                // appeal is looked at, and the citizen should know it before the rest.
                {late.then(|| view! {
                    <p class="hint">{tr(|t| t.late_hint)}</p>
                    <TextArea id="late-reason".into() label=label(|t| t.late_label) value=field(|f| f.late_reason.clone())
                        on_input=setter(|f, v| f.late_reason = v)/>
                })}
                <fieldset id="parts" tabindex="-1">
                    <legend><h2>{tr(|t| t.choose_parts)}</h2></legend>
                    // Gone as soon as a part is ticked: the message is about what is missing now.
                    {move || (no_parts.get() && form.with(|f| f.part_ids.is_empty())).then(|| view! {
                        <div class="alert alert-error" role="alert">{move || (t().appeal_error)(Some(ErrorCode::NoPartsSelected))}</div>
                    })}
                    {part_choices}
                </fieldset>
                <p class="hint">{tr(|t| t.reasons_later)}</p>
                <TextArea id="reason".into() label=label(|t| t.reason_all) value=field(|f| f.reason.clone())
                    on_input=setter(|f, v| f.reason = v)/>
                <fieldset id="documents" tabindex="-1">
                    <legend>{tr(|t| t.attach_heading)}</legend>
                    {document_choices}
                    <p class="hint"><a href=format!("/dokumenter?klage={decision_id}")>{tr(|t| t.new_document)}</a></p>
                </fieldset>
                <fieldset id="wishes">
                    <legend>{tr(|t| t.wishes_heading)}</legend>
                    <Choice id="wants-meeting".into() label=label(|t| t.wants_meeting) checked=flag(|f| f.wants_meeting)
                        on_change=flag_setter(|f, on| f.wants_meeting = on)/>
                    <Choice id="wants-call".into() label=label(|t| t.wants_call) checked=flag(|f| f.wants_call)
                        on_change=flag_setter(|f, on| f.wants_call = on)/>
                </fieldset>
                <TextArea id="helper".into() label=label(|t| t.helper_label) value=field(|f| f.helper.clone())
                    on_input=setter(|f, v| f.helper = v)/>
                <p class="status" role="status">
                    {move || match draft_state.get() {
                        DraftState::Saved(at) => (t().draft_saved)(&format::time(at, lang.get())),
                        DraftState::Failed => t().draft_failed.to_owned(),
                        DraftState::Untouched => String::new(),
                    }}
                </p>
                <button type="submit" class="button button-primary">{tr(|t| t.to_check)}</button>
            </form>
        }
    };

    let yes_no = move |get: fn(&AppealForm) -> bool| {
        Signal::derive(move || if form.with(get) { t().yes } else { t().no }.to_owned())
    };
    let check = move || {
        let parts_answer = Signal::derive(move || {
            parts
                .get_value()
                .into_iter()
                .filter(|p| chosen(p.id))
                .map(|p| {
                    let reason = reason_of(p.id);
                    let reason = if reason.is_empty() {
                        t().not_given.to_owned()
                    } else {
                        reason
                    };
                    format!("{}: {reason}", p.intervention)
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
        let documents_answer = Signal::derive(move || {
            documents
                .get_value()
                .into_iter()
                .filter(|d| form.with(|f| f.document_ids.contains(&d.id)))
                .map(|d| d.title)
                .collect::<Vec<_>>()
                .join(", ")
        });
        view! {
            <h2 id="check-heading" tabindex="-1">{tr(|t| t.check_title)}</h2>
            <dl class="check-answers">
                {late.then(|| view! {
                    <Answer label=label(|t| t.late_label) value=field(|f| f.late_reason.clone()) target="late-reason" back/>
                })}
                <Answer label=label(|t| t.choose_parts) value=parts_answer target="parts" back/>
                <Answer label=label(|t| t.reason_all) value=field(|f| f.reason.clone()) target="reason" back/>
                <Answer label=label(|t| t.attach_heading) value=documents_answer target="documents" back/>
                <Answer label=label(|t| t.wants_meeting) value=yes_no(|f| f.wants_meeting) target="wants-meeting" back/>
                <Answer label=label(|t| t.wants_call) value=yes_no(|f| f.wants_call) target="wants-call" back/>
                <Answer label=label(|t| t.helper_label) value=field(|f| f.helper.clone()) target="helper" back/>
            </dl>
            {move || match submit.value().get() {
                Some(Err(error)) => Some(view! {
                    <div class="alert alert-error" role="alert">{move || (t().appeal_error)(error.code())}</div>
                }),
                _ => None,
            }}
            <button type="button" class="button button-primary" disabled=move || submit.pending().get()
                on:click={
                    let cancel_save = cancel_save.clone();
                    move |_| {
                        // The submission replaces the draft; a late draft save would only be refused.
                        cancel_save();
                        if !submit.pending().get_untracked() {
                            submit.dispatch(());
                        }
                    }
                }>
                {move || if submit.pending().get() { t().sending } else { t().submit_appeal }}
            </button>
        }
    };

    view! {
        <p><strong>{decision.title}</strong></p>
        {move || match step.get() {
            Step::Write => write().into_any(),
            Step::Check => check().into_any(),
        }}
    }
}

/// A checkbox with its label. One component for every choice in the form, so the wasm
/// holds its rendering code once.
#[component]
pub(super) fn Choice(
    id: String,
    label: Signal<String>,
    checked: Signal<bool>,
    on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="choice">
            <input type="checkbox" id=id.clone() prop:checked=move || checked.get()
                on:change=move |e| on_change.run(event_target_checked(&e))/>
            <label for=id>{move || label.get()}</label>
        </div>
    }
}

#[component]
fn TextArea(
    id: String,
    label: Signal<String>,
    value: Signal<String>,
    on_input: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            <textarea id=id rows="4" maxlength="8000" prop:value=move || value.get()
                on:input=move |e| on_input.run(event_target_value(&e))></textarea>
        </div>
    }
}

/// One answer on the "check your answers" page, with the button that goes back to it.
#[component]
fn Answer(
    label: Signal<String>,
    value: Signal<String>,
    target: &'static str,
    back: Callback<String>,
) -> impl IntoView {
    let lang = i18n::lang();
    let shown = move || {
        let value = value.get();
        if value.trim().is_empty() {
            lang.get().texts().not_given.to_owned()
        } else {
            value
        }
    };
    view! {
        <dt>{move || label.get()}</dt>
        <dd>
            <span class="answer">{shown}</span>
            <button type="button" class="button change-answer" on:click=move |_| back.run(target.to_owned())>
                {tr(|t| t.change)} <span class="visually-hidden">{move || label.get()}</span>
            </button>
        </dd>
    }
}
