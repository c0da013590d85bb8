//! The app's words, in plain Danish first and English second.
//!
//! Every text is a field of [`Texts`], so a missing translation is a compile error, and
//! the words cost no dictionary lookups or locale data in the wasm.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use samlet_api::plan::{LifeArea, PlanChange, SubGoalStatus};
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

/// A text that follows the language switch. Every call returns the same closure type, so
/// the app's many texts share one copy of the rendering code in the wasm instead of one
/// per text (this alone kept the first load inside its budget).
pub fn tr(
    pick: fn(&'static Texts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = lang();
    move || pick(lang.get().texts())
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
    pub sub_goal_status: fn(SubGoalStatus) -> &'static str,
    pub success_criterion: &'static str,
    pub target_date: &'static str,
    pub worked_on_by: &'static str,
    pub activities: &'static str,
    pub period: fn(&str, &str) -> String,
    pub from_date: fn(&str) -> String,
    pub changes_heading: &'static str,
    pub no_changes: &'static str,
    pub first_visit: &'static str,
    pub upcoming_meetings: &'static str,
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
    pub accessibility_body: &'static [&'static str],
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
    // A symbol and a word: status never rests on colour alone.
    sub_goal_status: |status| match status {
        SubGoalStatus::NotStarted => "○ Ikke startet",
        SubGoalStatus::InProgress => "◐ I gang",
        SubGoalStatus::Reached => "✓ Nået",
        SubGoalStatus::Paused => "‖ Sat på pause",
    },
    success_criterion: "Det er nået, når",
    target_date: "Mål-dato",
    worked_on_by: "Arbejdes på af",
    activities: "Indsatser",
    period: |from, until| format!("{from} – {until}"),
    from_date: |from| format!("Fra {from}"),
    changes_heading: "Nyt siden dit sidste besøg",
    no_changes: "Der er ingen ændringer i din plan siden dit sidste besøg.",
    first_visit: "Velkommen til din plan. Næste gang kan du her se, hvad der er ændret.",
    upcoming_meetings: "Kommende møder",
    past_meetings: "Tidligere møder",
    participants: "Deltagere",
    bring: "Husk at tage med",
    add_to_calendar: "Gem i din kalender",
    own_texts_heading: "Med mine egne ord",
    own_texts_intro: "Din kontaktperson læser det, du skriver her.",
    what_matters: "Det vigtigste for mig",
    what_matters_hint: "Fx hvad du gerne vil nå, eller hvad der fylder mest lige nu.",
    meeting_notes: "Noter til næste møde",
    meeting_notes_hint: "Fx spørgsmål du vil stille, eller noget du vil fortælle.",
    max_chars: |n| format!("Højst {n} tegn."),
    save: "Gem",
    saving: "Gemmer …",
    saved_at: |at| format!("Gemt {at}."),
    save_conflict: "Din tekst er ikke gemt, fordi den er ændret et andet sted (måske i en anden fane), siden du åbnede siden. Det, du har skrevet, står stadig i felterne.",
    save_anyway: "Gem min tekst alligevel",
    save_failed: "Din tekst blev ikke gemt. Det, du har skrevet, står stadig i felterne. Prøv igen.",
    versions_link: "Se tidligere versioner af planen",
    versions_title: "Tidligere versioner af planen",
    versions_intro: "Hver gang planen ændres, gemmes en version. Vælg en for at se, hvordan planen så ud.",
    version_label: |n, at| format!("Version {n} fra {at}"),
    version_title: |at| format!("Sådan så planen ud {at}"),
    version_notice: "Dette er en tidligere version. Den gælder ikke længere.",
    back_to_plan: "Tilbage til Min plan",
    loading: "Henter …",
    accessibility_link: "Tilgængelighedserklæring",
    accessibility_title: "Tilgængelighedserklæring",
    accessibility_body: &[
        "Samlet skal kunne bruges af alle. Løsningen er lavet, så den følger de internationale retningslinjer for tilgængelighed (WCAG 2.1, niveau AA), som loven kræver af offentlige hjemmesider.",
        "Du kan bruge Samlet med tastatur alene, med skærmlæser, med forstørrelse op til 200 procent og på en smal mobilskærm. Farver er aldrig det eneste, der viser en status.",
        "Vi tester hver ændring automatisk i en rigtig browser, også for tilgængelighed.",
        "Har du svært ved at bruge noget i Samlet, så kontakt din kontaktperson eller Borgerservice. Så hjælper vi dig på en anden måde, og vi retter fejlen.",
        "Du kan klage over manglende tilgængelighed til Digitaliseringsstyrelsen, som fører tilsyn med tilgængelighed på offentlige hjemmesider.",
        "Erklæringen gennemgås mindst én gang om året.",
    ],
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
    sub_goal_status: |status| match status {
        SubGoalStatus::NotStarted => "○ Not started",
        SubGoalStatus::InProgress => "◐ In progress",
        SubGoalStatus::Reached => "✓ Reached",
        SubGoalStatus::Paused => "‖ Paused",
    },
    success_criterion: "Reached when",
    target_date: "Target date",
    worked_on_by: "Worked on by",
    activities: "Activities",
    period: |from, until| format!("{from} – {until}"),
    from_date: |from| format!("From {from}"),
    changes_heading: "New since your last visit",
    no_changes: "Nothing in your plan has changed since your last visit.",
    first_visit: "Welcome to your plan. Next time, you can see here what has changed.",
    upcoming_meetings: "Upcoming meetings",
    past_meetings: "Past meetings",
    participants: "Attending",
    bring: "Remember to bring",
    add_to_calendar: "Save in your calendar",
    own_texts_heading: "In my own words",
    own_texts_intro: "Your contact reads what you write here.",
    what_matters: "What matters most to me",
    what_matters_hint: "For example what you want to achieve, or what weighs most on you right now.",
    meeting_notes: "Notes for the next meeting",
    meeting_notes_hint: "For example questions you want to ask, or something you want to tell.",
    max_chars: |n| format!("At most {n} characters."),
    save: "Save",
    saving: "Saving …",
    saved_at: |at| format!("Saved {at}."),
    save_conflict: "Your text was not saved because it was changed somewhere else (perhaps in another tab) after you opened the page. What you wrote is still in the fields.",
    save_anyway: "Save my text anyway",
    save_failed: "Your text was not saved. What you wrote is still in the fields. Please try again.",
    versions_link: "See earlier versions of the plan",
    versions_title: "Earlier versions of the plan",
    versions_intro: "Every change to the plan saves a version. Choose one to see how the plan looked.",
    version_label: |n, at| format!("Version {n} from {at}"),
    version_title: |at| format!("The plan as it was on {at}"),
    version_notice: "This is an earlier version. It no longer applies.",
    back_to_plan: "Back to My plan",
    loading: "Loading …",
    accessibility_link: "Accessibility statement",
    accessibility_title: "Accessibility statement",
    accessibility_body: &[
        "Samlet must be usable by everyone. It is built to follow the international accessibility guidelines (WCAG 2.1, level AA) that Danish law requires of public websites.",
        "You can use Samlet with a keyboard alone, with a screen reader, zoomed to 200 percent and on a narrow phone screen. Colour is never the only thing that shows a status.",
        "Every change is tested automatically in a real browser, accessibility included.",
        "If something in Samlet is hard for you to use, contact your contact person or Citizen Services. We will help you another way, and we will fix it.",
        "You can complain about missing accessibility to the Danish Agency for Digital Government, which supervises the accessibility of public websites.",
        "This statement is reviewed at least once a year.",
    ],
};

/// One change to the plan in a sentence; dates come already formatted.
pub fn describe_change(change: &PlanChange, lang: Lang, at: impl Fn(DateTime<Utc>) -> String) -> String {
    let t = lang.texts();
    match (lang, change) {
        (Lang::Da, PlanChange::OverallGoalChanged { overall_goal }) => {
            format!("Dit overordnede mål er ændret til: “{overall_goal}”")
        }
        (Lang::En, PlanChange::OverallGoalChanged { overall_goal }) => {
            format!("Your overall goal is now: “{overall_goal}”")
        }
        (Lang::Da, PlanChange::GoalAdded { title, life_area }) => {
            format!("Nyt mål under {}: {title}", (t.life_area)(*life_area))
        }
        (Lang::En, PlanChange::GoalAdded { title, life_area }) => {
            format!("New goal under {}: {title}", (t.life_area)(*life_area))
        }
        (Lang::Da, PlanChange::GoalRemoved { title }) => format!("Målet “{title}” er taget ud af planen"),
        (Lang::En, PlanChange::GoalRemoved { title }) => {
            format!("The goal “{title}” was taken out of the plan")
        }
        (Lang::Da, PlanChange::SubGoalAdded { goal, title }) => format!("Nyt delmål under “{goal}”: {title}"),
        (Lang::En, PlanChange::SubGoalAdded { goal, title }) => {
            format!("New sub-goal under “{goal}”: {title}")
        }
        (
            Lang::Da,
            PlanChange::SubGoalStatusChanged {
                title,
                to: SubGoalStatus::Reached,
                ..
            },
        ) => {
            format!("Delmål nået: {title}")
        }
        (
            Lang::En,
            PlanChange::SubGoalStatusChanged {
                title,
                to: SubGoalStatus::Reached,
                ..
            },
        ) => {
            format!("Sub-goal reached: {title}")
        }
        (Lang::Da, PlanChange::SubGoalStatusChanged { title, to, .. }) => {
            format!("Delmålet “{title}” har fået status: {}", (t.sub_goal_status)(*to))
        }
        (Lang::En, PlanChange::SubGoalStatusChanged { title, to, .. }) => {
            format!(
                "The sub-goal “{title}” now has the status: {}",
                (t.sub_goal_status)(*to)
            )
        }
        (Lang::Da, PlanChange::ActivityAdded { goal, title }) => {
            format!("Ny indsats under “{goal}”: {title}")
        }
        (Lang::En, PlanChange::ActivityAdded { goal, title }) => {
            format!("New activity under “{goal}”: {title}")
        }
        (Lang::Da, PlanChange::MeetingAdded { title, starts_at }) => {
            format!("Nyt møde: {title}, {}", at(*starts_at))
        }
        (Lang::En, PlanChange::MeetingAdded { title, starts_at }) => {
            format!("New meeting: {title}, {}", at(*starts_at))
        }
        (Lang::Da, PlanChange::MeetingMoved { title, from, to }) => {
            format!("Mødet “{title}” er flyttet fra {} til {}", at(*from), at(*to))
        }
        (Lang::En, PlanChange::MeetingMoved { title, from, to }) => {
            format!(
                "The meeting “{title}” has moved from {} to {}",
                at(*from),
                at(*to)
            )
        }
        (Lang::Da, PlanChange::MeetingCancelled { title, starts_at }) => {
            format!("Mødet “{title}” {} er aflyst", at(*starts_at))
        }
        (Lang::En, PlanChange::MeetingCancelled { title, starts_at }) => {
            format!("The meeting “{title}” on {} is cancelled", at(*starts_at))
        }
    }
}
