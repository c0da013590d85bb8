//! "Min log": who else looked at or changed the citizen's data, filterable by person and
//! by period. Read-only: the log cannot be changed through any endpoint.

use leptos::prelude::*;
use samlet_api::audit::AccessLog;

use crate::api;
use crate::format;
use crate::i18n::{self, tr};
use crate::layout::LoadError;
use crate::session::SignedInOnly;

#[component]
pub fn LogPage() -> impl IntoView {
    i18n::page_title(|t| t.log_title);
    let lang = i18n::lang();
    let person = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // The filter applies when the citizen presses "Vis", not on every keystroke.
    let query = RwSignal::new(String::new());
    let log = api::Resource::<AccessLog>::new(move || format!("/api/audit/log{}", query.get()));
    let apply = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let encode = |v: String| String::from(js_sys::encode_uri_component(&v));
        query.set(format!(
            "?person={}&from={}&to={}",
            encode(person.get_untracked()),
            encode(from.get_untracked()),
            encode(to.get_untracked())
        ));
    };
    view! {
        <h1>{tr(|t| t.log_title)}</h1>
        <SignedInOnly>
            <p>{tr(|t| t.log_intro)}</p>
            <p class="no-print"><crate::layout::PrintButton/></p>
            // Folded under the entries' heading: the log itself comes first.
            <details class="card log-filter-box no-print">
            <summary>{tr(|t| t.log_filter_heading)}</summary>
            <form class="log-filter" on:submit=apply>
                <div class="field">
                    <label for="log-person">{tr(|t| t.log_person)}</label>
                    <select id="log-person" on:change=move |e| person.set(event_target_value(&e))>
                        <option value="">{tr(|t| t.log_everyone)}</option>
                        {move || log.get().and_then(Result::ok).map(|l| l.people).unwrap_or_default().into_iter()
                            .map(|name| {
                                let selected = person.get_untracked() == name;
                                view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="log-from">{tr(|t| t.log_from)}</label>
                    <input type="date" id="log-from" prop:value=from on:input=move |e| from.set(event_target_value(&e))/>
                </div>
                <div class="field">
                    <label for="log-to">{tr(|t| t.log_to)}</label>
                    <input type="date" id="log-to" prop:value=to on:input=move |e| to.set(event_target_value(&e))/>
                </div>
                <button type="submit" class="button button-primary">{tr(|t| t.log_filter)}</button>
            </form>
            </details>
            {move || match log.get() {
                None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| log.refetch())/> }.into_any(),
                Some(Ok(log)) if log.entries.is_empty() => view! { <p>{tr(|t| t.log_empty)}</p> }.into_any(),
                Some(Ok(log)) => view! {
                    <ul class="plain-list access-log">
                        {log.entries.into_iter().map(|entry| {
                            let t = move || lang.get().texts();
                            view! {
                                <li class="card">
                                    <p class="muted">{move || format::date_time(entry.at, lang.get())}</p>
                                    <p>
                                        <strong>{entry.actor_name.clone()}</strong>
                                        " (" {move || (t().log_role)(entry.role)} ") "
                                        {move || {
                                            // One visit, one line: "så din plan, så din kontaktperson og så …".
                                            let t = t();
                                            let mut said = (t.log_action)(entry.action).to_owned();
                                            for (at, action) in entry.also.iter().enumerate() {
                                                said.push_str(if at + 1 == entry.also.len() { t.log_and } else { ", " });
                                                said.push_str((t.log_action)(*action));
                                            }
                                            said
                                        }}
                                        {(!entry.object.is_empty()).then(|| format!(": {}", entry.object))}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <crate::session::SignOutEverywhere/>
        </SignedInOnly>
    }
}
