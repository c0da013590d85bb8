//! "Min plan": the overall goal, the goals with their progress, the next meeting and the
//! one contact, on one screen.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use samlet_api::contact::ContactView;
use samlet_api::plan::{GoalSummary, MeetingSummary, PlanOverview};

use crate::api;
use crate::format;
use crate::i18n;
use crate::layout::LoadError;
use crate::session::SignedInOnly;

#[component]
pub fn PlanPage() -> impl IntoView {
    let lang = i18n::lang();
    view! {
        <Title text=move || lang.get().texts().plan_title/>
        <h1>{move || lang.get().texts().plan_title}</h1>
        <SignedInOnly>
            <Overview/>
        </SignedInOnly>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let lang = i18n::lang();
    let overview = LocalResource::new(|| api::get::<PlanOverview>("/api/plan/overview"));
    move || match overview.get() {
        None => view! {
            <p class="status" role="status">{move || lang.get().texts().plan_loading}</p>
        }
        .into_any(),
        Some(Err(error)) => {
            view! { <LoadError error retry=Callback::new(move |_| overview.refetch())/> }.into_any()
        }
        Some(Ok(plan)) => view! { <PlanView plan/> }.into_any(),
    }
}

#[component]
fn PlanView(plan: PlanOverview) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let (reached, total) = plan.progress();
    let updated_at = plan.updated_at;
    view! {
        <p class="lead">{move || t().plan_for} " " <strong>{plan.citizen_name.clone()}</strong></p>

        <section class="card card-highlight" aria-labelledby="overall-goal">
            <h2 id="overall-goal">{move || t().overall_goal}</h2>
            <p class="overall-goal">{plan.overall_goal.clone()}</p>
        </section>

        <section aria-labelledby="progress">
            <h2 id="progress">{move || t().progress_heading}</h2>
            <Progress reached total label=move || (t().progress)(reached, total)/>
        </section>

        <section aria-labelledby="goals">
            <h2 id="goals">{move || t().goals_heading}</h2>
            {if plan.goals.is_empty() {
                view! { <p>{move || t().no_goals}</p> }.into_any()
            } else {
                view! {
                    <ul class="goal-list">
                        {plan.goals.into_iter().map(|goal| view! { <Goal goal/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>

        <section aria-labelledby="next-meeting">
            <h2 id="next-meeting">{move || t().next_meeting}</h2>
            {match plan.next_meeting {
                Some(meeting) => view! { <Meeting meeting/> }.into_any(),
                None => view! { <p>{move || t().no_meeting}</p> }.into_any(),
            }}
        </section>

        <section aria-labelledby="your-contact">
            <h2 id="your-contact">{move || t().your_contact}</h2>
            <ContactSummary contact=plan.contact/>
        </section>

        <p class="muted">{move || t().plan_updated} " " {move || format::date(updated_at.date_naive(), lang.get())}</p>
    }
}

/// Progress as words first, with a bar beside them for those who read bars faster.
/// The words carry the meaning; the bar is hidden from screen readers.
#[component]
fn Progress(reached: u32, total: u32, label: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    let percent = (reached * 100).checked_div(total).unwrap_or(0);
    view! {
        <div class="progress">
            <p class="progress-label">{label}</p>
            <div class="progress-bar" aria-hidden="true">
                <div class="progress-fill" style=format!("width: {percent}%")></div>
            </div>
        </div>
    }
}

#[component]
fn Goal(goal: GoalSummary) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let area = goal.life_area;
    let (reached, total) = (goal.sub_goals_reached, goal.sub_goals_total);
    view! {
        <li class="card goal">
            <p class="tag">{move || (t().life_area)(area)}</p>
            <h3>{goal.title}</h3>
            <Progress reached total label=move || (t().progress)(reached, total)/>
        </li>
    }
}

#[component]
fn Meeting(meeting: MeetingSummary) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let (starts, ends) = (meeting.starts_at, meeting.ends_at);
    view! {
        <div class="card">
            <h3>{meeting.title}</h3>
            <p class="meeting-time">
                {move || format::date_time(starts, lang.get())} "–" {move || format::time(ends, lang.get())}
            </p>
            {meeting.location.map(|place| view! {
                <p><span class="label">{move || t().place} ": "</span>{place}</p>
            })}
            {meeting.video_url.map(|url| view! {
                <p>
                    <span class="label">{move || t().video_meeting} ": "</span>
                    <a href=url>{move || t().join_video}</a>
                </p>
            })}
        </div>
    }
}

#[component]
fn ContactSummary(contact: ContactView) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    match contact.reach_now().cloned() {
        None => view! { <p>{move || t().no_contact}</p> }.into_any(),
        Some(person) => {
            let tel = format!("tel:{}", person.phone.replace(' ', ""));
            let first_name = person.name.split(' ').next().unwrap_or_default().to_owned();
            view! {
                <div class="card">
                    <p class="contact-name">{person.name}</p>
                    <p><span class="label">{move || t().phone} ": "</span><a href=tel>{person.phone}</a></p>
                    <p><A href="/kontakt">{move || t().contact_more} " " {first_name.clone()}</A></p>
                </div>
            }
            .into_any()
        }
    }
}
