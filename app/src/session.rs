//! Who is signed in, the demo login, and the guard that sends everyone else to it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use samlet_api::delegation::ActFor;
use samlet_api::error::ErrorCode;
use samlet_api::session::{DemoAccount, DemoLogin, SessionInfo, SignInMethods};

use crate::api::{self, ApiError};
use crate::i18n;

#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Asking the server whether the session cookie is still good.
    Checking,
    SignedOut,
    SignedIn(SessionInfo),
    /// The server could not be reached to ask.
    Unreachable,
}

/// The session as the whole app sees it. The server decides; this only mirrors it.
#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
    /// Demo mode is shown on every page, signed in or not.
    pub demo: RwSignal<bool>,
}

impl Session {
    pub fn check(self) {
        self.state.set(SessionState::Checking);
        spawn_local(async move {
            self.state
                .set(match api::get::<SessionInfo>("/api/session").await {
                    Ok(info) => {
                        self.demo.set(info.demo);
                        SessionState::SignedIn(info)
                    }
                    Err(ApiError::Network) => SessionState::Unreachable,
                    Err(ApiError::Server(_)) => SessionState::SignedOut,
                });
        });
    }

    /// Called when the server says the session is gone (401): back to the login page.
    pub fn ended(self) {
        self.state.set(SessionState::SignedOut);
    }

    pub fn info(self) -> Option<SessionInfo> {
        match self.state.get() {
            SessionState::SignedIn(info) => Some(info),
            _ => None,
        }
    }
}

pub fn provide() {
    let session = Session {
        state: RwSignal::new(SessionState::Checking),
        demo: RwSignal::new(false),
    };
    provide_context(session);
    session.check();
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Where a sign-in may return to: a path in this app (the server checks the same).
fn safe_next(next: Option<String>) -> String {
    next.filter(|p| {
        p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.starts_with("/login")
    })
    .unwrap_or_else(|| "/plan".into())
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// Shows `children` to a signed-in user; anyone else goes to the login page, which brings
/// them back here afterwards.
#[component]
pub fn SignedInOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = leptos_router::hooks::use_location();
    move || match session.state.get() {
        SessionState::Checking => view! {
            <p class="status" role="status">{i18n::tr(|t| t.checking_session)}</p>
        }
        .into_any(),
        SessionState::SignedOut => {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            view! { <Redirect path=format!("/login?next={}", encode(&here))/> }.into_any()
        }
        SessionState::Unreachable => view! {
            <div class="alert alert-error" role="alert">
                <p>{i18n::tr(|t| t.error_network)}</p>
                <button type="button" class="button" on:click=move |_| session.check()>
                    {i18n::tr(|t| t.retry)}
                </button>
            </div>
        }
        .into_any(),
        SessionState::SignedIn(_) => view! { <IdleWarning/> {children()} }.into_any(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let lang = i18n::lang();
    let navigate = use_navigate();
    let query = leptos_router::hooks::use_query_map();
    let next = move || safe_next(query.get_untracked().get("next"));
    let refusal = move || query.get().get("fejl");
    let methods = api::Resource::<SignInMethods>::new(|| "/api/session/methods".into());
    let accounts = api::Resource::<Vec<DemoAccount>>::new(|| "/api/demo/accounts".into());
    let sign_in = Action::new_local(|account_id: &i64| {
        let login = DemoLogin {
            account_id: *account_id,
        };
        async move { api::post::<_, SessionInfo>("/api/session/demo", &login).await }
    });
    Effect::new(move || {
        if let Some(Ok(info)) = sign_in.value().get() {
            session.demo.set(info.demo);
            session.state.set(SessionState::SignedIn(info));
            navigate(&next(), Default::default());
        }
    });
    Effect::new(move || {
        if let Some(Ok(methods)) = methods.get() {
            session.demo.set(methods.demo);
        }
    });

    let mitid = move || {
        let t = lang.get().texts();
        match methods.get() {
            Some(Ok(m)) if m.mitid => view! {
                <section class="card">
                    <p>{t.login_mitid_intro}</p>
                    // A page navigation to the server, not a route in the app.
                    <a class="button button-primary" rel="external"
                        href=format!("/auth/login?next={}", encode(&next()))>{t.login_mitid}</a>
                </section>
            }
            .into_any(),
            Some(Ok(m)) if !m.demo => view! { <p>{t.login_unavailable}</p> }.into_any(),
            _ => ().into_any(),
        }
    };

    let account_list = move || {
        let t = lang.get().texts();
        match accounts.get() {
            None => view! { <p class="status" role="status">{t.login_loading}</p> }.into_any(),
            // Outside demo mode the demo login does not exist on the server.
            Some(Err(ApiError::Server(body))) if body.code == ErrorCode::NotFound => ().into_any(),
            Some(Err(_)) => view! {
                <div class="alert alert-error" role="alert">
                    <p>{t.error_network}</p>
                    <button type="button" class="button" on:click=move |_| accounts.refetch()>{t.retry}</button>
                </div>
            }
            .into_any(),
            Some(Ok(accounts)) => view! {
                <h2>{t.login_demo_heading}</h2>
                <p>{t.login_demo_intro}</p>
                <ul class="account-list">
                    {accounts
                        .into_iter()
                        .map(|account| {
                            let id = account.account_id;
                            view! {
                                <li class="card">
                                    <button
                                        type="button"
                                        class="button button-primary"
                                        disabled=move || sign_in.pending().get()
                                        on:click=move |_| {
                                            sign_in.dispatch(id);
                                        }
                                    >
                                        {t.login_as} " " {account.name.clone()}
                                    </button>
                                    <p class="muted">
                                        <span class="tag">{(t.account_kind)(account.kind)}</span>
                                        " "
                                        {account.description.clone()}
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        }
    };

    view! {
        {i18n::page_title(|t| t.login_title)}
        {move || session.info().map(|_| view! { <Redirect path=next()/> })}
        <h1>{i18n::tr(|t| t.login_title)}</h1>
        {move || refusal().map(|code| view! {
            <div class="alert alert-error" role="alert">{(lang.get().texts().login_refused)(&code)}</div>
        })}
        {move || {
            let t = lang.get().texts();
            sign_in.value().get().and_then(|result| result.err()).map(|error| {
                let text = if error.code() == Some(ErrorCode::RateLimited) { t.rate_limited } else { t.login_failed };
                view! { <div class="alert alert-error" role="alert">{text}</div> }
            })
        }}
        {mitid}
        {account_list}
    }
}

/// The warning five minutes before the server ends an idle session, as a modal dialog
/// (focus moves into it, Escape counts as staying). Staying is one request, which is
/// activity to the server; otherwise the session ends and the login page brings the person
/// back here.
#[component]
fn IdleWarning() -> impl IntoView {
    let session = use_session();
    let lang = i18n::lang();
    let now = RwSignal::new(js_sys::Date::now());
    let tick = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_secs(10),
    );
    on_cleanup(move || {
        if let Ok(tick) = tick {
            tick.clear();
        }
    });
    // The server notes activity at most once a minute, so it may count from a minute earlier.
    let left_ms = move || {
        let idle = f64::from(session.info()?.idle_timeout_seconds) * 1000.0;
        (idle > 0.0).then(|| api::last_answer_at() + idle - 60_000.0 - now.get())
    };
    let warn = move || left_ms().is_some_and(|left| left <= 5.0 * 60_000.0);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move || {
        let Some(dialog) = dialog.get() else { return };
        match left_ms() {
            Some(left) if left <= 0.0 => session.check(),
            Some(left) if left <= 5.0 * 60_000.0 => {
                if !dialog.open() {
                    let _ = dialog.show_modal();
                }
            }
            _ => dialog.close(),
        }
    });
    let stay = move || {
        spawn_local(async move {
            // Any answer counts as activity; a 401 means it was already too late.
            if let Err(ApiError::Server(body)) = api::get::<SessionInfo>("/api/session").await
                && body.code == ErrorCode::Unauthenticated
            {
                session.ended();
            }
            now.set(js_sys::Date::now());
        });
    };
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="idle-title" aria-describedby="idle-text"
            on:cancel=move |_: web_sys::Event| stay()>
            <h2 id="idle-title">{i18n::tr(|t| t.idle_title)}</h2>
            <p id="idle-text">
                {move || {
                    let minutes = left_ms().map(|ms| (ms / 60_000.0).ceil().max(1.0) as u32).unwrap_or(5);
                    warn().then(|| (lang.get().texts().idle_text)(minutes))
                }}
            </p>
            <div class="button-row">
                <button type="button" class="button button-primary" autofocus on:click=move |_| stay()>
                    {i18n::tr(|t| t.idle_stay)}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| sign_out(session)>
                    {i18n::tr(|t| t.sign_out)}
                </button>
            </div>
        </dialog>
    }
}

/// Acts for a citizen, or for oneself again with `None`; the server checks the right. The
/// app then starts afresh at `then`, so nothing read for the previous person stays on screen.
pub fn act_for(session: Session, citizen_id: Option<i64>, then: &'static str) {
    spawn_local(async move {
        let choice = ActFor { citizen_id };
        match api::put::<_, SessionInfo>("/api/session/acting-for", &choice).await {
            Ok(_) => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().set_href(then);
                }
            }
            Err(_) => session.check(),
        }
    });
}

/// Ends every session of the account on the server (all devices), then here. On the
/// pages about who may see one's data (Fuldmagter, Min log).
#[component]
pub fn SignOutEverywhere() -> impl IntoView {
    let session = use_session();
    let leave = move |_| {
        spawn_local(async move {
            let _ = api::delete("/api/session/everywhere").await;
            forget_kept_texts();
            session.ended();
        });
    };
    view! {
        <section class="card" aria-labelledby="everywhere-title">
            <h2 id="everywhere-title">{i18n::tr(|t| t.sign_out_everywhere)}</h2>
            <p>{i18n::tr(|t| t.sign_out_everywhere_intro)}</p>
            <button type="button" class="button button-secondary" on:click=leave>
                {i18n::tr(|t| t.sign_out_everywhere)}
            </button>
        </section>
    }
}

/// Text kept in the tab for after a timeout is not for whoever uses the computer next.
fn forget_kept_texts() {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.clear();
    }
}

/// Signs out on the server, then forgets the session here.
pub fn sign_out(session: Session) {
    spawn_local(async move {
        // Even if the request fails the user asked to leave: show the login page.
        let _ = api::delete("/api/session").await;
        forget_kept_texts();
        session.ended();
    });
}
