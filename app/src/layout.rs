//! The frame around every page: skip link, header with navigation, demo notice, footer.

use leptos::prelude::*;
use leptos_router::components::A;
use samlet_api::delegation::{ActingRole, Scope};
use samlet_api::error::ErrorCode;
use samlet_api::session::AccountKind;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::i18n::{self, LanguageSwitch};
use crate::session::{self, use_session};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let lang = i18n::lang();
    let session = use_session();
    let t = move || lang.get().texts();
    // Until the server has said who is signed in, the frame is laid out but not shown: the
    // navigation that then appears would otherwise push the whole page down (a layout shift
    // that moves what a citizen is about to tap).
    let checking = move || session.state.get() == session::SessionState::Checking;
    // On a narrow screen the menu is behind one button, so the page's own heading starts
    // near the top; it closes again when a page is chosen.
    let menu_open = RwSignal::new(false);
    let location = leptos_router::hooks::use_location();
    let home = move || {
        session
            .info()
            .map_or("/plan", |info| session::start_page(&info))
            .to_owned()
    };
    Effect::new(move |seen: Option<String>| {
        let path = location.pathname.get();
        menu_open.set(false);
        if seen.is_some_and(|seen| seen != path) {
            stop_reading();
            focus_heading(path.clone(), location.pathname);
        }
        path
    });
    view! {
        <div class="shell" class:checking=checking>
        <a class="skip-link" href="#main">{i18n::tr(|t| t.skip_link)}</a>
        <header class="site-header">
            <div class="container header-row">
                <div class="brand">
                    <A href=home>"Samlet"</A>
                    <span class="tagline">{i18n::tr(|t| t.site_tagline)}</span>
                </div>
                <div class="header-tools">
                    <LanguageSwitch/>
                    // Handled by index.html's script, so it works before the app has loaded.
                    <button type="button" class="button quick-exit" data-quick-exit="" title=i18n::tr(|t| t.quick_exit_hint)>
                        {i18n::tr(|t| t.quick_exit)}
                    </button>
                    {move || session.info().is_some().then(|| view! {
                        <button type="button" class="button menu-button" aria-controls="site-menu"
                            aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                            on:click=move |_| menu_open.update(|open| *open = !*open)>
                            {i18n::tr(|t| t.menu)}
                        </button>
                    })}
                </div>
            </div>
            {move || {
                session.info().map(|info| {
                    let acting = info.acting_for.clone();
                    // Acting for someone, the menu offers only what the grant allows.
                    let may = move |scope: Scope| acting.as_ref().is_none_or(|a| a.scopes.contains(&scope));
                    let own = info.acting_for.is_none();
                    view! {
                    <div id="site-menu" class="container header-row site-menu" class:open=menu_open>
                        <nav aria-label=i18n::tr(|t| t.nav_label)>
                            <ul class="nav-list">
                                {(info.kind == AccountKind::Caseworker && own).then(|| view! {
                                    <li><A href="/sagsbehandler">{i18n::tr(|t| t.nav_caseworker)}</A></li>
                                })}
                                {(info.kind == AccountKind::Citizen || !own).then(|| view! {
                                    {may(Scope::Plan).then(|| view! {
                                        <li><A href="/plan">{i18n::tr(|t| t.nav_plan)}</A></li>
                                        <li><A href="/kontakt">{i18n::tr(|t| t.nav_contact)}</A></li>
                                    })}
                                    {(may(Scope::ReadDocuments) || may(Scope::UploadDocuments)).then(|| view! {
                                        <li><A href="/dokumenter">{i18n::tr(|t| t.nav_documents)}</A></li>
                                    })}
                                    {may(Scope::Appeal).then(|| view! {
                                        <li><A href="/afgoerelser">{i18n::tr(|t| t.nav_decisions)}</A></li>
                                    })}
                                    {may(Scope::Messages).then(|| view! { <li><crate::messages::NavLink/></li> })}
                                })}
                                {(info.kind != AccountKind::Caseworker).then(|| view! {
                                    <li><A href="/fuldmagter">{i18n::tr(|t| t.nav_grants)}</A></li>
                                })}
                                {(info.kind == AccountKind::Citizen && own).then(|| view! {
                                    <li><A href="/min-log">{i18n::tr(|t| t.nav_log)}</A></li>
                                })}
                                // All the data at once: the citizen's own, or a guardian's.
                                {((info.kind == AccountKind::Citizen && own) || info.acting_for.as_ref().is_some_and(|a| a.role == ActingRole::Guardian)).then(|| view! {
                                    <li><A href="/mine-data">{i18n::tr(|t| t.nav_my_data)}</A></li>
                                })}
                                // Each person's own notices about the citizen shown: a relative
                                // chooses theirs while acting for them.
                                {(info.kind == AccountKind::Citizen || (!own && info.kind != AccountKind::Caseworker)).then(|| view! {
                                    <li><A href="/notifikationer">{i18n::tr(|t| t.nav_notifications)}</A></li>
                                })}
                            </ul>
                        </nav>
                        <div class="user">
                            <span>{i18n::tr(|t| t.signed_in_as)} " " <strong>{info.name.clone()}</strong></span>
                            " "
                            <button type="button" class="button button-secondary" on:click=move |_| session::sign_out(session)>
                                {i18n::tr(|t| t.sign_out)}
                            </button>
                        </div>
                    </div>
                }})
            }}
        </header>
        {move || session.info().and_then(|info| info.acting_for).map(|acting| {
            let preview = acting.role == ActingRole::CaseworkerPreview;
            let text = move || {
                let t = lang.get().texts();
                let banner = match acting.role {
                    ActingRole::Relative => t.acting_banner,
                    ActingRole::Guardian => t.guardian_banner,
                    ActingRole::CaseworkerPreview => t.preview_banner,
                };
                banner(&acting.name)
            };
            view! {
                <div class=if preview { "acting-banner preview-banner" } else { "acting-banner" } role="region"
                    aria-label=move || if preview { t().end_preview } else { t().act_as_myself }>
                    <div class="container header-row">
                        <p><strong>{text}</strong></p>
                        <button type="button" class="button"
                            on:click=move |_| session::act_for(session, None, if preview { "/sagsbehandler" } else { "/fuldmagter" })>
                            {move || if preview { t().end_preview } else { t().act_as_myself }}
                        </button>
                    </div>
                </div>
            }
        })}
        <main id="main" class="container" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            // In the footer's landmark and in the flow: it never covers the page, and its
            // arrival (once the server has said it is demo mode) moves nothing above it.
            {move || session.demo.get().then(|| view! {
                <div class="demo-banner" role="note"><div class="container">{t().demo_banner}</div></div>
            })}
            <div class="container">
                <p>{i18n::tr(|t| t.footer)}</p>
                <p><A href="/tilgaengelighed">{i18n::tr(|t| t.accessibility_link)}</A></p>
                <p><A href="/hjaelp">{i18n::tr(|t| t.help_title)}</A></p>
            </div>
        </footer>
        // Only on paper, at its foot: where it came from and when.
        <p class="print-footer">
            {i18n::tr(|t| t.printed_from)} " " {move || crate::format::day(chrono::Utc::now(), lang.get())}
        </p>
        </div>
    }
}

/// "Læs op": the page's visible text read aloud by the browser's own speech synthesis,
/// and stopped by a second press (index.html's script does the reading, so no speech code
/// is in the wasm). Shown only where the browser can speak.
#[component]
pub fn ReadAloud() -> impl IntoView {
    let can_speak = js_sys::Reflect::has(&js_sys::global(), &"speechSynthesis".into()).unwrap_or(false);
    can_speak.then(|| {
        view! {
            <button type="button" class="button read-aloud no-print" data-read-aloud="" aria-pressed="false">
                {i18n::tr(|t| t.read_aloud)}
            </button>
        }
    })
}

/// Stops reading aloud: the text read belongs to the page that was left.
fn stop_reading() {
    let speech = js_sys::Reflect::get(&js_sys::global(), &"speechSynthesis".into()).ok();
    if let Some(speech) = speech.filter(|s| s.is_object())
        && let Ok(cancel) = js_sys::Reflect::get(&speech, &"cancel".into())
        && let Some(cancel) = cancel.dyn_ref::<js_sys::Function>()
    {
        let _ = cancel.call0(&speech);
    }
}

/// Whether part of `element` is on the screen while the tab is in front: what the person
/// could be reading now.
pub fn in_view(element: &web_sys::Element) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    if window.document().is_none_or(|d| d.hidden()) {
        return false;
    }
    let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let rect = element.get_bounding_client_rect();
    rect.bottom() > 0.0 && rect.top() < height
}

/// Moves focus to the new page's heading, so a screen reader says where the person is
/// and the next Tab starts in the page, not in the footer.
///
/// The page may still be drawing, or its code still on its way on a slow line (each page
/// but the plan is a chunk of its own, see `lazy`), so it looks again until the heading is
/// there, for as long as a cheap phone may need. It gives up when the person has gone on
/// to another page, or has moved the focus themselves meanwhile (a heading arriving late
/// must not pull them back from what they reached with Tab).
fn focus_heading(path: String, now: Memo<String>) {
    let before = active_element();
    look_for_heading(path, now, before, HEADING_LOOKS);
}

/// How many times [`focus_heading`] looks, 100 ms apart: 30 seconds.
const HEADING_LOOKS: u32 = 300;

fn look_for_heading(path: String, now: Memo<String>, before: Option<web_sys::Element>, looks: u32) {
    set_timeout(
        move || {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let same_page = now.try_with_untracked(|now| *now == path) == Some(true);
            if !same_page || moved_on(&document, before.as_ref()) {
                return;
            }
            let heading = document.query_selector("main h1").ok().flatten();
            match heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
                Some(heading) => {
                    let _ = heading.set_attribute("tabindex", "-1");
                    let _ = heading.focus();
                }
                None if looks > 1 => look_for_heading(path, now, before, looks - 1),
                None => {}
            }
        },
        std::time::Duration::from_millis(100),
    );
}

fn active_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// Whether the focus is now somewhere the person put it: neither on the page's body (where
/// it goes when the element that had it is taken away) nor still on the element that had
/// it when they left the last page (the link they followed).
fn moved_on(document: &web_sys::Document, before: Option<&web_sys::Element>) -> bool {
    let Some(focused) = document.active_element() else {
        return false;
    };
    let on_body = document
        .body()
        .is_some_and(|body| AsRef::<web_sys::Element>::as_ref(&body) == &focused);
    !on_body && before != Some(&focused)
}

/// `children`, drawn in a task of their own after the rest of the page. A long page (a
/// whole plan) drawn in one go blocks a cheap phone for a few hundred milliseconds, taps
/// included; drawn in pieces, the top shows first and the phone answers in between.
#[component]
pub fn Later(children: Children) -> impl IntoView {
    let ready = RwSignal::new(false);
    // The page may be gone by the time this runs.
    set_timeout(
        move || {
            ready.try_set(true);
        },
        std::time::Duration::ZERO,
    );
    let children = std::cell::Cell::new(Some(children));
    // The children can be drawn only once, so nothing they read may make this run again
    // (it would draw nothing in their place): only `ready` is tracked.
    move || ready.get().then(|| children.take().map(untrack)).flatten()
}

/// A failed load, said plainly: an ended session goes back to the login page, anything
/// else gets a message and a way to try again.
#[component]
pub fn LoadError(error: ApiError, retry: Callback<()>) -> impl IntoView {
    let lang = i18n::lang();
    let session = use_session();
    match error.code() {
        Some(ErrorCode::Unauthenticated) => {
            session.ended();
            ().into_any()
        }
        Some(ErrorCode::NoPlan) => view! {
            <div class="alert alert-info" role="status">{i18n::tr(|t| t.error_no_plan)}</div>
        }
        .into_any(),
        Some(ErrorCode::Forbidden) => view! {
            <div class="alert alert-info" role="alert">{i18n::tr(|t| t.error_forbidden)}</div>
        }
        .into_any(),
        Some(ErrorCode::PreviewReadOnly) => view! {
            <div class="alert alert-info" role="alert">{i18n::tr(|t| t.error_preview)}</div>
        }
        .into_any(),
        // The grant ended since the page was opened: say so, and offer the way back.
        Some(ErrorCode::AccessEnded) => view! {
            <div class="alert alert-error" role="alert">
                <p>{i18n::tr(|t| t.error_access_ended)}</p>
                <button type="button" class="button" on:click=move |_| session::act_for(session, None, "/fuldmagter")>
                    {i18n::tr(|t| t.back_to_own)}
                </button>
            </div>
        }
        .into_any(),
        code => {
            // The server's id of the failed request, which leads support to its log lines.
            let id = match &error {
                ApiError::Server(body) => body.request_id.clone(),
                ApiError::Network => None,
            };
            view! {
                <div class="alert alert-error" role="alert">
                    <p>
                        {move || {
                            let t = lang.get().texts();
                            if code.is_some() { t.error_internal } else { t.error_network }
                        }}
                    </p>
                    {id.map(|id| view! { <p>{i18n::tr(|t| t.error_id)}" "<code>{id}</code></p> })}
                    <button type="button" class="button" on:click=move |_| retry.run(())>
                        {i18n::tr(|t| t.retry)}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        {i18n::page_title(|t| t.not_found_title)}
        <h1>{i18n::tr(|t| t.not_found_title)}</h1>
        <p>{i18n::tr(|t| t.not_found_body)}</p>
        <p><A href="/plan">{i18n::tr(|t| t.to_plan)}</A></p>
    }
}

/// "Hvad betyder det?": the words a citizen meets, said plainly, each with an anchor the
/// pages link to. Readable without signing in.
#[component]
pub fn HelpPage() -> impl IntoView {
    let lang = i18n::lang();
    // The router does not scroll to an anchor by itself.
    set_timeout(
        || {
            let document = web_sys::window().and_then(|w| w.document());
            let hash = document
                .as_ref()
                .and_then(|d| d.location())
                .and_then(|l| l.hash().ok());
            if let (Some(document), Some(hash)) = (document, hash.filter(|h| h.len() > 1))
                && let Some(term) = document.get_element_by_id(&hash[1..])
            {
                term.scroll_into_view();
            }
        },
        std::time::Duration::ZERO,
    );
    view! {
        {i18n::page_title(|t| t.help_title)}
        <h1>{i18n::tr(|t| t.help_title)}</h1>
        <dl class="help-terms">
            {move || lang.get().texts().help_terms.iter().map(|(id, term, meaning)| view! {
                <dt id=*id>{*term}</dt>
                <dd>{*meaning}</dd>
            }).collect_view()}
        </dl>
    }
}

/// A link to what a term means on the help page.
#[component]
pub fn HelpLink(term: &'static str) -> impl IntoView {
    view! { <A href=format!("/hjaelp#{term}")>{i18n::tr(|t| t.help_link)}</A> }
}

/// The accessibility statement Danish law requires of public websites, linked from every
/// page's footer and readable without signing in.
#[component]
pub fn AccessibilityStatement() -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    view! {
        {i18n::page_title(|t| t.accessibility_title)}
        <h1>{i18n::tr(|t| t.accessibility_title)}</h1>
        {move || t().accessibility_body.iter().map(|paragraph| view! { <p>{*paragraph}</p> }).collect_view()}
    }
}

/// "Udskriv": the browser's print, of the page as the print stylesheet lays it out (no
/// navigation, no buttons, black on white, the date and "Udskrevet fra Samlet" at the foot).
#[component]
pub fn PrintButton(
    /// What the button says; "Udskriv" unless given.
    #[prop(optional)]
    label: Option<fn(&'static i18n::Texts) -> &'static str>,
) -> impl IntoView {
    view! {
        <button type="button" class="button button-secondary no-print" on:click=|_| {
            if let Some(window) = web_sys::window() {
                let _ = window.print();
            }
        }>{i18n::tr(label.unwrap_or(|t| t.print))}</button>
    }
}
