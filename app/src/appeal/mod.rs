//! "Én samlet klage": the combined decisions, one decision with its computed deadline, and
//! the appeal once lodged: the receipt, the status timeline and what is added later.

mod form;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use samlet_api::appeal::{AddToAppeal, Appeal, AppealStage, Decision, DecisionPart, DecisionSummary};
use samlet_api::documents::DocumentSummary;

use crate::api;
use crate::format;
use crate::i18n::{self, tr};
use crate::layout::LoadError;
use crate::session::SignedInOnly;

pub use form::AppealFormPage;

/// The decision id from the route.
fn decision_id() -> impl Fn() -> i64 + Copy + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse().ok())
            .unwrap_or_default()
    }
}

#[component]
pub fn DecisionsPage() -> impl IntoView {
    i18n::page_title(|t| t.decisions_title);
    let list = api::Resource::<Vec<DecisionSummary>>::new(|| "/api/decisions".into());
    let lang = i18n::lang();
    view! {
        <h1>{tr(|t| t.decisions_title)}</h1>
        <SignedInOnly>
            <p>{tr(|t| t.decisions_intro)}</p>
            {move || match list.get() {
                None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| list.refetch())/> }.into_any(),
                Some(Ok(decisions)) if decisions.is_empty() => view! { <p>{tr(|t| t.no_decisions)}</p> }.into_any(),
                Some(Ok(decisions)) => view! {
                    <ul class="plain-list">
                        {decisions.into_iter().map(|d| {
                            let t = move || lang.get().texts();
                            view! {
                                <li class="card">
                                    <h2><A href=format!("/afgoerelser/{}", d.id)>{d.title.clone()}</A></h2>
                                    <p>{move || (t().received_on)(&format::date(d.received_on, lang.get()))}</p>
                                    {match d.appeal_reference.clone() {
                                        Some(reference) => {
                                            let stage = d.appeal_stage;
                                            view! {
                                                {stage.map(|stage| view! { <p><strong>{move || (t().appeal_now)((t().appeal_stage)(stage))}</strong></p> })}
                                                <p>{move || (t().reference)(&reference)}</p>
                                            }
                                            .into_any()
                                        }
                                        None => view! { <Deadline deadline=d.deadline days_left=d.days_left/> }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </SignedInOnly>
    }
}

/// The deadline as a date and as days left, with a clear warning in the last week.
#[component]
fn Deadline(deadline: chrono::NaiveDate, days_left: i64) -> impl IntoView {
    let lang = i18n::lang();
    let line = move || (lang.get().texts().deadline_line)(&format::date(deadline, lang.get()), days_left);
    view! {
        <p class="deadline"><strong>{line}</strong></p>
        {(0..7).contains(&days_left).then(|| view! {
            <div class="alert alert-warning" role="note"><p>{tr(|t| t.deadline_soon)}</p></div>
        })}
        {(days_left < 0).then(|| view! {
            <div class="alert alert-warning" role="note"><p>{tr(|t| t.deadline_passed)}</p></div>
        })}
    }
}

#[component]
pub fn DecisionPage() -> impl IntoView {
    i18n::page_title(|t| t.decisions_title);
    let id = decision_id();
    let decision = api::Resource::<Decision>::new(move || format!("/api/decisions/{}", id()));
    view! {
        <SignedInOnly>
            {move || match decision.get() {
                None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| decision.refetch())/> }.into_any(),
                Some(Ok(decision)) => view! { <DecisionView decision/> }.into_any(),
            }}
        </SignedInOnly>
    }
}

#[component]
fn DecisionView(decision: Decision) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let received = decision.received_on;
    let appealed = decision.appeal_reference.is_some();
    let id = decision.id;
    view! {
        <h1>{decision.title.clone()}</h1>
        <div class="button-row no-print"><crate::layout::ReadAloud/> <crate::layout::PrintButton/></div>
        <p>{move || (t().received_on)(&format::date(received, lang.get()))} " " <crate::layout::HelpLink term="afgoerelse"/></p>
        {(!appealed).then(|| view! { <Deadline deadline=decision.deadline days_left=decision.days_left/> })}
        {decision.document_id.map(|document| view! {
            <p><a href=format!("/api/documents/{document}/file") download="">{tr(|t| t.download_decision)}</a></p>
        })}
        {appealed.then(|| view! { <AppealView decision_id=id parts=decision.parts.clone()/> })}
        <section aria-labelledby="parts-heading">
            <h2 id="parts-heading">{tr(|t| t.parts_heading)}</h2>
            <ul class="plain-list">
                {decision.parts.into_iter().map(|part| {
                    let outcome = part.outcome;
                    view! {
                        <li class="card">
                            <h3>{part.intervention} ": " {move || (t().outcome)(outcome)}</h3>
                            <p>{part.explanation}</p>
                            <p class="muted">{part.law}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="reasoning-heading">
            <h2 id="reasoning-heading">{tr(|t| t.reasoning_heading)}</h2>
            <p>{decision.reasoning}</p>
        </section>
        <section aria-labelledby="guidance-heading">
            <h2 id="guidance-heading">{tr(|t| t.guidance_heading)}</h2>
            <p>{decision.appeal_guidance}</p>
            <p>{tr(|t| t.phone_is_valid)}</p>
            <crate::messages::MessagesAbout kind=samlet_api::messages::AboutKind::Decision id=id label=|t| t.write_about_decision/>
            {(!appealed).then(|| view! {
                <p><A href=format!("/afgoerelser/{id}/klage") attr:class="button button-primary">{tr(|t| t.start_appeal)}</A></p>
            })}
        </section>
    }
}

/// The lodged appeal: the receipt, the status timeline, and reasons added later.
#[component]
fn AppealView(decision_id: i64, parts: Vec<DecisionPart>) -> impl IntoView {
    let parts = StoredValue::new(parts);
    let appeal = api::Resource::<Appeal>::new(move || format!("/api/decisions/{decision_id}/appeal"));
    view! {
        {move || match appeal.get() {
            None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
            Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| appeal.refetch())/> }.into_any(),
            Some(Ok(lodged)) => {
                view! { <Receipt appeal=lodged parts=parts.get_value() refresh=Callback::new(move |_| appeal.refetch())/> }
                    .into_any()
            }
        }}
    }
}

#[component]
fn Receipt(appeal: Appeal, parts: Vec<DecisionPart>, refresh: Callback<()>) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let (reference, submitted, reconsider_by) = (
        appeal.reference.clone(),
        appeal.submitted_at,
        appeal.reconsider_by,
    );
    let case = appeal.ankestyrelsen_case.clone();
    let stage = appeal.stage();
    let steps: Vec<(AppealStage, chrono::DateTime<chrono::Utc>, String)> = appeal
        .stages()
        .into_iter()
        .map(|(stage, at, note)| (stage, at, note.to_owned()))
        .collect();
    view! {
        <section aria-labelledby="receipt-heading" class="card receipt">
            <h2 id="receipt-heading">{tr(|t| t.appeal_heading)}</h2>
            // Where the appeal is now, in the words the timeline and the list use too.
            <p class="appeal-stage"><strong>{move || (t().appeal_now)((t().appeal_stage)(stage))}</strong></p>
            {(stage == AppealStage::Sent).then(|| view! { <p>{tr(|t| t.waiting_for_municipality)}</p> })}
            <p><strong>{move || (t().reference)(&reference)}</strong></p>
            <p>{move || (t().sent_at)(&format::date_time(submitted, lang.get()))}</p>
            {appeal.submitted_by.clone().map(|who| view! { <p>{move || (t().lodged_by)(&who)}</p> })}
            {appeal.late.then(|| view! { <p>{tr(|t| t.sent_late)}</p> })}
            <p>{tr(|t| t.next_steps)}</p>
            <p>{move || (t().reconsider_by)(&format::date(reconsider_by, lang.get()))}</p>
            {case.map(|case| view! { <p>{move || (t().case_number)(&case)}</p> })}
            <p class="no-print"><crate::layout::PrintButton label=|t| t.print_receipt/></p>
        </section>
        <section aria-labelledby="appealed-heading">
            <h2 id="appealed-heading">{tr(|t| t.appealed_heading)}</h2>
            <ul>
                {parts.into_iter().filter(|p| appeal.form.part_ids.contains(&p.id)).map(|part| {
                    let reason = appeal.form.part_reasons.iter().find(|r| r.part_id == part.id).map(|r| r.reason.clone());
                    view! { <li><strong>{part.intervention}</strong> {reason.map(|r| view! { ": " {r} })}</li> }
                }).collect_view()}
            </ul>
            {(!appeal.form.reason.is_empty()).then(|| view! { <p>{appeal.form.reason.clone()}</p> })}
            {(!appeal.form.document_ids.is_empty()).then(|| {
                let n = appeal.form.document_ids.len();
                view! { <p>{move || (t().attached_count)(n)}</p> }
            })}
        </section>
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{tr(|t| t.timeline_heading)}</h2>
            <ol class="timeline">
                {steps.into_iter().map(|(stage, at, note)| {
                    view! {
                        <li>
                            <strong>{move || (t().appeal_stage)(stage)}</strong>
                            " · " {move || format::date_time(at, lang.get())}
                            {(!note.is_empty()).then(|| view! { <br/> {note.clone()} })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        {(!appeal.additions.is_empty()).then(|| view! {
            <ul class="plain-list">
                {appeal.additions.into_iter().map(|added| {
                    let at = added.added_at;
                    let attached = added.document_ids.len();
                    view! {
                        <li class="card">
                            <p class="muted">{move || (t().added_at)(&format::date_time(at, lang.get()))}</p>
                            {(!added.text.is_empty()).then(|| view! { <p>{added.text.clone()}</p> })}
                            {(attached > 0).then(|| view! { <p>{move || (t().attached_count)(attached)}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {if appeal.open_for_additions {
            view! { <AddReasons decision_id=appeal.decision_id refresh/> }.into_any()
        } else {
            view! { <p>{tr(|t| t.additions_closed)}</p> }.into_any()
        }}
    }
}

/// "Appeal now, reasons later": a reason added after submitting.
#[component]
fn AddReasons(decision_id: i64, refresh: Callback<()>) -> impl IntoView {
    let lang = i18n::lang();
    let text = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<i64>::new());
    let documents = api::Resource::<Vec<DocumentSummary>>::new(|| "/api/documents".into());
    let add = Action::new_local(move |body: &AddToAppeal| {
        let body = body.clone();
        async move {
            api::post::<_, Appeal>(&format!("/api/decisions/{decision_id}/appeal/additions"), &body).await
        }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = add.value().get() {
            text.set(String::new());
            chosen.set(Vec::new());
            refresh.run(());
        }
    });
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        add.dispatch(AddToAppeal {
            text: text.get_untracked(),
            document_ids: chosen.get_untracked(),
        });
    };
    view! {
        <form class="no-print" on:submit=submit>
            <h2>{tr(|t| t.add_heading)}</h2>
            <div class="field">
                <label for="addition">{tr(|t| t.add_text)}</label>
                <textarea id="addition" rows="4" prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e))></textarea>
            </div>
            {move || documents.get().and_then(Result::ok).filter(|d| !d.is_empty()).map(|held| view! {
                <fieldset>
                    <legend>{tr(|t| t.attach_heading)}</legend>
                    {held.into_iter().map(|document| {
                        let id = document.id;
                        view! {
                            <form::Choice id=format!("add-document-{id}") label=Signal::derive(move || document.title.clone())
                                checked=Signal::derive(move || chosen.with(|c| c.contains(&id)))
                                on_change=Callback::new(move |on| chosen.update(|c| {
                                    c.retain(|d| *d != id);
                                    if on { c.push(id) }
                                }))/>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            {move || match add.value().get() {
                Some(Err(error)) => Some(view! {
                    <div class="alert alert-error" role="alert">{(lang.get().texts().appeal_error)(error.code())}</div>
                }),
                _ => None,
            }}
            <button type="submit" class="button button-primary" disabled=move || add.pending().get()>{tr(|t| t.add_button)}</button>
        </form>
    }
}
