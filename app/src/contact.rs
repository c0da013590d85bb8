//! "Min kontaktperson": the one person to call, or the stand-in while they are away.

use leptos::prelude::*;
use samlet_api::contact::{Caseworker, ContactView};

use crate::api;
use crate::format;
use crate::i18n;
use crate::layout::LoadError;
use crate::session::SignedInOnly;

#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        {i18n::page_title(|t| t.contact_title)}
        <h1>{i18n::tr(|t| t.contact_title)}</h1>
        <SignedInOnly>
            <Contact/>
        </SignedInOnly>
    }
}

#[component]
fn Contact() -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let contact = api::Resource::<ContactView>::new(|| "/api/contact".into());
    move || match contact.get() {
        None => view! { <p class="status" role="status">{i18n::tr(|t| t.contact_loading)}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <LoadError error retry=Callback::new(move |_| contact.refetch())/> }.into_any()
        }
        Some(Ok(ContactView::NoContact)) => view! { <NoContact/> }.into_any(),
        Some(Ok(ContactView::Present { coordinator })) => view! {
            <p>{i18n::tr(|t| t.contact_intro)}</p>
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
                <p>{i18n::tr(|t| t.contact_intro)}</p>
                <div class="alert alert-info" role="status">
                    {move || {
                        let lang = lang.get();
                        (t().away)(&name, &format::date(from, lang), &format::date(until, lang))
                    }}
                </div>
                <PersonCard person=stand_in.person badge=Signal::derive(move || t().stand_in)/>
                <h2>{i18n::tr(|t| t.coordinator)}</h2>
                <PersonCard person=coordinator/>
            }
            .into_any()
        }
    }
}

/// No contact person yet: whom to call instead, with the number and opening hours, when
/// the municipality has configured its Borgerservice.
#[component]
pub fn NoContact() -> impl IntoView {
    let lang = i18n::lang();
    let service = crate::session::use_session()
        .info()
        .and_then(|info| info.citizen_service);
    view! {
        <div class="alert alert-info" role="status">
            <p><strong>{i18n::tr(|t| t.no_contact)}</strong></p>
            {match service {
                Some(service) => {
                    let tel = format!("tel:{}", service.phone.replace(' ', ""));
                    let (name, phone) = (service.name.clone(), service.phone.clone());
                    view! {
                        <p>{move || (lang.get().texts().call_citizen_service)(&name, &phone)}</p>
                        <p><a class="button" href=tel>{service.phone.clone()}</a></p>
                        {(!service.hours.is_empty()).then(|| view! {
                            <p><span class="label">{i18n::tr(|t| t.reachable)} ": "</span>{service.hours.clone()}</p>
                        })}
                    }
                    .into_any()
                }
                None => view! { <p>{i18n::tr(|t| t.no_contact_help)}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn PersonCard(
    person: Caseworker,
    #[prop(optional, into)] badge: Option<Signal<&'static str>>,
) -> impl IntoView {
    let tel = format!("tel:{}", person.phone.replace(' ', ""));
    let mailto = format!("mailto:{}", person.email);
    view! {
        <div class="card person">
            {badge.map(|badge| view! { <p class="tag">{badge}</p> })}
            {person.photo_url.map(|url| view! { <img class="person-photo" src=url alt="" width="96" height="96"/> })}
            <p class="contact-name">{person.name}</p>
            <p class="muted">{person.role} ", " {person.unit}</p>
            <dl class="facts">
                <dt>{i18n::tr(|t| t.phone)}</dt>
                <dd><a href=tel>{person.phone}</a></dd>
                <dt>{i18n::tr(|t| t.email)}</dt>
                <dd><a href=mailto>{person.email}</a></dd>
                <dt>{i18n::tr(|t| t.reachable)}</dt>
                <dd>{person.reachable}</dd>
            </dl>
        </div>
    }
}
