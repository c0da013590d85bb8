//! The app's words, in plain Danish first and English second.
//!
//! Every text is a field of [`Texts`], so a missing translation is a compile error, and
//! the words cost no dictionary lookups or locale data in the wasm.

use leptos::prelude::*;
use samlet_api::plan::LifeArea;
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

    pub fn locale(self) -> &'static str {
        match self {
            Lang::Da => "da-DK",
            Lang::En => "en-GB",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Da => &DA,
            Lang::En => &EN,
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
            {move || lang.get().texts().switch_language}
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
    pub switch_language: &'static str,
    pub demo_banner: &'static str,
    pub footer: &'static str,
    pub checking_session: &'static str,
    pub error_network: &'static str,
    pub error_internal: &'static str,
    pub error_no_plan: &'static str,
    pub retry: &'static str,
    pub login_title: &'static str,
    pub login_demo_intro: &'static str,
    pub login_as: &'static str,
    pub login_loading: &'static str,
    pub login_unavailable: &'static str,
    pub login_failed: &'static str,
    pub plan_title: &'static str,
    pub plan_loading: &'static str,
    pub plan_for: &'static str,
    pub overall_goal: &'static str,
    pub progress_heading: &'static str,
    pub progress: fn(u32, u32) -> String,
    pub goals_heading: &'static str,
    pub no_goals: &'static str,
    pub next_meeting: &'static str,
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
    pub away: fn(&str, &str, &str) -> String,
    pub stand_in: &'static str,
    pub coordinator: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub to_plan: &'static str,
    pub account_kind: fn(AccountKind) -> &'static str,
    pub life_area: fn(LifeArea) -> &'static str,
}

pub static DA: Texts = Texts {
    skip_link: "Gå til indhold",
    site_tagline: "Din samlede plan med kommunen",
    nav_label: "Hovedmenu",
    nav_plan: "Min plan",
    nav_contact: "Min kontaktperson",
    signed_in_as: "Logget ind som",
    sign_out: "Log ud",
    switch_language: "English",
    demo_banner: "Demoversion: alle personer og oplysninger er opdigtede.",
    footer: "Samlet – én plan, én kontaktperson, én indgang til kommunen.",
    checking_session: "Et øjeblik …",
    error_network: "Vi kunne ikke få forbindelse. Tjek din internetforbindelse, og prøv igen.",
    error_internal: "Der skete en fejl hos os. Intet er ændret. Prøv igen om lidt.",
    error_no_plan: "Der er ingen plan knyttet til din konto. Kontakt kommunen, hvis du mener, at du skal have en plan.",
    retry: "Prøv igen",
    login_title: "Log ind",
    login_demo_intro: "Dette er en demoversion. Vælg den person, du vil se portalen som. Der er ingen adgangskode.",
    login_as: "Log ind som",
    login_loading: "Henter demokonti …",
    login_unavailable: "Log ind med MitID er ikke sat op på denne server endnu.",
    login_failed: "Du blev ikke logget ind. Prøv igen.",
    plan_title: "Min plan",
    plan_loading: "Henter din plan …",
    plan_for: "Plan for",
    overall_goal: "Mit overordnede mål",
    progress_heading: "Sådan går det",
    progress: |reached, total| format!("{reached} af {total} delmål er nået"),
    goals_heading: "Mine mål",
    no_goals: "Der er endnu ingen mål i din plan. Dem laver du sammen med din kontaktperson.",
    next_meeting: "Næste møde",
    no_meeting: "Der er ingen planlagte møder lige nu.",
    place: "Sted",
    video_meeting: "Videomøde",
    join_video: "Gå til videomødet",
    plan_updated: "Planen er sidst ændret",
    your_contact: "Din kontaktperson",
    contact_more: "Se hvornår og hvordan du kan kontakte",
    contact_title: "Min kontaktperson",
    contact_loading: "Henter din kontaktperson …",
    contact_intro: "Du har én kontaktperson i kommunen. Kontakt altid denne person først – også om det, andre arbejder med.",
    phone: "Telefon",
    email: "E-mail",
    reachable: "Træffes",
    no_contact: "Du har endnu ikke fået en kontaktperson.",
    no_contact_help: "Indtil du får en, kan du kontakte Borgerservice i din kommune. De hjælper dig videre.",
    away: |name, from, until| format!("{name} er væk fra {from} til og med {until}. Kontakt i mellemtiden:"),
    stand_in: "Stedfortræder",
    coordinator: "Din faste kontaktperson",
    not_found_title: "Siden findes ikke",
    not_found_body: "Vi kunne ikke finde den side, du ledte efter.",
    to_plan: "Gå til Min plan",
    account_kind: |kind| match kind {
        AccountKind::Citizen => "Borger",
        AccountKind::Relative => "Pårørende",
        AccountKind::Caseworker => "Sagsbehandler",
    },
    life_area: |area| match area {
        LifeArea::JobEducation => "Job og uddannelse",
        LifeArea::Health => "Helbred",
        LifeArea::Social => "Socialt",
        LifeArea::Housing => "Bolig",
        LifeArea::Economy => "Økonomi",
        LifeArea::Family => "Familie",
    },
};

pub static EN: Texts = Texts {
    skip_link: "Skip to content",
    site_tagline: "Your one plan with the municipality",
    nav_label: "Main menu",
    nav_plan: "My plan",
    nav_contact: "My contact",
    signed_in_as: "Signed in as",
    sign_out: "Sign out",
    switch_language: "Dansk",
    demo_banner: "Demo version: every person and detail is made up.",
    footer: "Samlet – one plan, one contact, one way into the municipality.",
    checking_session: "One moment …",
    error_network: "We could not connect. Check your internet connection and try again.",
    error_internal: "Something went wrong on our side. Nothing was changed. Please try again shortly.",
    error_no_plan: "There is no plan linked to your account. Contact the municipality if you think you should have one.",
    retry: "Try again",
    login_title: "Sign in",
    login_demo_intro: "This is a demo version. Choose the person you want to see the portal as. There is no password.",
    login_as: "Sign in as",
    login_loading: "Loading demo accounts …",
    login_unavailable: "Signing in with MitID has not been set up on this server yet.",
    login_failed: "You were not signed in. Please try again.",
    plan_title: "My plan",
    plan_loading: "Loading your plan …",
    plan_for: "Plan for",
    overall_goal: "My overall goal",
    progress_heading: "How it is going",
    progress: |reached, total| format!("{reached} of {total} sub-goals reached"),
    goals_heading: "My goals",
    no_goals: "Your plan has no goals yet. You make them together with your contact.",
    next_meeting: "Next meeting",
    no_meeting: "No meetings are planned right now.",
    place: "Place",
    video_meeting: "Video meeting",
    join_video: "Go to the video meeting",
    plan_updated: "The plan was last changed",
    your_contact: "Your contact",
    contact_more: "See when and how to reach",
    contact_title: "My contact",
    contact_loading: "Loading your contact …",
    contact_intro: "You have one contact at the municipality. Always contact this person first – also about what others work on.",
    phone: "Phone",
    email: "Email",
    reachable: "Available",
    no_contact: "You do not have a contact yet.",
    no_contact_help: "Until you get one, contact Citizen Services (Borgerservice) in your municipality. They will help you.",
    away: |name, from, until| {
        format!("{name} is away from {from} to {until} inclusive. In the meantime, contact:")
    },
    stand_in: "Stand-in",
    coordinator: "Your usual contact",
    not_found_title: "Page not found",
    not_found_body: "We could not find the page you were looking for.",
    to_plan: "Go to My plan",
    account_kind: |kind| match kind {
        AccountKind::Citizen => "Citizen",
        AccountKind::Relative => "Relative",
        AccountKind::Caseworker => "Caseworker",
    },
    life_area: |area| match area {
        LifeArea::JobEducation => "Job and education",
        LifeArea::Health => "Health",
        LifeArea::Social => "Social",
        LifeArea::Housing => "Housing",
        LifeArea::Economy => "Money",
        LifeArea::Family => "Family",
    },
};
