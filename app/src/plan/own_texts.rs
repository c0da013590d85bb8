//! "Med mine egne ord": the citizen's own texts, saved with the version they started
//! from. A conflict keeps what was typed and offers to save it over the other version.

use leptos::prelude::*;
use samlet_api::error::ErrorCode;
use samlet_api::plan::{OWN_TEXT_MAX_CHARS, OwnTexts, PlanPage, SaveOwnTexts};

use crate::api;
use crate::format;
use crate::i18n;
use crate::session::use_session;

#[derive(Clone, PartialEq)]
enum SaveState {
    Idle,
    Saved(OwnTexts),
    Conflict,
    Failed,
    /// Not allowed for whoever is signed in (a relative without the scope, a preview).
    Refused(Option<ErrorCode>),
}

/// Per tab, per signed-in person and per citizen acted for.
fn kept_key(session: crate::session::Session) -> Option<String> {
    let info = session.info()?;
    let citizen = info.acting_for.map(|a| a.citizen_id).unwrap_or(info.account_id);
    Some(format!("samlet.own-texts.{}.{citizen}", info.account_id))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read_kept(key: &str) -> Option<SaveOwnTexts> {
    let storage = storage()?;
    let item = |suffix: &str| storage.get_item(&format!("{key}.{suffix}")).ok().flatten();
    Some(SaveOwnTexts {
        what_matters: item("what")?,
        meeting_notes: item("notes")?,
        version: item("version")?.parse().ok()?,
    })
}

#[component]
pub fn OwnTextsForm(texts: OwnTexts) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let session = use_session();
    let what_matters = RwSignal::new(texts.what_matters.clone());
    let meeting_notes = RwSignal::new(texts.meeting_notes.clone());
    let version = RwSignal::new(texts.version);
    let state = RwSignal::new(SaveState::Idle);
    // Read-only from the start for whoever may not change them (a preview, a relative
    // without that right), rather than refused on save.
    let writable = session.may_change(samlet_api::delegation::Scope::OwnTexts);

    // Text typed but not saved is kept in this tab until it is saved, so a session that
    // times out (or a reload) does not lose it: after signing in again it is back.
    let kept = kept_key(session);
    let restored = kept
        .as_deref()
        .and_then(read_kept)
        .filter(|draft| draft.version == texts.version)
        .filter(|draft| {
            draft.what_matters != texts.what_matters || draft.meeting_notes != texts.meeting_notes
        });
    if let Some(draft) = &restored {
        what_matters.set(draft.what_matters.clone());
        meeting_notes.set(draft.meeting_notes.clone());
    }
    let saved_texts = StoredValue::new((texts.what_matters.clone(), texts.meeting_notes.clone()));
    Effect::new(move || {
        let (Some(key), Some(storage)) = (kept.as_deref(), storage()) else {
            return;
        };
        let draft = SaveOwnTexts {
            what_matters: what_matters.get(),
            meeting_notes: meeting_notes.get(),
            version: version.get(),
        };
        let unsaved = saved_texts.with_value(|(w, m)| *w != draft.what_matters || *m != draft.meeting_notes);
        // Three plain items instead of JSON: no deserialiser in the wasm for this.
        for (suffix, value) in [
            ("what", draft.what_matters.as_str()),
            ("notes", draft.meeting_notes.as_str()),
            ("version", &draft.version.to_string()),
        ] {
            let item = format!("{key}.{suffix}");
            let _ = if unsaved {
                storage.set_item(&item, value)
            } else {
                storage.remove_item(&item)
            };
        }
    });

    // `overwrite` first reads the newest version, so the typed text replaces it knowingly.
    let save = Action::new_local(move |overwrite: &bool| {
        let overwrite = *overwrite;
        async move {
            if overwrite {
                let latest = api::get::<PlanPage>("/api/plan").await?;
                version.set(latest.own_texts.version);
            }
            let body = SaveOwnTexts {
                what_matters: what_matters.get_untracked(),
                meeting_notes: meeting_notes.get_untracked(),
                version: version.get_untracked(),
            };
            api::put::<_, OwnTexts>("/api/plan/own-texts", &body).await
        }
    });
    Effect::new(move || {
        let Some(result) = save.value().get() else { return };
        state.set(match result {
            Ok(saved) => {
                saved_texts.set_value((saved.what_matters.clone(), saved.meeting_notes.clone()));
                version.set(saved.version);
                SaveState::Saved(saved)
            }
            Err(error) => match error.code() {
                Some(ErrorCode::Conflict) => SaveState::Conflict,
                Some(ErrorCode::Unauthenticated) => {
                    session.ended();
                    SaveState::Failed
                }
                code if i18n::access_refusal(t(), code).is_some() => SaveState::Refused(code),
                _ => SaveState::Failed,
            },
        });
    });

    let message = move || {
        match state.get() {
        SaveState::Idle => None,
        SaveState::Saved(saved) => {
            let at = saved
                .updated_at
                .map(|at| format::date_time(at, lang.get()))
                .unwrap_or_default();
            Some(view! { <p class="saved" role="status">{(t().saved_at)(&at)}</p> }.into_any())
        }
        SaveState::Conflict => Some(
            view! {
                <div class="alert alert-error" role="alert">
                    <p>{t().save_conflict}</p>
                    <button type="button" class="button" on:click=move |_| { save.dispatch(true); }>
                        {t().save_anyway}
                    </button>
                </div>
            }
            .into_any(),
        ),
        SaveState::Refused(code) => Some(
            view! { <div class="alert alert-error" role="alert"><p>{i18n::access_refusal(t(), code)}</p></div> }.into_any(),
        ),
        SaveState::Failed => Some(
            view! { <div class="alert alert-error" role="alert"><p>{t().save_failed}</p></div> }.into_any(),
        ),
    }
    };

    view! {
        <section aria-labelledby="own-texts">
            <h2 id="own-texts">{i18n::tr(|t| t.own_texts_heading)}</h2>
            <p>{i18n::tr(|t| t.own_texts_intro)}</p>
            {restored.is_some().then(|| view! { <p class="alert alert-info" role="status">{i18n::tr(|t| t.own_texts_restored)}</p> })}
            <form class="own-texts" on:submit=move |event| {
                event.prevent_default();
                save.dispatch(false);
            }>
                {(!writable).then(|| view! { <p class="alert alert-info">{i18n::tr(|t| t.read_only_note)}</p> })}
                <TextArea id="what-matters" label=i18n::tr(|t| t.what_matters) hint=i18n::tr(|t| t.what_matters_hint) value=what_matters writable/>
                <TextArea id="meeting-notes" label=i18n::tr(|t| t.meeting_notes) hint=i18n::tr(|t| t.meeting_notes_hint) value=meeting_notes writable/>
                {writable.then(|| view! {
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { t().saving } else { t().save }}
                    </button>
                })}
                <div aria-live="polite">{message}</div>
            </form>
        </section>
    }
}

#[component]
fn TextArea(
    id: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    hint: impl Fn() -> &'static str + Send + Sync + 'static,
    value: RwSignal<String>,
    writable: bool,
) -> impl IntoView {
    let lang = i18n::lang();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <p class="hint no-print" id=hint_id.clone()>{hint} " " {move || (lang.get().texts().max_chars)(OWN_TEXT_MAX_CHARS)}</p>
            <textarea
                id=id
                name=id
                rows="4"
                maxlength=OWN_TEXT_MAX_CHARS.to_string()
                aria-describedby=hint_id
                readonly=!writable
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            ></textarea>
            // On paper the words themselves, whole (a text area prints as a cut-off box).
            <p class="print-only">{move || value.get()}</p>
        </div>
    }
}
