//! The app's words, in plain Danish first and English second.
//!
//! One translation file per language (`da.rs`, `en.rs`), each a value of [`Texts`]: a
//! missing translation is a compile error, and the words cost no dictionary lookups,
//! locale data or plural rules in the wasm. (An i18n library with ICU data would not fit
//! the first-load budget: the app is within a few KB of it already.)

mod da;
mod en;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use samlet_api::appeal::{AppealStage, PartOutcome};
use samlet_api::audit::{Action, ActorRole};
use samlet_api::delegation::{GrantState, Scope};
use samlet_api::error::ErrorCode;
use samlet_api::messages::Turn;
use samlet_api::plan::{Attendance, LifeArea, PlanChange, SubGoalStatus};
use samlet_api::session::AccountKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Da,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Da => &da::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }

    fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }
}

const STORAGE_KEY: &str = "samlet.lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Puts the chosen language in context, remembers it in the browser, and keeps
/// `<html lang>` right so screen readers pronounce the page in the right language.
pub fn provide() {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let lang = RwSignal::new(if stored.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::Da
    });
    provide_context(lang);
    Effect::new(move || {
        let lang = lang.get();
        if let Some(storage) = storage() {
            // Not remembering the choice is harmless: Danish is the default.
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", lang.code());
        }
    });
}

pub fn lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

/// A text that follows the language switch. Every call returns the same closure type, so
/// the app's many texts share one copy of the rendering code in the wasm instead of one
/// per text (this alone kept the first load inside its budget).
pub fn tr(
    pick: fn(&'static Texts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = lang();
    move || pick(lang.get().texts())
}

/// A text made from data (a name, a count, a time) that follows the language switch. The
/// maker is boxed, so every such text shares one closure type and one copy of the
/// rendering code in the wasm, as [`tr`] does for fixed texts.
pub fn text(
    make: Box<dyn Fn(&'static Texts) -> String + Send + Sync>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = lang();
    move || make(lang.get().texts())
}

/// Why a request was refused for lack of access, if that was why.
pub fn access_refusal(t: &Texts, code: Option<ErrorCode>) -> Option<&'static str> {
    match code? {
        ErrorCode::Forbidden => Some(t.error_forbidden),
        ErrorCode::AccessEnded => Some(t.error_access_ended),
        ErrorCode::PreviewReadOnly => Some(t.error_preview),
        _ => None,
    }
}

/// Keeps the browser tab's title (the first thing a screen reader announces after a page
/// change) in step with the page and the language.
pub fn page_title(pick: fn(&'static Texts) -> &'static str) {
    let text = tr(pick);
    Effect::new(move || {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{} – Samlet", text()));
        }
    });
}

/// The button that switches language, labelled in the language it switches to.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = lang();
    view! {
        <button
            type="button"
            class="button button-link"
            lang=move || lang.get().other().code()
            on:click=move |_| lang.update(|l| *l = l.other())
        >
            {tr(|t| t.switch_language)}
        </button>
    }
}

pub struct Texts {
    pub skip_link: &'static str,
    pub site_tagline: &'static str,
    pub nav_label: &'static str,
    pub nav_plan: &'static str,
    pub nav_contact: &'static str,
    pub signed_in_as: &'static str,
    pub sign_out: &'static str,
    pub signed_out: &'static str,
    pub menu: &'static str,
    pub read_only_note: &'static str,
    pub read_aloud: &'static str,
    pub quick_exit: &'static str,
    pub quick_exit_hint: &'static str,
    pub switch_language: &'static str,
    pub demo_banner: &'static str,
    pub footer: &'static str,
    pub printed_from: &'static str,
    pub print: &'static str,
    pub print_plan: &'static str,
    pub print_period_hint: &'static str,
    pub print_from: &'static str,
    pub print_until: &'static str,
    pub checking_session: &'static str,
    pub error_network: &'static str,
    pub error_internal: &'static str,
    /// Before the request's id on an error: what to do with it.
    pub error_id: &'static str,
    pub error_no_plan: &'static str,
    pub retry: &'static str,
    /// A page's code did not arrive (a dropped connection while it was fetched).
    pub chunk_failed: &'static str,
    /// While a page's code is on its way.
    pub page_loading: &'static str,
    pub login_title: &'static str,
    pub login_demo_intro: &'static str,
    pub login_as: &'static str,
    pub login_loading: &'static str,
    pub login_unavailable: &'static str,
    pub login_failed: &'static str,
    pub plan_title: &'static str,
    pub plan_loading: &'static str,
    pub overall_goal: &'static str,
    pub progress: fn(u32, u32) -> String,
    pub goals_heading: &'static str,
    pub no_goals: &'static str,
    pub no_meeting: &'static str,
    pub place: &'static str,
    pub video_meeting: &'static str,
    pub join_video: &'static str,
    pub plan_updated: &'static str,
    pub your_contact: &'static str,
    pub contact_more: &'static str,
    pub contact_title: &'static str,
    pub contact_loading: &'static str,
    pub contact_intro: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub reachable: &'static str,
    pub no_contact: &'static str,
    pub no_contact_help: &'static str,
    pub plan_of: fn(&str) -> String,
    pub call_citizen_service: fn(&str, &str) -> String,
    pub stand_in_for: fn(&str) -> String,
    pub away: fn(&str, &str, &str) -> String,
    pub stand_in: &'static str,
    pub coordinator: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub to_plan: &'static str,
    pub account_kind: fn(AccountKind) -> &'static str,
    pub life_area: fn(LifeArea) -> &'static str,
    pub sub_goal_status: fn(SubGoalStatus) -> &'static str,
    pub expected_on: fn(&str) -> String,
    pub next_expected: fn(&str) -> String,
    pub activities: &'static str,
    pub period: fn(&str, &str) -> String,
    pub from_date: fn(&str) -> String,
    pub changes_heading: &'static str,
    pub no_changes: &'static str,
    pub first_visit: &'static str,
    pub next_step: &'static str,
    pub next_meeting: &'static str,
    pub later_meetings: &'static str,
    pub no_later_meeting: &'static str,
    pub changes_dismissed: &'static str,
    pub changes_seen: &'static str,
    pub changes_more: fn(u32) -> String,
    pub first_version: &'static str,
    pub past_meetings: &'static str,
    pub participants: &'static str,
    pub bring: &'static str,
    pub add_to_calendar: &'static str,
    pub own_texts_heading: &'static str,
    pub own_texts_intro: &'static str,
    pub what_matters: &'static str,
    pub what_matters_hint: &'static str,
    pub meeting_notes: &'static str,
    pub meeting_notes_hint: &'static str,
    pub max_chars: fn(usize) -> String,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved_at: fn(&str) -> String,
    pub save_conflict: &'static str,
    pub save_anyway: &'static str,
    pub save_failed: &'static str,
    pub versions_link: &'static str,
    pub versions_title: &'static str,
    pub versions_intro: &'static str,
    pub version_label: fn(i64, &str) -> String,
    pub version_title: fn(&str) -> String,
    pub version_notice: &'static str,
    pub back_to_plan: &'static str,
    pub loading: &'static str,
    pub accessibility_link: &'static str,
    pub accessibility_title: &'static str,
    pub help_title: &'static str,
    pub help_link: &'static str,
    /// Each term's anchor (the same in both languages), the term and what it means.
    pub help_terms: &'static [(&'static str, &'static str, &'static str)],
    pub accessibility_body: &'static [&'static str],
    pub describe_change: fn(&PlanChange, &dyn Fn(DateTime<Utc>) -> String) -> String,
    pub nav_documents: &'static str,
    pub documents_title: &'static str,
    pub documents_intro: &'static str,
    pub send_documents: &'static str,
    pub accepted_types: fn(u64) -> String,
    pub choose_files: &'static str,
    pub take_photo: &'static str,
    pub drop_here: &'static str,
    pub send: &'static str,
    pub documents_held: &'static str,
    pub no_documents: &'static str,
    pub title_label: &'static str,
    pub kind_label: &'static str,
    pub kind_choose: &'static str,
    pub kind_other: &'static str,
    /// The papers citizens send most, as (key, the title it gives).
    pub document_kinds: [(&'static str, &'static str); 3],
    pub title_missing: &'static str,
    pub files_chosen: fn(usize) -> String,
    pub note_label: &'static str,
    pub state_chosen: &'static str,
    pub state_uploading: fn(u32) -> String,
    pub upload_progress: &'static str,
    pub cancel: &'static str,
    pub state_received: fn(&str) -> String,
    pub state_failed: &'static str,
    pub file_error: fn(ErrorCode) -> &'static str,
    pub upload_network_error: &'static str,
    pub remove_file: &'static str,
    pub from_municipality: &'static str,
    pub document_meta: fn(&str, &str) -> String,
    pub download: &'static str,
    pub delete: &'static str,
    pub confirm_delete: fn(&str) -> String,
    pub goal_label: &'static str,
    pub no_goal: &'static str,
    pub goal_link_saved: &'static str,
    pub goal_link_failed: &'static str,
    pub delete_failed: &'static str,
    pub nav_decisions: &'static str,
    pub decisions_title: &'static str,
    pub decisions_intro: &'static str,
    pub no_decisions: &'static str,
    pub received_on: fn(&str) -> String,
    pub deadline_line: fn(&str, i64) -> String,
    pub deadline_soon: &'static str,
    pub deadline_passed: &'static str,
    pub parts_heading: &'static str,
    pub outcome: fn(PartOutcome) -> &'static str,
    pub reasoning_heading: &'static str,
    pub guidance_heading: &'static str,
    pub phone_is_valid: &'static str,
    pub download_decision: &'static str,
    pub start_appeal: &'static str,
    pub appeal_title: &'static str,
    pub choose_parts: &'static str,
    pub reason_for_part: &'static str,
    pub reason_all: &'static str,
    pub reasons_later: &'static str,
    pub attach_heading: &'static str,
    pub wishes_heading: &'static str,
    pub wants_meeting: &'static str,
    pub wants_call: &'static str,
    pub helper_label: &'static str,
    pub late_label: &'static str,
    pub late_hint: &'static str,
    pub draft_saved: fn(&str) -> String,
    pub draft_failed: &'static str,
    pub to_check: &'static str,
    pub check_title: &'static str,
    pub change: &'static str,
    pub not_given: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub submit_appeal: &'static str,
    pub sending: &'static str,
    pub appeal_error: fn(Option<ErrorCode>) -> &'static str,
    pub appeal_heading: &'static str,
    pub reference: fn(&str) -> String,
    pub sent_at: fn(&str) -> String,
    pub sent_late: &'static str,
    pub next_steps: &'static str,
    pub reconsider_by: fn(&str) -> String,
    pub print_receipt: &'static str,
    pub timeline_heading: &'static str,
    pub appeal_stage: fn(AppealStage) -> &'static str,
    pub appeal_now: fn(&str) -> String,
    pub case_number: fn(&str) -> String,
    pub add_heading: &'static str,
    pub add_text: &'static str,
    pub add_button: &'static str,
    pub added_at: fn(&str) -> String,
    pub additions_closed: &'static str,
    pub attached_count: fn(usize) -> String,
    pub new_document: &'static str,
    pub back_to_appeal: &'static str,
    pub appealed_heading: &'static str,
    pub nav_grants: &'static str,
    pub nav_log: &'static str,
    pub nav_my_data: &'static str,
    pub nav_caseworker: &'static str,
    pub acting_banner: fn(&str) -> String,
    pub guardian_banner: fn(&str) -> String,
    pub preview_banner: fn(&str) -> String,
    pub act_as_myself: &'static str,
    pub end_preview: &'static str,
    pub error_forbidden: &'static str,
    pub error_access_ended: &'static str,
    pub error_preview: &'static str,
    pub back_to_own: &'static str,
    pub grants_title: &'static str,
    pub grants_intro: &'static str,
    pub grants_given_heading: &'static str,
    pub grants_received_heading: &'static str,
    pub no_grants: &'static str,
    pub give_heading: &'static str,
    pub given_to: fn(&str) -> String,
    pub give_person: &'static str,
    pub give_name: &'static str,
    pub give_cpr: &'static str,
    pub give_cpr_hint: &'static str,
    pub cpr_invalid: &'static str,
    pub grants_waiting_heading: &'static str,
    pub guardianship_heading: &'static str,
    pub give_scopes: &'static str,
    pub scope_name: fn(Scope) -> &'static str,
    pub include_sensitive: &'static str,
    pub ends_on_label: &'static str,
    pub ends_on_hint: fn(u32) -> String,
    pub give_button: &'static str,
    pub give_note: &'static str,
    pub give_error: &'static str,
    pub grant_state: fn(GrantState) -> &'static str,
    pub guardianship_note: &'static str,
    pub grant_until: fn(&str) -> String,
    pub revoke: &'static str,
    pub revoke_confirm: fn(&str) -> String,
    pub accept: &'static str,
    pub give_up: &'static str,
    pub act_for: fn(&str) -> String,
    pub log_title: &'static str,
    pub my_data_title: &'static str,
    pub my_data_intro: &'static str,
    pub my_data_json: &'static str,
    pub my_data_html: &'static str,
    pub my_data_documents: &'static str,
    pub my_data_download: &'static str,
    pub my_data_note: &'static str,
    pub log_intro: &'static str,
    pub log_person: &'static str,
    pub log_everyone: &'static str,
    pub log_from: &'static str,
    pub log_to: &'static str,
    pub log_filter: &'static str,
    pub log_empty: &'static str,
    pub log_action: fn(Action) -> &'static str,
    pub log_and: &'static str,
    pub log_filter_heading: &'static str,
    pub log_role: fn(ActorRole) -> &'static str,
    pub caseworker_title: &'static str,
    pub caseworker_intro: &'static str,
    pub preview_as: fn(&str) -> String,
    pub stand_in_tag: &'static str,
    pub on_behalf: fn(&str) -> String,
    pub lodged_by: fn(&str) -> String,
    pub login_mitid: &'static str,
    pub login_mitid_intro: &'static str,
    pub login_demo_heading: &'static str,
    /// Why a sign-in was refused, by the server's reason code (`/login?fejl=…`).
    pub login_refused: fn(&str) -> &'static str,
    pub idle_title: &'static str,
    pub idle_text: fn(u32) -> String,
    pub idle_stay: &'static str,
    pub sign_out_everywhere: &'static str,
    pub sign_out_everywhere_intro: &'static str,
    pub rate_limited: &'static str,
    pub own_texts_restored: &'static str,
    pub received_by_municipality: fn(&str) -> String,
    pub waiting_for_municipality: &'static str,
    pub nav_messages: &'static str,
    pub messages_title: &'static str,
    pub messages_intro: &'static str,
    pub messages_loading: &'static str,
    pub no_threads: &'static str,
    pub unread_count: fn(u32) -> String,
    pub waiting_count: fn(u32) -> String,
    pub new_message: &'static str,
    pub subject_label: &'static str,
    pub message_label: &'static str,
    pub chars_left: fn(usize) -> String,
    pub send_message: &'static str,
    pub answer_time: fn(&str, u32) -> String,
    pub stand_in_notice: fn(&str, &str) -> String,
    pub urgent: fn(&str) -> String,
    pub turn: fn(Turn, bool) -> &'static str,
    pub read_by: fn(&str, &str) -> String,
    pub not_read: &'static str,
    pub journalised: fn(&str) -> String,
    pub written_for: fn(&str, &str) -> String,
    pub all_messages: &'static str,
    pub reply_label: &'static str,
    pub draft_kept: &'static str,
    pub new_message_from: fn(&str) -> String,
    pub close_thread: &'static str,
    pub about_line: fn(&str) -> String,
    pub attach_existing: &'static str,
    pub attach_new: &'static str,
    pub message_error: fn(Option<ErrorCode>) -> &'static str,
    pub write_about_goal: &'static str,
    pub messages_about: &'static str,
    pub nav_notifications: &'static str,
    pub notifications_title: &'static str,
    pub notifications_intro: &'static str,
    pub email_heading: &'static str,
    pub email_label: &'static str,
    pub email_hint: &'static str,
    pub code_send: &'static str,
    pub code_sent: fn(&str) -> String,
    pub code_label: &'static str,
    pub code_confirm: &'static str,
    pub code_again: &'static str,
    pub email_verified: fn(&str) -> String,
    pub email_remove: &'static str,
    pub sms_heading: &'static str,
    pub sms_label: &'static str,
    pub sms_hint: &'static str,
    pub sms_verified: fn(&str) -> String,
    pub sms_remove: &'static str,
    pub sms_code_label: &'static str,
    pub choices_heading: &'static str,
    pub events_legend: &'static str,
    pub event_kind: fn(samlet_api::notifications::EventKind) -> &'static str,
    /// A kind of news as a sent notice's list names it ("ny besked").
    pub notice_kind: fn(samlet_api::notifications::EventKind) -> &'static str,
    pub quiet_legend: &'static str,
    pub notice_language: &'static str,
    pub quiet_hint: &'static str,
    pub quiet_from: &'static str,
    pub quiet_until: &'static str,
    pub choices_saved: &'static str,
    pub recent_heading: &'static str,
    pub recent_none: &'static str,
    pub channel: fn(samlet_api::notifications::Channel) -> &'static str,
    pub notice_items: fn(u32) -> String,
    pub notice_status: fn(samlet_api::notifications::NoticeStatus) -> &'static str,
    pub notification_error: fn(Option<ErrorCode>) -> &'static str,
    pub write_about_decision: &'static str,
    pub attend_coming: &'static str,
    pub attend_not_coming: &'static str,
    pub attend_failed: &'static str,
    pub answered: fn(Attendance, &str, &str) -> String,
    pub not_coming_start: &'static str,
    pub turn_off_title: &'static str,
    pub turn_off_intro: &'static str,
    pub turn_off_these: &'static str,
    pub turn_off_all: &'static str,
    pub turn_off_done: &'static str,
    pub turn_off_is_off: &'static str,
    pub turn_off_again: &'static str,
    pub turn_off_expired: &'static str,
}
