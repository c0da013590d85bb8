//! Who is signed in, the demo login, and the guard that sends everyone else to it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use samlet_api::delegation::ActFor;
use samlet_api::error::ErrorCode;
use samlet_api::session::{DemoAccount, DemoLogin, SessionInfo};

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

/// Shows `children` to a signed-in user; anyone else goes to the login page.
#[component]
pub fn SignedInOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || match session.state.get() {
        SessionState::Checking => view! {
            <p class="status" role="status">{i18n::tr(|t| t.checking_session)}</p>
        }
        .into_any(),
        SessionState::SignedOut => view! { <Redirect path="/login"/> }.into_any(),
        SessionState::Unreachable => view! {
            <div class="alert alert-error" role="alert">
                <p>{i18n::tr(|t| t.error_network)}</p>
                <button type="button" class="button" on:click=move |_| session.check()>
                    {i18n::tr(|t| t.retry)}
                </button>
            </div>
        }
        .into_any(),
        SessionState::SignedIn(_) => children().into_any(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let lang = i18n::lang();
    let navigate = use_navigate();
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
            navigate("/plan", Default::default());
        }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = accounts.get() {
            session.demo.set(true);
        }
    });

    let account_list = move || {
        let t = lang.get().texts();
        match accounts.get() {
            None => view! { <p class="status" role="status">{t.login_loading}</p> }.into_any(),
            // Outside demo mode the demo login does not exist on the server.
            Some(Err(ApiError::Server(body))) if body.code == ErrorCode::NotFound => {
                view! { <p>{t.login_unavailable}</p> }.into_any()
            }
            Some(Err(_)) => view! {
                <div class="alert alert-error" role="alert">
                    <p>{t.error_network}</p>
                    <button type="button" class="button" on:click=move |_| accounts.refetch()>{t.retry}</button>
                </div>
            }
            .into_any(),
            Some(Ok(accounts)) => view! {
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
        {move || session.info().map(|_| view! { <Redirect path="/plan"/> })}
        <h1>{i18n::tr(|t| t.login_title)}</h1>
        {move || {
            matches!(sign_in.value().get(), Some(Err(_)))
                .then(|| view! { <div class="alert alert-error" role="alert">{lang.get().texts().login_failed}</div> })
        }}
        {account_list}
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

/// Signs out on the server, then forgets the session here.
pub fn sign_out(session: Session) {
    spawn_local(async move {
        // Even if the request fails the user asked to leave: show the login page.
        let _ = api::delete("/api/session").await;
        session.ended();
    });
}
