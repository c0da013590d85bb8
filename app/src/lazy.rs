//! Pages whose code arrives when they are first visited (issue 27). `/login` and `/plan`
//! are in the main wasm; every other page is a `#[wasm_split]` point: the build
//! (scripts/split/) moves the page, and everything only it uses, into a chunk of its own,
//! fetched on the first visit, or earlier by [`prefetch`] once the first page is drawn.
//!
//! Leptos 0.8's `#[lazy_route]` panics when a chunk cannot be fetched (a dropped line on a
//! bus), which stops the whole app. The `fallible` split used here returns the failure
//! instead: the page says so, and "Prøv igen" fetches it again.

use leptos::prelude::*;
use leptos::tachys::reactive_graph::OwnedView;
use wasm_bindgen::JsCast;

use crate::i18n;

/// A page's chunk did not arrive.
#[derive(Debug, Clone)]
pub struct ChunkError;

impl std::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the page's code could not be fetched")
    }
}

impl std::error::Error for ChunkError {}

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// For each `Name: view_fn, split_name, preload_fn => module::Page;`, a component `Name`
/// that fetches the chunk `split_name` holding `module::Page` and draws it, and `PRELOADS`,
/// every `preload_fn` in the order given.
macro_rules! lazy_pages {
    ($($name:ident: $view:ident, $split:ident, $preload:ident => $($page:ident)::+;)+) => {$(
        #[::leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        fn $view(owner: Owner) -> Result<AnyView, ChunkError> {
            // Made untracked, as a route makes its page: inside `Suspend` every signal the
            // page reads while it is made would be tracked by `show`, and any change to one
            // (a list refetched after a save) would make the whole page again, losing its
            // focus and what was typed. Made and drawn under `owner`, outside `show`'s
            // `Transition`, so the page's own reads do not hold it back (see `show`).
            Ok(owner.with(|| untrack(|| OwnedView::new(view! { <$($page)::+/> }).into_any())))
        }

        #[component]
        pub fn $name() -> impl IntoView {
            show($view)
        }
    )+

        /// Every page's chunk, in the order [`prefetch`] fetches them.
        const PRELOADS: &[Preload] = &[$(|| Box::pin($preload())),+];
    };
}

/// Fetches one page's chunk.
type Preload = fn() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>>>,
>;

// In the order `prefetch` fetches them: the pages a citizen opens most from the plan first.
lazy_pages! {
    ContactPage: contact_view, contact_page, preload_contact_page => crate::contact::ContactPage;
    MessagesPage: messages_view, messages_page, preload_messages_page => crate::messages::MessagesPage;
    ThreadPage: thread_view, thread_page, preload_thread_page => crate::messages::ThreadPage;
    DocumentsPage: documents_view, documents_page, preload_documents_page => crate::documents::DocumentsPage;
    DecisionsPage: decisions_view, decisions_page, preload_decisions_page => crate::appeal::DecisionsPage;
    DecisionPage: decision_view, decision_page, preload_decision_page => crate::appeal::DecisionPage;
    AppealFormPage: appeal_form_view, appeal_form_page, preload_appeal_form_page => crate::appeal::AppealFormPage;
    VersionsPage: versions_view, versions_page, preload_versions_page => crate::plan::VersionsPage;
    VersionPage: version_view, version_page, preload_version_page => crate::plan::VersionPage;
    NotificationsPage: notifications_view, notifications_page, preload_notifications_page => crate::notifications::NotificationsPage;
    GrantsPage: grants_view, grants_page, preload_grants_page => crate::delegation::GrantsPage;
    LogPage: log_view, log_page, preload_log_page => crate::audit::LogPage;
    MyDataPage: my_data_view, my_data_page, preload_my_data_page => crate::export::MyDataPage;
    HelpPage: help_view, help_page, preload_help_page => crate::layout::HelpPage;
    AccessibilityStatement: accessibility_view, accessibility_page, preload_accessibility_page => crate::layout::AccessibilityStatement;
    CaseworkerPage: caseworker_view, caseworker_page, preload_caseworker_page => crate::delegation::CaseworkerPage;
    TurnOffPage: turn_off_view, turn_off_page, preload_turn_off_page => crate::notifications::TurnOffPage;
}

/// Fetches every page's chunk, one after another, once the first page is drawn and the phone
/// is idle (five seconds after the start, then when the browser has nothing else to do), so
/// a later visit does not wait for the line, and the fetching does not compete with the
/// first page or the first taps. A chunk that fails here is fetched again when its page is
/// visited.
pub fn prefetch() {
    set_timeout(
        || {
            let start = wasm_bindgen::closure::Closure::once_into_js(|| {
                leptos::task::spawn_local(prefetch_all());
            });
            let asked = web_sys::window()
                .map(|window| window.request_idle_callback(start.unchecked_ref()).is_ok())
                .unwrap_or(false);
            if !asked {
                leptos::task::spawn_local(prefetch_all());
            }
        },
        std::time::Duration::from_secs(5),
    );
}

async fn prefetch_all() {
    for preload in PRELOADS {
        let _ = preload().await;
    }
}

/// Draws the page `load` fetches, saying "Henter siden …" while its code is on its way; if
/// the code does not arrive, says so with a way to fetch it again.
fn show<F>(load: impl Fn(Owner) -> F + Send + Sync + 'static) -> impl IntoView
where
    F: std::future::Future<Output = Result<AnyView, ChunkError>> + Send + 'static,
{
    let attempt = RwSignal::new(0u32);
    // The page is made under an owner outside the `Transition`: there, its own data reads
    // would answer to the `Transition` too, which would then hide the whole page, heading
    // and "Henter …" included, until every answer had come (a blank page on a slow line).
    let outside = Owner::current().unwrap_or_default();
    view! {
        <ErrorBoundary fallback=move |_| view! {
            <div class="alert alert-error" role="alert">
                <p>{i18n::tr(|t| t.chunk_failed)}</p>
                <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                    {i18n::tr(|t| t.retry)}
                </button>
            </div>
        }>
            <Transition fallback=|| view! { <p class="status" role="status">{i18n::tr(|t| t.page_loading)}</p> }>
                {move || {
                    attempt.track();
                    Suspend::new(load(outside.child()))
                }}
            </Transition>
        </ErrorBoundary>
    }
}
