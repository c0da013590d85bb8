//! Fuldmagter: the powers of attorney a citizen gives and a relative receives (accept,
//! act for, give up), and the caseworker's list of citizens to preview. Whether a grant
//! lets anything through is decided on the server on every request.

use leptos::prelude::*;
use leptos::task::spawn_local;
use samlet_api::delegation::{
    ALL_SCOPES, CoordinatedCitizen, Grant, GrantKind, GrantState, Grants, NewGrant, Scope, cpr_digits,
};
use samlet_api::session::AccountKind;

use crate::api;
use crate::format;
use crate::i18n::{self, tr};
use crate::layout::LoadError;
use crate::session::{self, SignedInOnly, use_session};

#[component]
pub fn GrantsPage() -> impl IntoView {
    i18n::page_title(|t| t.grants_title);
    view! {
        <h1>{tr(|t| t.grants_title)}</h1>
        <SignedInOnly>
            <GrantLists/>
            <session::SignOutEverywhere/>
        </SignedInOnly>
    }
}

#[component]
fn GrantLists() -> impl IntoView {
    let session = use_session();
    let grants = api::Resource::<Grants>::new(|| "/api/delegation/grants".into());
    let refresh = Callback::new(move |_| grants.refetch());
    let is_citizen = move || {
        session
            .info()
            .is_some_and(|i| i.kind == AccountKind::Citizen && i.acting_for.is_none())
    };
    // Who was just given access: said at the top in a message that takes the focus, so a
    // screen reader hears that it worked. Outside the lists, which are drawn again when
    // they reload.
    let given_to = RwSignal::new(None::<String>);
    let confirmation = NodeRef::<leptos::html::Div>::new();
    view! {
        {move || is_citizen().then(|| view! {
            <p>{tr(|t| t.grants_intro)} " " <crate::layout::HelpLink term="fuldmagt"/></p>
        })}
        <div class="alert alert-success" role="status" tabindex="-1" node_ref=confirmation
            hidden=move || given_to.with(Option::is_none)>
            {move || given_to.get().map(|name| (i18n::lang().get().texts().given_to)(&name))}
        </div>
        {move || match grants.get() {
            None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
            Some(Err(error)) => view! { <LoadError error retry=refresh/> }.into_any(),
            Some(Ok(grants)) => {
                let max_days = grants.max_days;
                // A guardianship is the court's: shown apart, never as access the citizen gave.
                let (attorneys, guardianships): (Vec<Grant>, Vec<Grant>) =
                    grants.given.into_iter().partition(|g| g.kind == GrantKind::PowerOfAttorney);
                let given = is_citizen().then(|| view! {
                    <section aria-labelledby="given" class="card">
                        <h2 id="given">{tr(|t| t.grants_given_heading)}</h2>
                        <GrantList grants=attorneys given=true refresh/>
                    </section>
                    {(!guardianships.is_empty()).then(|| view! {
                        <section aria-labelledby="guardianship" class="card">
                            <h2 id="guardianship">{tr(|t| t.guardianship_heading)}</h2>
                            <GrantList grants=guardianships given=true refresh/>
                        </section>
                    })}
                    <GiveForm max_days refresh given_to confirmation/>
                });
                // What waits for the person comes first: it is why a relative came.
                let (waiting, received): (Vec<Grant>, Vec<Grant>) =
                    grants.received.into_iter().partition(|g| g.state == GrantState::Pending);
                view! {
                    {(!waiting.is_empty()).then(|| view! {
                        <section aria-labelledby="waiting" class="card card-highlight">
                            <h2 id="waiting">{tr(|t| t.grants_waiting_heading)}</h2>
                            <GrantList grants=waiting given=false refresh/>
                        </section>
                    })}
                    {given}
                    <section aria-labelledby="received" class="card">
                        <h2 id="received">{tr(|t| t.grants_received_heading)}</h2>
                        <GrantList grants=received given=false refresh/>
                    </section>
                }
                .into_any()
            }
        }}
    }
}

/// One list of grants, as the citizen who gave them or the person who received them.
#[component]
fn GrantList(grants: Vec<Grant>, given: bool, refresh: Callback<()>) -> impl IntoView {
    if grants.is_empty() {
        return view! { <p>{tr(|t| t.no_grants)}</p> }.into_any();
    }
    view! {
        <ul class="plain-list grant-list">
            {grants.into_iter().map(|grant| view! { <GrantItem grant given refresh/> }).collect_view()}
        </ul>
    }
    .into_any()
}

fn post_then(path: String, refresh: Callback<()>) {
    spawn_local(async move {
        let _ = api::post::<_, Grant>(&path, &()).await;
        refresh.run(());
    });
}

#[component]
fn GrantItem(grant: Grant, given: bool, refresh: Callback<()>) -> impl IntoView {
    let lang = i18n::lang();
    let session = use_session();
    let id = grant.id;
    let name = if given {
        grant.grantee_name.clone()
    } else {
        grant.citizen_name.clone()
    };
    let live = matches!(grant.state, GrantState::Active | GrantState::Pending);
    let attorney = grant.kind == GrantKind::PowerOfAttorney;
    let scopes = grant.scopes.clone();
    let state = grant.state;
    let ends_on = grant.ends_on;
    let citizen = grant.citizen_id;
    let revoke_name = name.clone();
    let revoke = move |_| {
        let question = (lang.get_untracked().texts().revoke_confirm)(&revoke_name);
        let sure = web_sys::window().and_then(|w| w.confirm_with_message(&question).ok());
        if sure == Some(true) {
            post_then(format!("/api/delegation/grants/{id}/revoke"), refresh);
        }
    };
    let act_name = name.clone();
    view! {
        <li class="grant">
            <h3>{name}</h3>
            <p>
                <strong>{move || (lang.get().texts().grant_state)(state)}</strong>
                " · "
                {move || (lang.get().texts().grant_until)(&format::date(ends_on, lang.get()))}
            </p>
            <ul>
                {scopes.into_iter().map(|scope| view! { <li>{move || (lang.get().texts().scope_name)(scope)}</li> }).collect_view()}
            </ul>
            {(!attorney).then(|| view! { <p class="muted">{tr(|t| t.guardianship_note)}</p> })}
            <div class="actions">
                {(given && attorney && live).then(|| view! {
                    <button type="button" class="button button-secondary" on:click=revoke>{tr(|t| t.revoke)}</button>
                })}
                {(!given && state == GrantState::Pending).then(|| view! {
                    <button type="button" class="button button-primary"
                        on:click=move |_| post_then(format!("/api/delegation/grants/{id}/accept"), refresh)>
                        {tr(|t| t.accept)}
                    </button>
                })}
                {(!given && state == GrantState::Active).then(|| view! {
                    <button type="button" class="button button-primary"
                        on:click=move |_| session::act_for(session, Some(citizen), "/plan")>
                        {move || (lang.get().texts().act_for)(&act_name)}
                    </button>
                })}
                {(!given && attorney && live).then(|| view! {
                    <button type="button" class="button button-secondary"
                        on:click=move |_| post_then(format!("/api/delegation/grants/{id}/give-up"), refresh)>
                        {tr(|t| t.give_up)}
                    </button>
                })}
            </div>
        </li>
    }
}

/// A citizen gives a relative access: who (by name and CPR number, as Digital Fuldmagt
/// does), what, until when. The grant waits until that person signs in with MitID.
#[component]
fn GiveForm(
    max_days: u32,
    refresh: Callback<()>,
    given_to: RwSignal<Option<String>>,
    confirmation: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let lang = i18n::lang();
    let name = RwSignal::new(String::new());
    let cpr = RwSignal::new(String::new());
    let cpr_wrong = RwSignal::new(false);
    let chosen: RwSignal<Vec<Scope>> = RwSignal::new(Vec::new());
    let sensitive = RwSignal::new(false);
    let today = format::danish_today();
    let ends_on = RwSignal::new((today + chrono::Days::new(90)).to_string());
    let failed = RwSignal::new(false);
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        cpr_wrong.set(cpr_digits(&cpr.get_untracked()).is_none());
        let grant = match ends_on.get_untracked().parse() {
            Ok(ends_on) if !cpr_wrong.get_untracked() => NewGrant {
                grantee_name: name.get_untracked(),
                grantee_cpr: cpr.get_untracked(),
                scopes: chosen.get_untracked(),
                include_sensitive: sensitive.get_untracked(),
                ends_on,
            },
            _ => return failed.set(true),
        };
        spawn_local(async move {
            let given = api::post::<_, Grant>("/api/delegation/grants", &grant).await;
            failed.set(given.is_err());
            given_to.set(given.as_ref().ok().map(|_| name.get_untracked()));
            if given.is_ok() {
                set_timeout(
                    move || {
                        if let Some(message) = confirmation.get_untracked() {
                            let _ = message.focus();
                        }
                    },
                    std::time::Duration::ZERO,
                );
                chosen.set(Vec::new());
                name.set(String::new());
                cpr.set(String::new());
                refresh.run(());
            }
        });
    };
    view! {
        <section aria-labelledby="give" class="card">
            <h2 id="give">{tr(|t| t.give_heading)}</h2>
            <form on:submit=submit novalidate>
                {move || failed.get().then(|| view! { <div class="alert alert-error" role="alert">{tr(|t| t.give_error)}</div> })}
                <fieldset>
                    <legend>{tr(|t| t.give_person)}</legend>
                    <div class="field">
                        <label for="grantee-name">{tr(|t| t.give_name)}</label>
                        <input id="grantee-name" type="text" autocomplete="off" maxlength="120" prop:value=name
                            on:input=move |e| name.set(event_target_value(&e))/>
                    </div>
                    <div class="field">
                        <label for="grantee-cpr">{tr(|t| t.give_cpr)}</label>
                        <p class="hint" id="grantee-cpr-hint">{tr(|t| t.give_cpr_hint)}</p>
                        {move || cpr_wrong.get().then(|| view! { <p class="field-error" id="grantee-cpr-error">{tr(|t| t.cpr_invalid)}</p> })}
                        <input id="grantee-cpr" type="text" inputmode="numeric" autocomplete="off" maxlength="11"
                            aria-describedby=move || if cpr_wrong.get() { "grantee-cpr-hint grantee-cpr-error" } else { "grantee-cpr-hint" }
                            aria-invalid=move || cpr_wrong.get().then_some("true")
                            prop:value=cpr on:input=move |e| cpr.set(event_target_value(&e))/>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{tr(|t| t.give_scopes)}</legend>
                    {ALL_SCOPES.into_iter().map(|scope| {
                        let id = format!("scope-{scope:?}");
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone()
                                    prop:checked=move || chosen.with(|c| c.contains(&scope))
                                    on:change=move |_| chosen.update(|c| {
                                        if let Some(at) = c.iter().position(|s| *s == scope) { c.remove(at); } else { c.push(scope); }
                                    })/>
                                <label for=id>{move || (lang.get().texts().scope_name)(scope)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="choice">
                    <input type="checkbox" id="sensitive" prop:checked=sensitive on:change=move |_| sensitive.update(|s| *s = !*s)/>
                    <label for="sensitive">{tr(|t| t.include_sensitive)}</label>
                </div>
                <div class="field">
                    <label for="ends-on">{tr(|t| t.ends_on_label)}</label>
                    <p class="hint" id="ends-on-hint">{move || (lang.get().texts().ends_on_hint)(max_days)}</p>
                    <input type="date" id="ends-on" aria-describedby="ends-on-hint" prop:value=ends_on
                        min=today.to_string() max=(today + chrono::Days::new(u64::from(max_days))).to_string()
                        on:input=move |e| ends_on.set(event_target_value(&e))/>
                </div>
                <p class="hint">{tr(|t| t.give_note)}</p>
                <button type="submit" class="button button-primary">{tr(|t| t.give_button)}</button>
            </form>
        </section>
    }
}

/// The caseworker's own area: the citizens they coordinate, each with a read-only preview.
#[component]
pub fn CaseworkerPage() -> impl IntoView {
    i18n::page_title(|t| t.caseworker_title);
    let session = use_session();
    let lang = i18n::lang();
    let citizens = api::Resource::<Vec<CoordinatedCitizen>>::new(|| "/api/caseworker/citizens".into());
    view! {
        <h1>{tr(|t| t.caseworker_title)}</h1>
        <SignedInOnly>
            <p>{tr(|t| t.caseworker_intro)}</p>
            {move || match citizens.get() {
                None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| citizens.refetch())/> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|citizen| {
                            let id = citizen.citizen_id;
                            let name = citizen.name.clone();
                            view! {
                                <li class="card">
                                    <h2>{citizen.name.clone()}</h2>
                                    {citizen.stand_in.then(|| view! { <p class="tag">{tr(|t| t.stand_in_tag)}</p> })}
                                    {(citizen.unread > 0 || citizen.waiting > 0).then(|| {
                                        let (unread, waiting) = (citizen.unread, citizen.waiting);
                                        view! {
                                            <p>{move || {
                                                let t = lang.get().texts();
                                                [(unread > 0).then(|| (t.unread_count)(unread)), (waiting > 0).then(|| (t.waiting_count)(waiting))]
                                                    .into_iter().flatten().collect::<Vec<_>>().join(" · ")
                                            }}</p>
                                        }
                                    })}
                                    <button type="button" class="button button-primary"
                                        on:click=move |_| session::act_for(session, Some(id), "/plan")>
                                        {move || (lang.get().texts().preview_as)(&name)}
                                    </button>
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
