//! Who is signed in, the demo login, and the guard that sends everyone else to it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use samlet_api::delegation::ActFor;
use samlet_api::error::ErrorCode;
use samlet_api::session::{AccountKind, DemoAccount, DemoLogin, SessionInfo, SignInMethods};

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
    /// The person chose to sign out: the login page says it is done.
    pub left: RwSignal<bool>,
}

/// The server's cookie saying this browser has a session (`SIGNED_IN_HINT` there).
const SIGNED_IN_HINT: &str = "samlet_signed_in";

fn cookies() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Whether this browser may have a session. Without the hint there is none, and asking
/// would only answer 401 (an error in the console on every signed-out visit).
fn may_be_signed_in() -> bool {
    cookies()
        .and_then(|d| js_sys::Reflect::get(&d, &"cookie".into()).ok())
        .and_then(|c| c.as_string())
        .is_some_and(|c| {
            c.split(';')
                .any(|pair| pair.trim() == format!("{SIGNED_IN_HINT}=1"))
        })
}

/// The hint outlives a session the server ended (idle, elsewhere): forget it then.
fn forget_hint() {
    if let Some(document) = cookies() {
        let _ = js_sys::Reflect::set(
            &document,
            &"cookie".into(),
            &format!("{SIGNED_IN_HINT}=; Max-Age=0; path=/").into(),
        );
    }
}

impl Session {
    pub fn check(self) {
        if !may_be_signed_in() {
            self.state.set(SessionState::SignedOut);
            return;
        }
        self.state.set(SessionState::Checking);
        spawn_local(async move {
            self.state
                .set(match api::get::<SessionInfo>("/api/session").await {
                    Ok(info) => {
                        self.demo.set(info.demo);
                        SessionState::SignedIn(info)
                    }
                    Err(ApiError::Network) => SessionState::Unreachable,
                    Err(ApiError::Server(_)) => {
                        forget_hint();
                        SessionState::SignedOut
                    }
                });
        });
    }

    /// Called when the server says the session is gone (401): back to the login page.
    pub fn ended(self) {
        forget_hint();
        self.state.set(SessionState::SignedOut);
    }

    /// Whether the person signed in may change what `scope` covers for the person whose
    /// pages these are: always for oneself; acting, only what the grant allows, and never in
    /// a caseworker's preview. The server decides on every request; this only keeps the
    /// page from offering what it would refuse.
    pub fn may_change(self, scope: samlet_api::delegation::Scope) -> bool {
        self.info().is_some_and(|info| {
            info.acting_for.as_ref().is_none_or(|acting| {
                acting.role != samlet_api::delegation::ActingRole::CaseworkerPreview
                    && acting.scopes.contains(&scope)
            })
        })
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
        left: RwSignal::new(false),
    };
    provide_context(session);
    session.check();
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Where a sign-in may return to: a path in this app (the server checks the same).
fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|p| {
        p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.starts_with("/login")
    })
}

/// Where each person's work is: the citizen's (or the person acted for) plan, a relative's
/// or guardian's powers of attorney, the caseworker's citizens.
pub fn start_page(info: &SessionInfo) -> &'static str {
    match (info.kind, &info.acting_for) {
        (AccountKind::Citizen, _) | (_, Some(_)) => "/plan",
        (AccountKind::Relative, None) => "/fuldmagter",
        (AccountKind::Caseworker, None) => "/sagsbehandler",
    }
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
    let sign_in = Action::new_local(|account_id: &i64| {
        let login = DemoLogin {
            account_id: *account_id,
        };
        async move { api::post::<_, SessionInfo>("/api/session/demo", &login).await }
    });
    Effect::new(move || {
        if let Some(Ok(info)) = sign_in.value().get() {
            session.demo.set(info.demo);
            session.left.set(false);
            let to = next().unwrap_or_else(|| start_page(&info).into());
            session.state.set(SessionState::SignedIn(info));
            navigate(&to, Default::default());
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
                    // A page navigation to the server, not a route in the app. Without a
                    // page to return to, the server's start (`/plan`) sends each person on.
                    <a class="button button-primary" rel="external"
                        href=format!("/auth/login?next={}", encode(&next().unwrap_or_else(|| "/plan".into())))>{t.login_mitid}</a>
                </section>
            }
            .into_any(),
            Some(Ok(m)) if !m.demo => view! { <p>{t.login_unavailable}</p> }.into_any(),
            _ => ().into_any(),
        }
    };
    // The demo accounts exist only in demo mode, so they are asked for only then.
    let demo =
        move || matches!(methods.get(), Some(Ok(m)) if m.demo).then(|| view! { <DemoAccounts sign_in/> });

    view! {
        {i18n::page_title(|t| t.login_title)}
        {move || session.info().map(|info| view! { <Redirect path=next().unwrap_or_else(|| start_page(&info).into())/> })}
        <h1>{i18n::tr(|t| t.login_title)}</h1>
        {move || (session.left.get() && refusal().is_none()).then(|| view! {
            <div class="alert alert-success" role="status">{i18n::tr(|t| t.signed_out)}</div>
        })}
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
        {demo}
    }
}

/// The demo login: one button per demo account.
#[component]
fn DemoAccounts(sign_in: Action<i64, Result<SessionInfo, ApiError>>) -> impl IntoView {
    let lang = i18n::lang();
    let accounts = api::Resource::<Vec<DemoAccount>>::new(|| "/api/demo/accounts".into());
    move || {
        let t = lang.get().texts();
        match accounts.get() {
            None => view! { <p class="status" role="status">{t.login_loading}</p> }.into_any(),
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
        <section class="card no-print" aria-labelledby="everywhere-title">
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
    api::forget_tagged();
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
        session.left.set(true);
        session.ended();
    });
}
