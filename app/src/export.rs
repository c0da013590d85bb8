//! "Mine data": the citizen's own copy of everything Samlet holds about them. The server
//! builds the ZIP while it is sent; the page is a plain link, so the browser saves it
//! straight to disk however large it is (nothing passes through the app's memory).

use leptos::prelude::*;

use crate::i18n::{self, tr};
use crate::session::SignedInOnly;

#[component]
pub fn MyDataPage() -> impl IntoView {
    i18n::page_title(|t| t.my_data_title);
    let lang = i18n::lang();
    let href = move || format!("/api/export?lang={}", lang.get().code());
    view! {
        <h1>{tr(|t| t.my_data_title)}</h1>
        <SignedInOnly>
            <p>{tr(|t| t.my_data_intro)}</p>
            <ul>
                <li>{tr(|t| t.my_data_json)}</li>
                <li>{tr(|t| t.my_data_html)}</li>
                <li>{tr(|t| t.my_data_documents)}</li>
            </ul>
            <p><a class="button" href=href download="">{tr(|t| t.my_data_download)}</a></p>
            <p class="hint">{tr(|t| t.my_data_note)}</p>
        </SignedInOnly>
    }
}
