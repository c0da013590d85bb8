//! "Min kontaktperson": the one person to call, or the stand-in while they are away.

use leptos::prelude::*;
use leptos_meta::Title;
use samlet_api::contact::{Caseworker, ContactView};

use crate::api;
use crate::format;
use crate::i18n;
use crate::layout::LoadError;
use crate::session::SignedInOnly;

#[component]
pub fn ContactPage() -> impl IntoView {
    let lang = i18n::lang();
    view! {
        <Title text=move || lang.get().texts().contact_title/>
        <h1>{move || lang.get().texts().contact_title}</h1>
        <SignedInOnly>
            <Contact/>
        </SignedInOnly>
    }
}

#[component]
fn Contact() -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let contact = LocalResource::new(|| api::get::<ContactView>("/api/contact"));
    move || match contact.get() {
        None => view! { <p class="status" role="status">{move || t().contact_loading}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <LoadError error retry=Callback::new(move |_| contact.refetch())/> }.into_any()
        }
        Some(Ok(ContactView::NoContact)) => view! {
            <div class="alert alert-info" role="status">
                <p><strong>{move || t().no_contact}</strong></p>
                <p>{move || t().no_contact_help}</p>
            </div>
        }
        .into_any(),
        Some(Ok(ContactView::Present { coordinator })) => view! {
            <p>{move || t().contact_intro}</p>
            <PersonCard person=coordinator/>
        }
        .into_any(),
        Some(Ok(ContactView::Away {
            coordinator,
            stand_in,
        })) => {
            let name = coordinator.name.clone();
            let (from, until) = (stand_in.from, stand_in.until);
            view! {
                <p>{move || t().contact_intro}</p>
                <div class="alert alert-info" role="status">
                    {move || {
                        let lang = lang.get();
                        (t().away)(&name, &format::date(from, lang), &format::date(until, lang))
                    }}
                </div>
                <PersonCard person=stand_in.person badge=Signal::derive(move || t().stand_in)/>
                <h2>{move || t().coordinator}</h2>
                <PersonCard person=coordinator/>
            }
            .into_any()
        }
    }
}

#[component]
fn PersonCard(
    person: Caseworker,
    #[prop(optional, into)] badge: Option<Signal<&'static str>>,
) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let tel = format!("tel:{}", person.phone.replace(' ', ""));
    let mailto = format!("mailto:{}", person.email);
    view! {
        <div class="card person">
            {badge.map(|badge| view! { <p class="tag">{badge}</p> })}
            {person.photo_url.map(|url| view! { <img class="person-photo" src=url alt="" width="96" height="96"/> })}
            <p class="contact-name">{person.name}</p>
            <p class="muted">{person.role} ", " {person.unit}</p>
            <dl class="facts">
                <dt>{move || t().phone}</dt>
                <dd><a href=tel>{person.phone}</a></dd>
                <dt>{move || t().email}</dt>
                <dd><a href=mailto>{person.email}</a></dd>
                <dt>{move || t().reachable}</dt>
                <dd>{person.reachable}</dd>
            </dl>
        </div>
    }
}
