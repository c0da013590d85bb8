//! "Beskeder": the secure conversation with the citizen's contact. New messages show up
//! while the page is open (the server's stream says when) and are announced politely.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use samlet_api::delegation::{ActingRole, Scope};
use samlet_api::documents::DocumentSummary;
use samlet_api::messages::{
    About, AboutKind, AboutRef, Inbox, MESSAGE_MAX_CHARS, Message, NewThread, Piece, Recipient, Reply, Side,
    Thread, ThreadSummary, Unread, pieces,
};

use crate::api;
use crate::documents::{Chooser, FilePicker};
use crate::format;
use crate::i18n::{self, text, tr};
use crate::layout::LoadError;
use crate::session::{SignedInOnly, use_session};

/// How often an open page asks for what is new while it cannot keep a stream open.
const POLL: std::time::Duration = std::time::Duration::from_secs(4);

/// Keeps `resource` up to date while the page is open: asked again whenever the server's
/// stream says the messages changed, and every few seconds while the stream is not open
/// (a proxy that cuts it, a phone waking up) and the tab is in front.
fn follow<T: serde::de::DeserializeOwned + 'static>(resource: api::Resource<T>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new("/api/messages/events") else {
        return;
    };
    let changed = Closure::<dyn Fn()>::new(move || resource.refetch());
    let _ = source.add_event_listener_with_callback("changed", changed.as_ref().unchecked_ref());
    // Kept (and dropped) with the page: the browser calls back into it.
    let source = StoredValue::new_local(source);
    let changed = StoredValue::new_local(changed);
    let handle = set_interval_with_handle(
        move || {
            let open = source.with_value(|s| s.ready_state() == web_sys::EventSource::OPEN);
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| !d.hidden());
            if !open && visible {
                resource.refetch();
            }
        },
        POLL,
    );
    on_cleanup(move || {
        if let Ok(handle) = handle {
            handle.clear();
        }
        source.with_value(|s| s.close());
        changed.dispose();
    });
}

/// Whether the person signed in reads and writes the citizen's messages.
fn may_message() -> bool {
    use_session().info().is_some_and(|info| match info.acting_for {
        Some(acting) => acting.scopes.contains(&Scope::Messages),
        None => info.kind == samlet_api::session::AccountKind::Citizen,
    })
}

/// The conversations about a goal or decision, each a link to its thread (which links
/// back), and "write to your contact about this": a new message about it. Shown only to
/// whoever may read and write messages for the citizen; a caseworker answers in threads
/// the citizen started, so they get the links without the invitation.
#[component]
pub fn MessagesAbout(
    kind: AboutKind,
    id: i64,
    label: fn(&'static i18n::Texts) -> &'static str,
) -> impl IntoView {
    may_message().then(|| {
        let inbox = api::Resource::<Inbox>::new(|| "/api/messages".into());
        let about = move || {
            inbox
                .get()
                .and_then(Result::ok)
                .map(|inbox| {
                    inbox
                        .threads
                        .into_iter()
                        .filter(|t| t.about.as_ref().is_some_and(|a| a.kind == kind && a.id == id))
                        .map(|t| (t.id, t.subject))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        view! {
            {move || {
                let threads = about();
                (!threads.is_empty()).then(|| view! {
                    <p class="about-threads-heading">{tr(|t| t.messages_about)}</p>
                    <ul class="about-threads">
                        {threads.into_iter().map(|(thread, subject)| view! {
                            <li><A href=format!("/beskeder/{thread}")>{subject}</A></li>
                        }).collect_view()}
                    </ul>
                })
            }}
            {(!as_caseworker()).then(|| view! {
                <p><A href=format!("/beskeder?om={}-{id}", about_word(kind))>{tr(label)}</A></p>
            })}
        }
    })
}

/// How a kind of subject is named in the address (`/beskeder?om=maal-3`).
fn about_word(kind: AboutKind) -> &'static str {
    match kind {
        AboutKind::Goal => "maal",
        AboutKind::Decision => "afgoerelse",
        AboutKind::Meeting => "moede",
    }
}

/// The subject named in the address, if any.
fn about_from(query: &str) -> Option<AboutRef> {
    let (word, id) = query.split_once('-')?;
    let kind = [AboutKind::Goal, AboutKind::Decision, AboutKind::Meeting]
        .into_iter()
        .find(|kind| about_word(*kind) == word)?;
    Some(AboutRef {
        kind,
        id: id.parse().ok()?,
    })
}

/// Where what a thread is about is shown.
fn about_href(about: &About) -> String {
    match about.kind {
        AboutKind::Decision => format!("/afgoerelser/{}", about.id),
        AboutKind::Goal | AboutKind::Meeting => "/plan".to_owned(),
    }
}

/// Whether the person reading writes for the municipality (a caseworker's preview).
fn as_caseworker() -> bool {
    use_session()
        .info()
        .and_then(|info| info.acting_for)
        .is_some_and(|a| a.role == ActingRole::CaseworkerPreview)
}

/// "Beskeder" in the navigation, with how many are unread, asked again on every page.
#[component]
pub fn NavLink() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let unread = api::Resource::<Unread>::new(move || {
        location.pathname.track();
        "/api/messages/unread".into()
    });
    let count = move || unread.get().and_then(Result::ok).map_or(0, |u| u.unread);
    view! {
        <A href="/beskeder">
            {tr(|t| t.nav_messages)}
            {move || {
                let count = count();
                (count > 0).then(|| view! {
                    " " <span class="count">{text(Box::new(move |t| (t.unread_count)(count)))}</span>
                })
            }}
        </A>
    }
}

#[component]
pub fn MessagesPage() -> impl IntoView {
    i18n::page_title(|t| t.messages_title);
    view! {
        <h1>{tr(|t| t.messages_title)}</h1>
        <SignedInOnly>
            <p>{tr(|t| t.messages_intro)}</p>
            <Threads/>
        </SignedInOnly>
    }
}

#[component]
fn Threads() -> impl IntoView {
    let inbox = api::Resource::<Inbox>::new(|| "/api/messages".into());
    follow(inbox);
    // Copied out only when they change, so a poll that brings nothing new redraws
    // nothing (and never the form being written in).
    let threads = RwSignal::new(None::<Vec<ThreadSummary>>);
    let recipient = RwSignal::new(None::<Option<Recipient>>);
    let failed = RwSignal::new(None::<api::ApiError>);
    Effect::new(move || match inbox.get() {
        Some(Ok(inbox)) => {
            failed.set(None);
            if threads.with_untracked(|t| t.as_ref() != Some(&inbox.threads)) {
                threads.set(Some(inbox.threads));
            }
            if recipient.with_untracked(|r| r.as_ref() != Some(&inbox.recipient)) {
                recipient.set(Some(inbox.recipient));
            }
        }
        Some(Err(error)) if threads.with_untracked(Option::is_none) => failed.set(Some(error)),
        _ => {}
    });
    let caseworker = as_caseworker();
    view! {
        {move || failed.get().map(|error| view! { <LoadError error retry=Callback::new(move |_| inbox.refetch())/> })}
        {move || recipient.get().map(|recipient| view! { <Compose recipient caseworker/> })}
        <h2>{tr(|t| t.all_messages)}</h2>
        {move || match threads.get() {
            None => view! { <p class="status" role="status">{tr(|t| t.messages_loading)}</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p>{tr(|t| t.no_threads)}</p> }.into_any(),
            Some(list) => view! {
                <ul class="plain-list threads">
                    {list.into_iter().map(|thread| view! { <ThreadItem thread caseworker/> }).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

#[component]
fn ThreadItem(thread: ThreadSummary, caseworker: bool) -> impl IntoView {
    let lang = i18n::lang();
    let unread = thread.unread;
    let last_at = thread.last_at;
    let about = thread.about.map(|a| a.title);
    view! {
        <li class="card thread" class:unread={unread > 0}>
            <h3><A href=format!("/beskeder/{}", thread.id)>{thread.subject}</A></h3>
            {(unread > 0).then(|| view! { <p class="tag">{text(Box::new(move |t| (t.unread_count)(unread)))}</p> })}
            {about.map(|title| view! { <p class="muted">{text(Box::new(move |t| (t.about_line)(&title)))}</p> })}
            <p class="muted">
                {text(Box::new(move |t| {
                    format!("{} · {}", (t.turn)(thread.turn, caseworker), format::date_time(last_at, lang.get()))
                }))}
            </p>
        </li>
    }
}

/// Who answers and how soon, who stands in, and what to do when it cannot wait.
#[component]
fn Expectations(recipient: Recipient) -> impl IntoView {
    let Recipient {
        name,
        stand_in,
        answer_days,
        phone,
    } = recipient;
    let answers = stand_in.clone().unwrap_or_else(|| name.clone());
    let tel = format!("tel:{}", phone.replace(' ', ""));
    view! {
        {stand_in.map(|stand_in| {
            let name = name.clone();
            view! { <div class="alert alert-info" role="note">{text(Box::new(move |t| (t.stand_in_notice)(&name, &stand_in)))}</div> }
        })}
        <p>{text(Box::new(move |t| (t.answer_time)(&answers, answer_days)))}</p>
        <p class="hint"><a href=tel>{text(Box::new(move |t| (t.urgent)(&phone)))}</a></p>
    }
}

/// A message's text with its line breaks (CSS `pre-wrap`) and its web links as links;
/// nothing else in it is interpreted.
#[component]
fn Body(text: String) -> impl IntoView {
    let parts = pieces(&text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.to_owned().into_any(),
            Piece::Link(link) => {
                view! { <a href=link.to_owned() rel="noopener noreferrer nofollow" target="_blank">{link.to_owned()}</a> }
                    .into_any()
            }
        })
        .collect_view();
    view! { <p class="message-body">{parts}</p> }
}

/// The text area with its count of characters left, shared by a new message and a reply.
#[component]
fn MessageField(text: RwSignal<String>, label: fn(&'static i18n::Texts) -> &'static str) -> impl IntoView {
    let left = move || MESSAGE_MAX_CHARS.saturating_sub(text.with(|t| t.chars().count()));
    view! {
        <div class="field">
            <label for="message-body">{tr(label)}</label>
            <textarea id="message-body" name="body" rows="6" aria-describedby="message-count"
                maxlength=MESSAGE_MAX_CHARS.to_string()
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))></textarea>
            <p class="hint" id="message-count">{i18n::text(Box::new(move |t| (t.chars_left)(left())))}</p>
        </div>
    }
}

/// The citizen's documents to send along (already with the municipality, so nothing is
/// handed over twice). Offered only to someone who may read them.
#[component]
fn AttachExisting(chosen: RwSignal<Vec<i64>>) -> impl IntoView {
    let may_read = use_session().info().is_some_and(|info| {
        info.acting_for.is_none_or(|a| {
            a.role != ActingRole::CaseworkerPreview && a.scopes.contains(&Scope::ReadDocuments)
        })
    });
    may_read.then(|| {
        let documents = api::Resource::<Vec<DocumentSummary>>::new(|| "/api/documents".into());
        view! {
            <details class="attach">
                <summary>{tr(|t| t.attach_existing)}</summary>
                {move || documents.get().and_then(Result::ok).map(|list| list.into_iter().map(|document| {
                    let id = document.id;
                    let field = format!("attach-{id}");
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=field.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&id))
                                on:change=move |event| {
                                    let on = event_target_checked(&event);
                                    chosen.update(|c| {
                                        c.retain(|d| *d != id);
                                        if on {
                                            c.push(id);
                                        }
                                    });
                                }/>
                            <label for=field>{document.title}</label>
                        </div>
                    }
                }).collect_view())}
            </details>
        }
    })
}

/// What goes with a message: documents the municipality already has and, for whoever may
/// send documents, new files or a photo, sent the same way as on the documents page.
#[component]
fn Attachments(chosen: RwSignal<Vec<i64>>, files: Option<Chooser>) -> impl IntoView {
    view! {
        <AttachExisting chosen/>
        {files.map(|chooser| view! {
            <details class="attach">
                <summary>{tr(|t| t.attach_new)}</summary>
                <FilePicker chooser refresh=Callback::new(|_| ()) goals=Signal::derive(Vec::new) secondary=true/>
            </details>
        })}
    }
}

/// The new files chosen with a message, for whoever may send documents.
fn new_files() -> Option<Chooser> {
    use_session()
        .may_change(Scope::UploadDocuments)
        .then(Chooser::new)
}

/// Sending a message: the new files chosen with it go first, and the message follows with
/// them once the server has received every one; a refused or lost file stops it and says
/// why on the file. `send` gets every document the message carries.
fn send_with_files(
    text: RwSignal<String>,
    files: Option<Chooser>,
    attached: RwSignal<Vec<i64>>,
    send: Action<Vec<i64>, Result<Thread, api::ApiError>>,
) -> (Callback<()>, Signal<bool>) {
    let uploading = RwSignal::new(false);
    Effect::new(move || {
        if !uploading.get() {
            return;
        }
        // A file cancelled on its way, or chosen meanwhile: the message waits for the next
        // press of Send instead of going without it.
        if files.is_some_and(|files| files.stopped()) {
            uploading.set(false);
            return;
        }
        let outcome = files.map_or(Some(Ok(Vec::new())), |files| files.outcome());
        match outcome {
            Some(Ok(received)) => {
                uploading.set(false);
                let mut documents = attached.get_untracked();
                documents.extend(received);
                send.dispatch(documents);
            }
            Some(Err(())) => uploading.set(false),
            None => {}
        }
    });
    let submit = Callback::new(move |_| {
        // Without a text the server refuses the message: asked before any file is sent,
        // so a refused message leaves nothing behind.
        if text.with_untracked(|t| t.trim().is_empty()) {
            send.dispatch(attached.get_untracked());
            return;
        }
        if let Some(files) = files {
            files.send_waiting(Callback::new(|_| ()));
        }
        uploading.set(true);
    });
    (
        submit,
        Signal::derive(move || uploading.get() || send.pending().get()),
    )
}

#[component]
fn Compose(recipient: Option<Recipient>, caseworker: bool) -> impl IntoView {
    let lang = i18n::lang();
    // Come from a goal, decision or meeting: the message is about it, and the form open.
    // From "Jeg kan ikke komme", it starts with what the contact needs to know.
    let about = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("om")
        .and_then(|om| about_from(&om));
    let start = match about {
        Some(AboutRef {
            kind: AboutKind::Meeting,
            ..
        }) => lang.get_untracked().texts().not_coming_start,
        _ => "",
    };
    let subject = RwSignal::new(String::new());
    let text = RwSignal::new(start.to_owned());
    let attached = RwSignal::new(Vec::new());
    let files = new_files();
    let key = StoredValue::new(api::idempotency_key());
    let navigate = use_navigate();
    let send = Action::new_local(move |document_ids: &Vec<i64>| {
        let body = NewThread {
            subject: subject.get_untracked(),
            about,
            body: text.get_untracked(),
            document_ids: document_ids.clone(),
        };
        let key = key.get_value();
        async move { api::send_once::<_, Thread>("/api/messages", &body, &key).await }
    });
    Effect::new(move || {
        if let Some(Ok(thread)) = send.value().get() {
            if let Some(files) = files {
                files.clear();
            }
            navigate(&format!("/beskeder/{}", thread.id), Default::default());
        }
    });
    // Nobody to write to yet: whom to call instead. A caseworker writes as themself and
    // needs no promise of when the municipality answers.
    if recipient.is_none() && !caseworker {
        return view! { <crate::contact::NoContact/> }.into_any();
    }
    let (submit, busy) = send_with_files(text, files, attached, send);
    let expectations = recipient
        .filter(|_| !caseworker)
        .map(|recipient| view! { <Expectations recipient/> });
    view! {
        <details class="card compose" open=about.is_some()>
            <summary class="button button-primary">{tr(|t| t.new_message)}</summary>
            {expectations}
            <form on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }>
                <div class="field">
                    <label for="message-subject">{tr(|t| t.subject_label)}</label>
                    <input id="message-subject" name="subject" type="text" maxlength="120"
                        prop:value=move || subject.get()
                        on:input=move |event| subject.set(event_target_value(&event))/>
                </div>
                <MessageField text label=|t| t.message_label/>
                <Attachments chosen=attached files/>
                {move || send.value().get().and_then(Result::err).map(|error| view! {
                    <div class="alert alert-error" role="alert">{(lang.get().texts().message_error)(error.code())}</div>
                })}
                <button type="submit" class="button button-primary" disabled=busy>
                    {tr(|t| t.send_message)}
                </button>
            </form>
        </details>
    }
    .into_any()
}

#[component]
pub fn ThreadPage() -> impl IntoView {
    i18n::page_title(|t| t.messages_title);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0));
    view! {
        <p><A href="/beskeder">{tr(|t| t.all_messages)}</A></p>
        <SignedInOnly>
            {move || {
                let id = id();
                view! { <Conversation id/> }
            }}
        </SignedInOnly>
    }
}

#[component]
fn Conversation(id: i64) -> impl IntoView {
    let lang = i18n::lang();
    let caseworker = as_caseworker();
    let mine = if caseworker {
        Side::Municipality
    } else {
        Side::Citizen
    };
    let resource = api::Resource::<Thread>::new(move || format!("/api/messages/{id}"));
    follow(resource);
    let thread = RwSignal::new(None::<Thread>);
    let failed = RwSignal::new(None::<api::ApiError>);
    // What a screen reader is told when the other side's message arrives.
    let announcement = RwSignal::new(String::new());
    let show = move |fresh: Thread| {
        let before = thread.with_untracked(|t| t.as_ref().map(|t| t.messages.len()));
        if let (Some(before), Some(last)) = (before, fresh.messages.last())
            && fresh.messages.len() > before
            && last.side != mine
        {
            announcement.set((lang.get_untracked().texts().new_message_from)(&last.author));
        }
        if thread.with_untracked(|t| t.as_ref() != Some(&fresh)) {
            thread.set(Some(fresh));
        }
    };
    Effect::new(move || match resource.get() {
        Some(Ok(fresh)) => {
            failed.set(None);
            show(fresh);
        }
        Some(Err(error)) if thread.with_untracked(Option::is_none) => failed.set(Some(error)),
        _ => {}
    });
    // The reply form is drawn once, with the draft as the first load found it: later
    // polls must not put an old draft over what is being typed.
    let loaded = Memo::new(move |_| thread.with(Option::is_some));
    let reply_form = move || {
        loaded.get().then(|| {
            let draft = thread.with_untracked(|t| t.as_ref().map(|t| t.draft.clone()).unwrap_or_default());
            view! { <ReplyForm id draft on_sent=Callback::new(show)/> }
        })
    };
    let close = Action::new_local(move |_: &()| async move {
        api::post::<_, Thread>(&format!("/api/messages/{id}/close"), &()).await
    });
    Effect::new(move || {
        if let Some(Ok(closed)) = close.value().get() {
            show(closed);
        }
    });
    view! {
        <div class="visually-hidden" aria-live="polite">{move || announcement.get()}</div>
        {move || failed.get().map(|error| view! { <LoadError error retry=Callback::new(move |_| resource.refetch())/> })}
        {move || thread.with(|t| t.as_ref().map(|t| (t.subject.clone(), t.about.clone(), t.turn))).map(|(subject, about, turn)| view! {
            <h1>{subject}</h1>
            {about.map(|about| {
                let href = about_href(&about);
                let title = about.title;
                view! { <p><A href=href>{text(Box::new(move |t| (t.about_line)(&title)))}</A></p> }
            })}
            <p class="tag">{text(Box::new(move |t| (t.turn)(turn, caseworker).to_owned()))}</p>
        })}
        <ol class="plain-list messages">
            {move || thread.with(|t| t.as_ref().map(|t| t.messages.clone())).unwrap_or_default().into_iter().map(|message| {
                view! { <MessageItem message mine/> }
            }).collect_view()}
        </ol>
        {reply_form}
        {caseworker.then(|| view! {
            <button type="button" class="button button-secondary" on:click=move |_| { close.dispatch(()); }>
                {tr(|t| t.close_thread)}
            </button>
        })}
    }
}

#[component]
fn MessageItem(message: Message, mine: Side) -> impl IntoView {
    let lang = i18n::lang();
    let Message {
        side,
        author,
        author_role,
        on_behalf_of,
        body,
        sent_at,
        read,
        journalised_at,
        attachments,
        ..
    } = message;
    let who = text(Box::new(move |t| match (&on_behalf_of, &author_role) {
        (Some(citizen), _) => (t.written_for)(&author, citizen),
        (None, Some(role)) => format!("{author}, {role}"),
        (None, None) => author.clone(),
    }));
    view! {
        <li class="card message" class:from-municipality=side == Side::Municipality>
            <p class="message-meta"><strong>{who}</strong> " · " {text(Box::new(move |_| format::date_time(sent_at, lang.get())))}</p>
            <Body text=body/>
            {(!attachments.is_empty()).then(|| view! {
                <ul class="attachments">
                    {attachments.into_iter().map(|a| view! {
                        <li><a href=format!("/api/documents/{}/file", a.document_id)>{a.title}</a></li>
                    }).collect_view()}
                </ul>
            })}
            {(side == mine).then(|| {
                let read = read.clone();
                view! {
                    <p class="hint receipt">{text(Box::new(move |t| match &read {
                        Some(receipt) => (t.read_by)(&receipt.by, &format::date_time(receipt.at, lang.get())),
                        None => t.not_read.to_owned(),
                    }))}</p>
                }
            })}
            {journalised_at.map(|at| view! {
                <p class="hint">{text(Box::new(move |t| (t.journalised)(&format::date_time(at, lang.get()))))}</p>
            })}
        </li>
    }
}

#[component]
fn ReplyForm(id: i64, draft: String, on_sent: Callback<Thread>) -> impl IntoView {
    let lang = i18n::lang();
    let text = RwSignal::new(draft);
    let attached = RwSignal::new(Vec::new());
    let files = new_files();
    let key = StoredValue::new(api::idempotency_key());
    // The draft is saved a moment after typing stops, so it survives a time-out, a reload
    // and another device.
    let save = Action::new_local(move |body: &String| {
        let body = samlet_api::messages::Draft { body: body.clone() };
        async move { api::put_quietly(&format!("/api/messages/{id}/draft"), &body).await }
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first: Option<()>| {
        let body = text.get();
        if first.is_none() {
            return;
        }
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                save.dispatch(body);
            },
            std::time::Duration::from_millis(800),
        );
        pending.set_value(handle.ok());
    });
    on_cleanup(move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
    });
    let send = Action::new_local(move |document_ids: &Vec<i64>| {
        let body = Reply {
            body: text.get_untracked(),
            document_ids: document_ids.clone(),
        };
        let key = key.get_value();
        async move { api::send_once::<_, Thread>(&format!("/api/messages/{id}"), &body, &key).await }
    });
    Effect::new(move || {
        if let Some(Ok(thread)) = send.value().get() {
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            text.set(String::new());
            attached.set(Vec::new());
            if let Some(files) = files {
                files.clear();
            }
            key.set_value(api::idempotency_key());
            on_sent.run(thread);
        }
    });
    let (submit, busy) = send_with_files(text, files, attached, send);
    view! {
        <form class="card reply" on:submit=move |event| {
            event.prevent_default();
            submit.run(());
        }>
            <MessageField text label=|t| t.reply_label/>
            <Attachments chosen=attached files/>
            <p class="hint">{tr(|t| t.draft_kept)}</p>
            {move || send.value().get().and_then(Result::err).map(|error| view! {
                <div class="alert alert-error" role="alert">{(lang.get().texts().message_error)(error.code())}</div>
            })}
            <button type="submit" class="button button-primary" disabled=busy>
                {tr(|t| t.send_message)}
            </button>
        </form>
    }
}
