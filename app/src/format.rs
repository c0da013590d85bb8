//! Dates and times as a Danish (or English) reader expects them, in Danish time,
//! formatted by the browser's `Intl` so no locale tables ship in the wasm.

use chrono::{DateTime, NaiveDate, Utc};
use js_sys::{Date, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::Lang;

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a plain property on a fresh object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

fn js_date(at: DateTime<Utc>) -> Date {
    Date::new(&JsValue::from_f64(at.timestamp_millis() as f64))
}

/// "torsdag den 3. december kl. 09.00"
pub fn date_time(at: DateTime<Utc>, lang: Lang) -> String {
    let opts = options(&[
        ("timeZone", "Europe/Copenhagen"),
        ("weekday", "long"),
        ("day", "numeric"),
        ("month", "long"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ]);
    js_date(at).to_locale_string(lang.locale(), &opts).into()
}

/// "09.00"
pub fn time(at: DateTime<Utc>, lang: Lang) -> String {
    let opts = options(&[
        ("timeZone", "Europe/Copenhagen"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ]);
    js_date(at)
        .to_locale_time_string_with_options(lang.locale(), &opts)
        .into()
}

/// "3. december 2026"
pub fn date(day: NaiveDate, lang: Lang) -> String {
    // Noon UTC is the same calendar day in Denmark all year round.
    let noon = day.and_hms_opt(12, 0, 0).map(|t| t.and_utc());
    match noon {
        Some(noon) => {
            let opts = options(&[
                ("timeZone", "Europe/Copenhagen"),
                ("day", "numeric"),
                ("month", "long"),
                ("year", "numeric"),
            ]);
            js_date(noon).to_locale_date_string(lang.locale(), &opts).into()
        }
        None => day.to_string(),
    }
}

/// Today's date in Denmark: what a date field's "today" means to the server, whatever the
/// browser's own time zone.
pub fn danish_today() -> NaiveDate {
    let opts = options(&[("timeZone", "Europe/Copenhagen")]);
    // Swedish writes dates as ISO 8601 (2026-11-25).
    let text: String = Date::new_0().to_locale_date_string("sv-SE", &opts).into();
    text.parse().unwrap_or_else(|_| Utc::now().date_naive())
}
