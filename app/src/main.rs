//! Samlet, the citizen's side: one plan, one contact. A Leptos client-side app.
//!
//! Modules are named after the domain, as in the server and the wire types.

mod api;
mod appeal;
mod audit;
mod contact;
mod delegation;
mod documents;
mod export;
mod format;
mod i18n;
mod layout;
mod lazy;
mod messages;
mod notifications;
mod plan;
mod session;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

fn main() {
    console_error_panic_hook::set_once();
    // Drawn in a task after the one that started the wasm, so a slow phone gets a moment
    // to answer taps between the two.
    set_timeout(|| leptos::mount::mount_to_body(App), std::time::Duration::ZERO);
}

#[component]
fn App() -> impl IntoView {
    i18n::provide();
    session::provide();
    lazy::prefetch();
    view! {
        <Router>
            <layout::Shell>
                // The page is drawn in a task after the header and footer: one long start
                // would block a slow phone's first taps.
                <layout::Later>
                <Routes fallback=layout::NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/plan"/> }/>
                    <Route path=path!("/login") view=session::LoginPage/>
                    <Route path=path!("/plan") view=plan::PlanPage/>
                    <Route path=path!("/plan/versioner") view=lazy::VersionsPage/>
                    <Route path=path!("/plan/versioner/:revision") view=lazy::VersionPage/>
                    <Route path=path!("/tilgaengelighed") view=lazy::AccessibilityStatement/>
                    <Route path=path!("/hjaelp") view=lazy::HelpPage/>
                    <Route path=path!("/kontakt") view=lazy::ContactPage/>
                    <Route path=path!("/beskeder") view=lazy::MessagesPage/>
                    <Route path=path!("/beskeder/:id") view=lazy::ThreadPage/>
                    <Route path=path!("/dokumenter") view=lazy::DocumentsPage/>
                    <Route path=path!("/afgoerelser") view=lazy::DecisionsPage/>
                    <Route path=path!("/afgoerelser/:id") view=lazy::DecisionPage/>
                    <Route path=path!("/afgoerelser/:id/klage") view=lazy::AppealFormPage/>
                    <Route path=path!("/fuldmagter") view=lazy::GrantsPage/>
                    <Route path=path!("/min-log") view=lazy::LogPage/>
                    <Route path=path!("/mine-data") view=lazy::MyDataPage/>
                    <Route path=path!("/notifikationer") view=lazy::NotificationsPage/>
                    <Route path=path!("/afmeld/:token") view=lazy::TurnOffPage/>
                    <Route path=path!("/sagsbehandler") view=lazy::CaseworkerPage/>
                </Routes>
                </layout::Later>
            </layout::Shell>
        </Router>
    }
}
