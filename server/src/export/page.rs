//! `index.html` in the download: the same data as `samlet.json`, for a person to read and
//! print, in the language they chose. Self-contained on purpose: no scripts, no links out,
//! CSS inline, so it opens the same from a USB stick in ten years. Every text from the data
//! goes through [`escape`].

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};
use samlet_api::appeal::{AppealStatus, PartOutcome};
use samlet_api::contact::{Caseworker, ContactView};
use samlet_api::denmark::{MONTHS_DA, MONTHS_EN, wall_clock};
use samlet_api::export::MyData;
use samlet_api::plan::{Attendance, SubGoalStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Da,
    En,
}

impl Lang {
    /// From the app's `?lang=`: Danish unless English is asked for.
    pub fn from_code(code: Option<&str>) -> Self {
        if code == Some("en") { Lang::En } else { Lang::Da }
    }

    fn pick(self, da: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Da => da,
            Lang::En => en,
        }
    }
}

/// Text as HTML: the five characters that mean something there are written as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A path inside the ZIP as a relative link: each segment percent-encoded.
fn href(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    b => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn day(lang: Lang, day: NaiveDate) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Da => format!(
            "{}. {} {}",
            day.day(),
            MONTHS_DA[day.month0() as usize],
            day.year()
        ),
        Lang::En => format!(
            "{} {} {}",
            day.day(),
            MONTHS_EN[day.month0() as usize],
            day.year()
        ),
    }
}

/// A moment in Danish time, as a person reads it.
fn moment(lang: Lang, at: DateTime<Utc>) -> String {
    let local = wall_clock(at);
    format!(
        "{} {} {}",
        day(lang, local.date()),
        lang.pick("kl.", "at"),
        local.format("%H.%M")
    )
}

fn status(lang: Lang, status: SubGoalStatus) -> &'static str {
    match status {
        SubGoalStatus::NotStarted => lang.pick("Ikke startet", "Not started"),
        SubGoalStatus::InProgress => lang.pick("I gang", "In progress"),
        SubGoalStatus::Reached => lang.pick("Nået", "Reached"),
        SubGoalStatus::Paused => lang.pick("Sat på pause", "Paused"),
    }
}

fn outcome(lang: Lang, outcome: PartOutcome) -> &'static str {
    match outcome {
        PartOutcome::Granted => lang.pick("Bevilget", "Granted"),
        PartOutcome::Changed => lang.pick("Ændret", "Changed"),
        PartOutcome::Refused => lang.pick("Afslået", "Refused"),
        PartOutcome::Stopped => lang.pick("Stoppet", "Stopped"),
    }
}

fn appeal_status(lang: Lang, status: AppealStatus) -> &'static str {
    match status {
        AppealStatus::Received => lang.pick("Modtaget", "Received"),
        AppealStatus::Reconsidering => lang.pick("Kommunen genvurderer", "The municipality is reconsidering"),
        AppealStatus::DecisionChanged => lang.pick("Afgørelsen er ændret", "The decision was changed"),
        AppealStatus::SentToAnkestyrelsen => lang.pick("Sendt til Ankestyrelsen", "Sent to Ankestyrelsen"),
        AppealStatus::Decided => lang.pick("Afgjort", "Decided"),
    }
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;color:#111;background:#fff;max-width:48rem;margin:0 auto;padding:1rem}\
h1{font-size:1.6rem}h2{font-size:1.3rem;border-top:2px solid #111;padding-top:.75rem;margin-top:2rem}h3{font-size:1.1rem}\
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;border-bottom:1px solid #999;padding:.25rem .5rem .25rem 0}\
.body{white-space:pre-wrap}code{word-break:break-all;font-size:.85rem}a{color:#0b4f9c}\
@media print{a{color:#111}h2{break-before:page}section.goal{break-inside:avoid}}";

/// The page, whole.
pub fn render(data: &MyData, lang: Lang) -> String {
    let l = lang;
    let mut h = String::with_capacity(64 * 1024);
    let title = format!(
        "{} – {}",
        l.pick("Mine data fra Samlet", "My data from Samlet"),
        escape(&data.citizen_name)
    );
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>{STYLE}</style></head><body><main><h1>{title}</h1><p>{} {} {} {}.</p>",
        l.pick("da", "en"),
        l.pick("Hentet", "Downloaded"),
        moment(l, data.made_at),
        l.pick("af", "by"),
        escape(&data.made_by),
    );
    let _ = write!(
        h,
        "<p>{}</p>",
        l.pick(
            "Her er alt, hvad Samlet har om dig. Filen samlet.json indeholder det samme i en form, som andre programmer kan læse. Dine dokumenter ligger i mappen documents.",
            "This is everything Samlet holds about you. The file samlet.json holds the same in a form other programs can read. Your documents are in the folder documents."
        )
    );
    plan(&mut h, data, l);
    contact(&mut h, data, l);
    documents(&mut h, data, l);
    decisions(&mut h, data, l);
    messages(&mut h, data, l);
    grants(&mut h, data, l);
    notifications(&mut h, data, l);
    access_log(&mut h, data, l);
    h.push_str("</main></body></html>\n");
    h
}

fn plan(h: &mut String, data: &MyData, l: Lang) {
    let _ = write!(h, "<h2>{}</h2>", l.pick("Din plan", "Your plan"));
    let Some(current) = data.plan.last() else {
        let _ = write!(h, "<p>{}</p>", l.pick("Du har ingen plan.", "You have no plan."));
        return;
    };
    let plan = &current.content;
    let _ = write!(
        h,
        "<p>{} {}, {} {}.</p><p><strong>{}</strong> {}</p>",
        l.pick("Version", "Version"),
        current.revision,
        l.pick("fra", "from"),
        moment(l, current.created_at),
        l.pick("Det samlede mål:", "The overall goal:"),
        escape(&plan.overall_goal)
    );
    for goal in &plan.goals {
        let _ = write!(h, "<section class=\"goal\"><h3>{}</h3>", escape(&goal.title));
        if !goal.sub_goals.is_empty() {
            let _ = write!(h, "<p>{}</p><ul>", l.pick("Delmål:", "Sub-goals:"));
            for sub in &goal.sub_goals {
                let _ = write!(
                    h,
                    "<li>{} ({}){}</li>",
                    escape(&sub.title),
                    status(l, sub.status),
                    sub.target_date
                        .map(|d| format!(", {} {}", l.pick("senest", "by"), day(l, d)))
                        .unwrap_or_default()
                );
            }
            h.push_str("</ul>");
        }
        if !goal.activities.is_empty() {
            let _ = write!(h, "<p>{}</p><ul>", l.pick("Indsatser:", "Activities:"));
            for activity in &goal.activities {
                let _ = write!(
                    h,
                    "<li>{} – {}</li>",
                    escape(&activity.title),
                    escape(&activity.provider)
                );
            }
            h.push_str("</ul>");
        }
        h.push_str("</section>");
    }
    if !plan.meetings.is_empty() {
        let _ = write!(h, "<h3>{}</h3><ul>", l.pick("Møder", "Meetings"));
        for meeting in &plan.meetings {
            let answer = data
                .meeting_answers
                .iter()
                .find(|a| a.meeting_id == meeting.id)
                .map(|a| {
                    let answer = match a.attendance {
                        Attendance::Coming => l.pick("kommer", "coming"),
                        Attendance::NotComing => l.pick("kommer ikke", "not coming"),
                    };
                    format!(" – {answer} ({})", escape(&a.by))
                })
                .unwrap_or_default();
            let _ = write!(
                h,
                "<li>{}: {}{answer}</li>",
                moment(l, meeting.starts_at),
                escape(&meeting.title)
            );
        }
        h.push_str("</ul>");
    }
    let own = &data.own_texts;
    let _ = write!(
        h,
        "<h3>{}</h3><p><strong>{}</strong></p><p class=\"body\">{}</p><p><strong>{}</strong></p><p class=\"body\">{}</p>",
        l.pick("Dine egne ord", "Your own words"),
        l.pick("Det vigtigste for mig", "What matters most to me"),
        escape(&own.what_matters),
        l.pick("Noter til næste møde", "Notes for the next meeting"),
        escape(&own.meeting_notes)
    );
    if data.plan.len() > 1 {
        let _ = write!(
            h,
            "<h3>{}</h3><p>{}</p><ul>",
            l.pick("Tidligere versioner", "Earlier versions"),
            l.pick(
                "Hver version står i samlet.json.",
                "Each version is in samlet.json."
            )
        );
        for revision in data.plan.iter().rev().skip(1) {
            let _ = write!(
                h,
                "<li>{} {}: {}</li>",
                l.pick("Version", "Version"),
                revision.revision,
                moment(l, revision.created_at)
            );
        }
        h.push_str("</ul>");
    }
}

fn caseworker(h: &mut String, person: &Caseworker) {
    let _ = write!(
        h,
        "<p>{}, {} ({})<br>{} · {}<br>{}</p>",
        escape(&person.name),
        escape(&person.role),
        escape(&person.unit),
        escape(&person.phone),
        escape(&person.email),
        escape(&person.reachable)
    );
}

fn contact(h: &mut String, data: &MyData, l: Lang) {
    let _ = write!(h, "<h2>{}</h2>", l.pick("Din kontaktperson", "Your contact"));
    match &data.contact {
        None => {}
        Some(ContactView::NoContact) => {
            let _ = write!(
                h,
                "<p>{}</p>",
                l.pick("Du har ingen kontaktperson endnu.", "You have no contact yet.")
            );
        }
        Some(ContactView::Present { coordinator }) => caseworker(h, coordinator),
        Some(ContactView::Away {
            coordinator,
            stand_in,
        }) => {
            caseworker(h, coordinator);
            let _ = write!(
                h,
                "<p>{} {} – {}:</p>",
                l.pick("Stedfortræder", "Stand-in"),
                day(l, stand_in.from),
                day(l, stand_in.until)
            );
            caseworker(h, &stand_in.person);
        }
    }
    if data.contact_history.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3>{}</h3><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        l.pick("Dine kontaktpersoner gennem tiden", "Your contacts over time"),
        l.pick("Fra", "From"),
        l.pick("Kontaktperson", "Contact"),
        l.pick("Stedfortræder", "Stand-in")
    );
    for period in &data.contact_history {
        let stand_in = match (&period.stand_in, period.stand_in_from, period.stand_in_until) {
            (Some(name), Some(from), Some(until)) => {
                format!("{}, {} – {}", escape(name), day(l, from), day(l, until))
            }
            _ => String::new(),
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}, {}, {}</td><td>{}</td></tr>",
            moment(l, period.named_at),
            escape(&period.name),
            escape(&period.role),
            escape(&period.unit),
            stand_in
        );
    }
    h.push_str("</tbody></table>");
}

fn documents(h: &mut String, data: &MyData, l: Lang) {
    let _ = write!(h, "<h2>{}</h2>", l.pick("Dine dokumenter", "Your documents"));
    if data.documents.is_empty() {
        let _ = write!(h, "<p>{}</p>", l.pick("Ingen dokumenter.", "No documents."));
        return;
    }
    let _ = write!(
        h,
        "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>",
        l.pick("Dokument", "Document"),
        l.pick("Sendt", "Sent")
    );
    for exported in &data.documents {
        let document = &exported.document;
        let _ = write!(
            h,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}, {}</td><td><code>{}</code></td></tr>",
            escape(&href(&exported.path)),
            escape(&document.title),
            moment(l, document.uploaded_at),
            escape(&document.uploaded_by),
            escape(&exported.sha256)
        );
    }
    h.push_str("</tbody></table>");
}

fn decisions(h: &mut String, data: &MyData, l: Lang) {
    let _ = write!(
        h,
        "<h2>{}</h2>",
        l.pick("Afgørelser og klager", "Decisions and appeals")
    );
    if data.decisions.is_empty() {
        let _ = write!(h, "<p>{}</p>", l.pick("Ingen afgørelser.", "No decisions."));
        return;
    }
    for exported in &data.decisions {
        let decision = &exported.decision;
        let _ = write!(
            h,
            "<h3>{}</h3><p>{} {}. {} {}.</p><ul>",
            escape(&decision.title),
            l.pick("Modtaget", "Received"),
            day(l, decision.received_on),
            l.pick("Klagefrist", "Appeal deadline"),
            day(l, decision.deadline)
        );
        for part in &decision.parts {
            let _ = write!(
                h,
                "<li><strong>{}: {}</strong> ({}). <span class=\"body\">{}</span></li>",
                escape(&part.intervention),
                outcome(l, part.outcome),
                escape(&part.law),
                escape(&part.explanation)
            );
        }
        let _ = write!(h, "</ul><p class=\"body\">{}</p>", escape(&decision.reasoning));
        if let Some(draft) = &exported.appeal_draft {
            let _ = write!(
                h,
                "<p><strong>{}</strong>{}</p><p class=\"body\">{}</p>",
                l.pick("Klage påbegyndt, ikke sendt", "Appeal begun, not sent"),
                draft
                    .saved_at
                    .map(|at| format!(" ({} {})", l.pick("gemt", "saved"), moment(l, at)))
                    .unwrap_or_default(),
                escape(&draft.form.reason)
            );
        }
        if let Some(appeal) = &exported.appeal {
            let _ = write!(
                h,
                "<p><strong>{} {}</strong>, {} {}. {}: {}.</p><p class=\"body\">{}</p>",
                l.pick("Klage", "Appeal"),
                escape(&appeal.reference),
                l.pick("sendt", "lodged"),
                moment(l, appeal.submitted_at),
                l.pick("Status", "Status"),
                appeal_status(l, appeal.status),
                escape(&appeal.form.reason)
            );
            for event in &appeal.timeline {
                let _ = write!(
                    h,
                    "<p>{}: {}</p>",
                    moment(l, event.at),
                    appeal_status(l, event.status)
                );
            }
            for addition in &appeal.additions {
                let _ = write!(
                    h,
                    "<p>{} {}:</p><p class=\"body\">{}</p>",
                    l.pick("Tilføjet", "Added"),
                    moment(l, addition.added_at),
                    escape(&addition.text)
                );
            }
        }
    }
}

fn messages(h: &mut String, data: &MyData, l: Lang) {
    let _ = write!(h, "<h2>{}</h2>", l.pick("Beskeder", "Messages"));
    if data.messages.is_empty() {
        let _ = write!(h, "<p>{}</p>", l.pick("Ingen beskeder.", "No messages."));
        return;
    }
    for thread in &data.messages {
        let _ = write!(h, "<h3>{}</h3>", escape(&thread.subject));
        for message in &thread.messages {
            let by = match &message.on_behalf_of {
                Some(citizen) => format!(
                    "{} {} {}",
                    escape(&message.author),
                    l.pick("på vegne af", "on behalf of"),
                    escape(citizen)
                ),
                None => escape(&message.author),
            };
            let _ = write!(
                h,
                "<p><strong>{by}</strong>, {}</p><p class=\"body\">{}</p>",
                moment(l, message.sent_at),
                escape(&message.body)
            );
        }
    }
}

fn grants(h: &mut String, data: &MyData, l: Lang) {
    let _ = write!(
        h,
        "<h2>{}</h2>",
        l.pick("Fuldmagter og værgemål", "Powers of attorney and guardianships")
    );
    let all: Vec<_> = data.grants.given.iter().chain(&data.grants.received).collect();
    if all.is_empty() {
        let _ = write!(h, "<p>{}</p>", l.pick("Ingen.", "None."));
        return;
    }
    h.push_str("<ul>");
    for grant in all {
        let _ = write!(
            h,
            "<li>{} → {}, {} {}</li>",
            escape(&grant.citizen_name),
            escape(&grant.grantee_name),
            l.pick("til og med", "until"),
            day(l, grant.ends_on)
        );
    }
    h.push_str("</ul>");
}

fn notifications(h: &mut String, data: &MyData, l: Lang) {
    let settings = &data.notifications;
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}: {}</p><p>{} {:02}–{:02}</p>",
        l.pick("Notifikationer", "Notifications"),
        l.pick("E-mail", "E-mail"),
        escape(settings.email.as_deref().unwrap_or("–")),
        l.pick("Stille timer", "Quiet hours"),
        settings.quiet_from,
        settings.quiet_until
    );
}

fn access_log(h: &mut String, data: &MyData, l: Lang) {
    let _ = write!(h, "<h2>{}</h2>", l.pick("Min log", "My log"));
    if data.access_log.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            l.pick(
                "Ingen andre har set dine data.",
                "No one else has seen your data."
            )
        );
        return;
    }
    let (action, role) = match l {
        Lang::Da => (
            samlet_api::audit::action_da as fn(_) -> _,
            samlet_api::audit::role_da as fn(_) -> _,
        ),
        Lang::En => (
            samlet_api::audit::action_en as fn(_) -> _,
            samlet_api::audit::role_en as fn(_) -> _,
        ),
    };
    let _ = write!(
        h,
        "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        l.pick("Hvornår", "When"),
        l.pick("Hvem", "Who"),
        l.pick("Hvad", "What")
    );
    for entry in &data.access_log {
        let object = if entry.object.is_empty() {
            String::new()
        } else {
            format!(": {}", escape(&entry.object))
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{} ({})</td><td>{}{object}</td></tr>",
            moment(l, entry.at),
            escape(&entry.actor_name),
            role(entry.role),
            action(entry.action)
        );
    }
    h.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_data_cannot_become_markup() {
        assert_eq!(
            escape("<script>\"x\" & 'y'"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
        assert_eq!(
            href("documents/2026-11-03 Læge?.pdf"),
            "documents/2026-11-03%20L%C3%A6ge%3F.pdf"
        );
    }
}
