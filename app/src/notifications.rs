//! "Notifikationer": where a person is told that something is new (an e-mail address and,
//! where the municipality offers it, a mobile number, each proved with a code sent to it),
//! what about, and when not (quiet hours), and what was sent lately. The notice never says
//! more than that there is something new.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use samlet_api::error::ErrorCode;
use samlet_api::notifications::{
    EVENT_KINDS, EmailAddress, EventKind, Language, NotificationSettings, PhoneNumber, Preferences, TurnOff,
    TurnOffKinds, VerifyCode,
};

use crate::api;
use crate::format;
use crate::i18n::{self, text, tr};
use crate::layout::LoadError;
use crate::session::SignedInOnly;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    i18n::page_title(|t| t.notifications_title);
    let settings = api::Resource::<NotificationSettings>::new(|| "/api/notifications".into());
    view! {
        <h1>{tr(|t| t.notifications_title)}</h1>
        <SignedInOnly>
            <p>{tr(|t| t.notifications_intro)}</p>
            {move || match settings.get() {
                None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| settings.refetch())/> }.into_any(),
                Some(Ok(current)) => view! { <Settings current/> }.into_any(),
            }}
        </SignedInOnly>
    }
}

/// The page once loaded. Each change answers with the settings as they now are, which
/// replace what is shown.
#[component]
fn Settings(current: NotificationSettings) -> impl IntoView {
    let shown = RwSignal::new(current);
    let changed = Callback::new(move |next: NotificationSettings| shown.set(next));
    view! {
        <Address via=Via::Email shown changed/>
        // Only where the municipality offers SMS.
        {move || shown.with(|s| s.sms.is_some()).then(|| view! { <Address via=Via::Sms shown changed/> })}
        <Choices shown changed/>
        <Recent shown/>
    }
}

/// What a change said when it was refused, in the reader's language.
fn refusal(error: &api::ApiError) -> impl IntoView + use<> {
    let code = error.code();
    view! { <div class="alert alert-error" role="alert">{text(Box::new(move |t| (t.notification_error)(code).to_owned()))}</div> }
}

fn apply_answers<I: 'static>(
    action: Action<I, Result<NotificationSettings, api::ApiError>>,
    error: RwSignal<Option<api::ApiError>>,
    changed: Callback<NotificationSettings>,
) {
    Effect::new(move || match action.value().get() {
        Some(Ok(next)) => {
            error.set(None);
            changed.run(next);
        }
        Some(Err(refused)) => error.set(Some(refused)),
        None => {}
    });
}

/// Where notices go: an e-mail address, or a mobile number for SMS. Both are proved with a
/// code sent there, and work alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Email,
    Sms,
}

impl Via {
    fn path(self) -> &'static str {
        match self {
            Via::Email => "/api/notifications/email",
            Via::Sms => "/api/notifications/sms",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Via::Email => "email",
            Via::Sms => "sms",
        }
    }

    /// The address shown, whether it is verified, and whether a code waits for it.
    fn state(self, settings: &NotificationSettings) -> (Option<String>, bool, bool) {
        match self {
            Via::Email => (
                settings.email.clone(),
                settings.email_verified,
                settings.code_pending,
            ),
            Via::Sms => settings
                .sms
                .as_ref()
                .map(|p| (p.phone.clone(), p.verified, p.code_pending))
                .unwrap_or((None, false, false)),
        }
    }

    fn texts(self, t: &'static i18n::Texts) -> AddressTexts {
        match self {
            Via::Email => AddressTexts {
                heading: t.email_heading,
                label: t.email_label,
                hint: t.email_hint,
                verified: t.email_verified,
                remove: t.email_remove,
                code: t.code_label,
            },
            Via::Sms => AddressTexts {
                heading: t.sms_heading,
                label: t.sms_label,
                hint: t.sms_hint,
                verified: t.sms_verified,
                remove: t.sms_remove,
                code: t.sms_code_label,
            },
        }
    }
}

/// The words that differ between an e-mail address and a mobile number.
struct AddressTexts {
    heading: &'static str,
    label: &'static str,
    hint: &'static str,
    verified: fn(&str) -> String,
    remove: &'static str,
    code: &'static str,
}

#[component]
fn Address(
    via: Via,
    shown: RwSignal<NotificationSettings>,
    changed: Callback<NotificationSettings>,
) -> impl IntoView {
    let lang = i18n::lang();
    let typed = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let send_code = Action::new_local(move |address: &String| {
        let address = address.clone();
        async move {
            match via {
                Via::Email => {
                    api::post::<_, NotificationSettings>(via.path(), &EmailAddress { email: address }).await
                }
                Via::Sms => {
                    api::post::<_, NotificationSettings>(via.path(), &PhoneNumber { phone: address }).await
                }
            }
        }
    });
    let verify = Action::new_local(move |entered: &String| {
        let body = VerifyCode {
            code: entered.clone(),
        };
        async move { api::post::<_, NotificationSettings>(&format!("{}/verify", via.path()), &body).await }
    });
    let remove =
        Action::new_local(
            move |_: &()| async move { api::delete_json::<NotificationSettings>(via.path()).await },
        );
    // Each answer, as it comes, replaces what is shown, and a refusal is shown until the
    // next answer: one effect per action, so an older answer is never applied again.
    let error = RwSignal::new(None::<api::ApiError>);
    apply_answers(send_code, error, changed);
    apply_answers(verify, error, changed);
    apply_answers(remove, error, changed);
    let error = move || error.get();
    let busy = move || send_code.pending().get() || verify.pending().get() || remove.pending().get();
    let (heading_id, code_id, address_id, hint_id) = (
        format!("{}-heading", via.id()),
        format!("{}-code", via.id()),
        format!("{}-address", via.id()),
        format!("{}-hint", via.id()),
    );
    let texts = move || via.texts(lang.get().texts());
    let labelled_by = heading_id.clone();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || texts().heading}</h2>
            {move || {
                let (address, verified, pending) = via.state(&shown.get());
                let (code_id, address_id, hint_id) = (code_id.clone(), address_id.clone(), hint_id.clone());
                match (address, verified, pending) {
                    (Some(address), true, _) => view! {
                        <p role="status">{move || (texts().verified)(&address)}</p>
                        <button type="button" class="button button-secondary" disabled=busy
                            on:click=move |_| { remove.dispatch(()); }>{move || texts().remove}</button>
                    }.into_any(),
                    (Some(address), false, true) => {
                        let again = address.clone();
                        view! {
                            <p role="status">{text(Box::new(move |t| (t.code_sent)(&address)))}</p>
                            <form on:submit=move |event| {
                                event.prevent_default();
                                verify.dispatch(code.get_untracked());
                            }>
                                <div class="field">
                                    <label for=code_id.clone()>{move || texts().code}</label>
                                    <input id=code_id type="text" inputmode="numeric" autocomplete="one-time-code"
                                        maxlength="6" prop:value=move || code.get()
                                        on:input=move |event| code.set(event_target_value(&event))/>
                                </div>
                                <button type="submit" class="button button-primary" disabled=busy>{tr(|t| t.code_confirm)}</button>
                                " "
                                <button type="button" class="button button-secondary" disabled=busy
                                    on:click=move |_| { send_code.dispatch(again.clone()); }>{tr(|t| t.code_again)}</button>
                            </form>
                        }.into_any()
                    }
                    _ => view! {
                        <form on:submit=move |event| {
                            event.prevent_default();
                            send_code.dispatch(typed.get_untracked());
                        }>
                            <div class="field">
                                <label for=address_id.clone()>{move || texts().label}</label>
                                <p class="hint" id=hint_id.clone()>{move || texts().hint}</p>
                                <input id=address_id
                                    type=match via { Via::Email => "email", Via::Sms => "tel" }
                                    autocomplete=match via { Via::Email => "email", Via::Sms => "tel" }
                                    aria-describedby=hint_id
                                    prop:value=move || typed.get()
                                    on:input=move |event| typed.set(event_target_value(&event))/>
                            </div>
                            <button type="submit" class="button button-primary" disabled=busy>{tr(|t| t.code_send)}</button>
                        </form>
                    }.into_any(),
                }
            }}
            {move || error().map(|error| refusal(&error))}
        </section>
    }
}

/// What to be told about, and the quiet hours.
#[component]
fn Choices(shown: RwSignal<NotificationSettings>, changed: Callback<NotificationSettings>) -> impl IntoView {
    let start = shown.get_untracked();
    let muted = RwSignal::new(start.muted.clone());
    let from = RwSignal::new(start.quiet_from);
    let until = RwSignal::new(start.quiet_until);
    let language = RwSignal::new(start.language);
    let save = Action::new_local(move |_: &()| {
        let body = Preferences {
            muted: muted.get_untracked(),
            quiet_from: from.get_untracked(),
            quiet_until: until.get_untracked(),
            language: language.get_untracked(),
        };
        async move { api::put::<_, NotificationSettings>("/api/notifications", &body).await }
    });
    Effect::new(move || {
        if let Some(Ok(next)) = save.value().get() {
            changed.run(next);
        }
    });
    let hours = move |id: &'static str, hour: RwSignal<u8>| {
        view! {
            <select id=id on:change=move |event| {
                if let Ok(value) = event_target_value(&event).parse() {
                    hour.set(value);
                }
            }>
                {(0u8..24).map(|h| view! { <option value=h selected=hour.get_untracked() == h>{format!("{h:02}.00")}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <section class="card" aria-labelledby="choices-heading">
            <h2 id="choices-heading">{tr(|t| t.choices_heading)}</h2>
            <form on:submit=move |event| {
                event.prevent_default();
                save.dispatch(());
            }>
                <fieldset>
                    <legend>{tr(|t| t.events_legend)}</legend>
                    {start.available.iter().copied().map(|kind| {
                        let id = format!("event-{}", kind as u8);
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone()
                                    prop:checked=move || muted.with(|m| !m.contains(&kind))
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        muted.update(|m| {
                                            m.retain(|k| *k != kind);
                                            if !on {
                                                m.push(kind);
                                            }
                                        });
                                    }/>
                                <label for=id>{text(Box::new(move |t| (t.event_kind)(kind).to_owned()))}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>{tr(|t| t.quiet_legend)}</legend>
                    <p class="hint">{tr(|t| t.quiet_hint)}</p>
                    <div class="field">
                        <label for="quiet-from">{tr(|t| t.quiet_from)}</label>
                        {hours("quiet-from", from)}
                    </div>
                    <div class="field">
                        <label for="quiet-until">{tr(|t| t.quiet_until)}</label>
                        {hours("quiet-until", until)}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{tr(|t| t.notice_language)}</legend>
                    // Each language named in itself, as language choices are.
                    {[(Language::Da, "Dansk", "da"), (Language::En, "English", "en")].into_iter().map(|(choice, name, code)| {
                        let id = format!("notice-language-{code}");
                        view! {
                            <div class="choice">
                                <input type="radio" name="notice-language" id=id.clone()
                                    prop:checked=move || language.get() == choice
                                    on:change=move |_| language.set(choice)/>
                                <label for=id lang=code>{name}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{tr(|t| t.save)}</button>
                {move || match save.value().get() {
                    Some(Ok(_)) => Some(view! { <p class="status" role="status">{tr(|t| t.choices_saved)}</p> }.into_any()),
                    Some(Err(error)) => Some(refusal(&error).into_any()),
                    None => None,
                }}
            </form>
        </section>
    }
}

/// What was sent lately: when, how, how much, and whether it arrived.
#[component]
fn Recent(shown: RwSignal<NotificationSettings>) -> impl IntoView {
    let lang = i18n::lang();
    view! {
        <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">{tr(|t| t.recent_heading)}</h2>
            {move || {
                let recent = shown.get().recent;
                if recent.is_empty() {
                    return view! { <p>{tr(|t| t.recent_none)}</p> }.into_any();
                }
                view! {
                    <ul class="plain-list">
                        {recent.into_iter().map(|notice| {
                            let at = notice.sent_at.unwrap_or(notice.created_at);
                            let (items, status, channel) = (notice.items, notice.status, notice.channel);
                            let kinds = notice.kinds;
                            view! {
                                <li class="card">
                                    {text(Box::new(move |t| format!(
                                        "{} · {} · {} ({}) · {}",
                                        format::date_time(at, lang.get()),
                                        (t.channel)(channel),
                                        (t.notice_items)(items),
                                        kinds.iter().map(|kind| (t.notice_kind)(*kind)).collect::<Vec<_>>().join(", "),
                                        (t.notice_status)(status),
                                    )))}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// "Få ikke flere af den slags": where a notice's own link leads, without signing in (the
/// link's token is the key). Opening it changes nothing, since mail scanners open links
/// too; the button does.
#[component]
pub fn TurnOffPage() -> impl IntoView {
    i18n::page_title(|t| t.turn_off_title);
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let link = api::Resource::<TurnOff>::new(move || format!("/api/notifications/turn-off/{}", token()));
    view! {
        <h1>{tr(|t| t.turn_off_title)}</h1>
        {move || match link.get() {
            None => view! { <p class="status" role="status">{tr(|t| t.loading)}</p> }.into_any(),
            Some(Err(error)) if error.code() == Some(ErrorCode::NotFound) => view! {
                <div class="alert alert-info" role="status">{tr(|t| t.turn_off_expired)}</div>
                <p><a href="/notifikationer">{tr(|t| t.notifications_title)}</a></p>
            }
            .into_any(),
            Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| link.refetch())/> }.into_any(),
            Some(Ok(found)) => view! { <TurnOffChoice token=token() found/> }.into_any(),
        }}
    }
}

#[component]
fn TurnOffChoice(token: String, found: TurnOff) -> impl IntoView {
    let kinds = found.kinds.clone();
    let shown = RwSignal::new(found);
    let turn_off = Action::new_local(move |kinds: &Vec<EventKind>| {
        let path = format!("/api/notifications/turn-off/{token}");
        let body = TurnOffKinds { kinds: kinds.clone() };
        async move { api::post::<_, TurnOff>(&path, &body).await }
    });
    let failed = RwSignal::new(None::<api::ApiError>);
    Effect::new(move || match turn_off.value().get() {
        Some(Ok(next)) => {
            failed.set(None);
            shown.set(next);
        }
        Some(Err(error)) => failed.set(Some(error)),
        None => {}
    });
    let all_off = move || shown.with(|s| s.kinds.iter().all(|k| s.muted.contains(k)));
    let these = kinds.clone();
    view! {
        <p>{tr(|t| t.turn_off_intro)}</p>
        <ul>
            {kinds.into_iter().map(|kind| view! {
                <li>
                    {text(Box::new(move |t| (t.event_kind)(kind).to_owned()))}
                    {move || shown.with(|s| s.muted.contains(&kind)).then(|| view! { " (" {tr(|t| t.turn_off_is_off)} ")" })}
                </li>
            }).collect_view()}
        </ul>
        {move || failed.get().map(|error| refusal(&error))}
        {move || if all_off() {
            view! { <div class="alert alert-success" role="status">{tr(|t| t.turn_off_done)}</div> }.into_any()
        } else {
            let these = these.clone();
            view! {
                <div class="actions">
                    <button type="button" class="button" disabled=move || turn_off.pending().get()
                        on:click=move |_| { turn_off.dispatch(these.clone()); }>{tr(|t| t.turn_off_these)}</button>
                    <button type="button" class="button button-secondary" disabled=move || turn_off.pending().get()
                        on:click=move |_| { turn_off.dispatch(EVENT_KINDS.to_vec()); }>{tr(|t| t.turn_off_all)}</button>
                </div>
            }
            .into_any()
        }}
        <p>{tr(|t| t.turn_off_again)}</p>
    }
}
