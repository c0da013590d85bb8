//! "Min plan": what changed since the last visit, the overall goal, the goals by life
//! area with their sub-goals and activities, the meetings, the citizen's own texts and the
//! one contact. Also the plan's earlier versions.

mod own_texts;

use chrono::Utc;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use samlet_api::contact::ContactView;
use samlet_api::plan::{
    Activity, Goal, LifeArea, Meeting, PlanChange, PlanContent, PlanPage as PlanData, PlanRevision,
    RevisionSummary, SubGoal, SubGoalStatus,
};

use crate::api;
use crate::format;
use crate::i18n;
use crate::layout::{Later, LoadError};
use crate::session::SignedInOnly;

#[component]
pub fn PlanPage() -> impl IntoView {
    let session = crate::session::use_session();
    // A relative or caseworker who is not acting for anyone has no plan of their own: "/"
    // and the sign-in lead here, and they go on to their own start page.
    let elsewhere = move || {
        let start = crate::session::start_page(&session.info()?);
        (start != "/plan").then(|| view! { <leptos_router::components::Redirect path=start/> })
    };
    view! {
        {elsewhere}
        {i18n::page_title(|t| t.plan_title)}
        // Acting for someone, the heading names them: it is their plan, not "mine".
        <h1>{move || {
            let t = i18n::lang().get().texts();
            match session.info().and_then(|info| info.acting_for) {
                Some(acting) => (t.plan_of)(&acting.name),
                None => t.plan_title.to_owned(),
            }
        }}</h1>
        <SignedInOnly>
            <crate::layout::ReadAloud/>
            <WholePlan/>
        </SignedInOnly>
    }
}

#[component]
fn WholePlan() -> impl IntoView {
    let plan = api::Resource::<PlanData>::new(|| "/api/plan".into());
    move || match plan.get() {
        None => view! { <p class="status" role="status">{i18n::tr(|t| t.plan_loading)}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <LoadError error retry=Callback::new(move |_| plan.refetch())/> }.into_any()
        }
        Some(Ok(plan)) => view! { <PlanView plan/> }.into_any(),
    }
}

#[component]
fn PlanView(plan: PlanData) -> impl IntoView {
    let lang = i18n::lang();
    let content = plan.content;
    let (reached, total) = progress(&content);
    let now = Utc::now();
    let (upcoming, past): (Vec<Meeting>, Vec<Meeting>) =
        content.meetings.iter().cloned().partition(|m| m.ends_at >= now);
    let updated_at = plan.updated_at;
    view! {
        <p class="lead">{i18n::tr(|t| t.plan_for)} " " <strong>{plan.citizen_name.clone()}</strong></p>

        <Changes since=plan.changes_since_revision changes=plan.changes/>

        <section class="card card-highlight" aria-labelledby="overall-goal">
            <h2 id="overall-goal">{i18n::tr(|t| t.overall_goal)}</h2>
            <p class="overall-goal">{content.overall_goal.clone()}</p>
        </section>

        <section aria-labelledby="progress">
            <h2 id="progress">{i18n::tr(|t| t.progress_heading)}</h2>
            <Progress reached total/>
        </section>

        // The goals are most of the page: drawn after the top, and the rest after them.
        <Later>
        <Goals goals=content.goals.clone()/>
        <Later>
        <section aria-labelledby="meetings">
            <h2 id="meetings">{i18n::tr(|t| t.upcoming_meetings)}</h2>
            {if upcoming.is_empty() {
                view! { <p>{i18n::tr(|t| t.no_meeting)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {upcoming.into_iter().map(|meeting| view! { <li><MeetingCard meeting calendar=true/></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {(!past.is_empty()).then(|| view! {
                <details class="past-meetings">
                    <summary>{i18n::tr(|t| t.past_meetings)} " (" {past.len()} ")"</summary>
                    <ul class="plain-list">
                        {past.iter().rev().cloned().map(|meeting| view! { <li><MeetingCard meeting calendar=false/></li> }).collect_view()}
                    </ul>
                </details>
            })}
        </section>

        <own_texts::OwnTextsForm texts=plan.own_texts/>

        <section aria-labelledby="your-contact">
            <h2 id="your-contact">{i18n::tr(|t| t.your_contact)}</h2>
            <ContactSummary/>
        </section>

        <p class="muted">
            {i18n::tr(|t| t.plan_updated)} " " {move || updated_on(updated_at, lang.get())} ". "
            <A href="/plan/versioner">{i18n::tr(|t| t.versions_link)}</A>
        </p>
        </Later>
        </Later>
    }
}

/// The day the plan was last updated: its Danish day, not the UTC one (late in the
/// evening those differ).
fn updated_on(updated_at: chrono::DateTime<Utc>, lang: i18n::Lang) -> String {
    format::day(updated_at, lang)
}

fn progress(content: &PlanContent) -> (u32, u32) {
    let sub_goals = content.goals.iter().flat_map(|g| &g.sub_goals);
    let total = sub_goals.clone().count() as u32;
    let reached = sub_goals.filter(|s| s.status == SubGoalStatus::Reached).count() as u32;
    (reached, total)
}

#[component]
fn Changes(since: Option<i64>, changes: Vec<PlanChange>) -> impl IntoView {
    let lang = i18n::lang();
    view! {
        <section class="alert" aria-labelledby="changes">
            <h2 id="changes" class="alert-heading">{i18n::tr(|t| t.changes_heading)}</h2>
            {match (since, changes.is_empty()) {
                (None, _) => view! { <p>{i18n::tr(|t| t.first_visit)}</p> }.into_any(),
                (Some(_), true) => view! { <p>{i18n::tr(|t| t.no_changes)}</p> }.into_any(),
                (Some(_), false) => view! {
                    <ul class="change-list">
                        {changes.into_iter().map(|change| view! {
                            <li>{move || {
                                let lang = lang.get();
                                (lang.texts().describe_change)(&change, &|at| format::date_time(at, lang))
                            }}</li>
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

/// Progress as words first, with a bar beside them for those who read bars faster.
/// The words carry the meaning; the bar is hidden from screen readers.
#[component]
fn Progress(reached: u32, total: u32) -> impl IntoView {
    let lang = i18n::lang();
    let percent = (reached * 100).checked_div(total).unwrap_or(0);
    view! {
        <div class="progress">
            <p class="progress-label">{move || (lang.get().texts().progress)(reached, total)}</p>
            <p class="hint"><crate::layout::HelpLink term="delmaal"/></p>
            <div class="progress-bar" aria-hidden="true">
                <div class="progress-fill" style:width=format!("{percent}%")></div>
            </div>
        </div>
    }
}

/// The goals grouped by life area, in a fixed order of areas.
#[component]
fn Goals(goals: Vec<Goal>) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let groups: Vec<(LifeArea, Vec<Goal>)> = LifeArea::ALL
        .iter()
        .map(|&area| {
            (
                area,
                goals
                    .iter()
                    .filter(|g| g.life_area == area)
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, goals)| !goals.is_empty())
        .collect();
    view! {
        <section aria-labelledby="goals">
            <h2 id="goals">{i18n::tr(|t| t.goals_heading)}</h2>
            {if groups.is_empty() {
                view! { <p>{i18n::tr(|t| t.no_goals)}</p> }.into_any()
            } else {
                groups
                    .into_iter()
                    .map(|(area, goals)| view! {
                        <h3 class="area-heading">{move || (t().life_area)(area)}</h3>
                        <ul class="plain-list">
                            // A goal with its sub-goals and activities is a large piece of page:
                            // each is drawn in a task of its own.
                            {goals.into_iter().map(|goal| view! { <li><Later><GoalCard goal/></Later></li> }).collect_view()}
                        </ul>
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn GoalCard(goal: Goal) -> impl IntoView {
    let total = goal.sub_goals.len() as u32;
    let reached = goal
        .sub_goals
        .iter()
        .filter(|s| s.status == SubGoalStatus::Reached)
        .count() as u32;
    view! {
        <article class="card goal">
            <h4>{goal.title}</h4>
            <Progress reached total/>
            <ul class="sub-goal-list">
                {goal.sub_goals.into_iter().map(|sub_goal| view! { <SubGoalItem sub_goal/> }).collect_view()}
            </ul>
            {(!goal.activities.is_empty()).then(|| view! {
                <h5>{i18n::tr(|t| t.activities)}</h5>
                <ul class="activity-list">
                    {goal.activities.into_iter().map(|activity| view! { <ActivityItem activity/> }).collect_view()}
                </ul>
            })}
        </article>
    }
}

#[component]
fn SubGoalItem(sub_goal: SubGoal) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let status = sub_goal.status;
    let target = sub_goal.target_date;
    let class = match status {
        SubGoalStatus::Reached => "sub-goal reached",
        _ => "sub-goal",
    };
    view! {
        <li class=class>
            <p class="sub-goal-title"><strong>{sub_goal.title}</strong></p>
            <p class="status-text">{move || (t().sub_goal_status)(status)}</p>
            <dl class="facts">
                <dt>{i18n::tr(|t| t.success_criterion)}</dt>
                <dd>{sub_goal.success_criterion}</dd>
                {target.map(|date| view! {
                    <dt>{i18n::tr(|t| t.target_date)}</dt>
                    <dd>{move || format::date(date, lang.get())}</dd>
                })}
                <dt>{i18n::tr(|t| t.worked_on_by)}</dt>
                <dd>{sub_goal.unit}</dd>
            </dl>
        </li>
    }
}

#[component]
fn ActivityItem(activity: Activity) -> impl IntoView {
    let lang = i18n::lang();
    let (from, until) = (activity.starts_on, activity.ends_on);
    let period = move || {
        let lang = lang.get();
        let t = lang.texts();
        match (from, until) {
            (Some(from), Some(until)) => (t.period)(&format::date(from, lang), &format::date(until, lang)),
            (Some(from), None) => (t.from_date)(&format::date(from, lang)),
            _ => String::new(),
        }
    };
    view! {
        <li>
            <strong>{activity.title}</strong> " – " {activity.provider}
            <br/>
            <span class="muted">{period}</span>
        </li>
    }
}

#[component]
fn MeetingCard(meeting: Meeting, calendar: bool) -> impl IntoView {
    let lang = i18n::lang();
    let (starts, ends) = (meeting.starts_at, meeting.ends_at);
    let ics = format!("/api/plan/meetings/{}/calendar.ics", meeting.id);
    view! {
        <article class="card meeting">
            <h3>{meeting.title}</h3>
            <p class="meeting-time">
                {move || format::date_time(starts, lang.get())} "–" {move || format::time(ends, lang.get())}
            </p>
            <dl class="facts">
                {meeting.location.map(|place| view! { <dt>{i18n::tr(|t| t.place)}</dt><dd>{place}</dd> })}
                {meeting.video_url.map(|url| view! {
                    <dt>{i18n::tr(|t| t.video_meeting)}</dt>
                    <dd><a href=url>{i18n::tr(|t| t.join_video)}</a></dd>
                })}
                {(!meeting.participants.is_empty()).then(|| view! {
                    <dt>{i18n::tr(|t| t.participants)}</dt><dd>{meeting.participants.clone()}</dd>
                })}
                {(!meeting.bring.is_empty()).then(|| view! {
                    <dt>{i18n::tr(|t| t.bring)}</dt><dd>{meeting.bring.clone()}</dd>
                })}
            </dl>
            {calendar.then(|| view! {
                <p><a href=ics download="">{i18n::tr(|t| t.add_to_calendar)}</a></p>
            })}
        </article>
    }
}

#[component]
fn ContactSummary() -> impl IntoView {
    let contact = api::Resource::<ContactView>::new(|| "/api/contact".into());
    move || match contact.get() {
        None => view! { <p class="status" role="status">{i18n::tr(|t| t.contact_loading)}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <LoadError error retry=Callback::new(move |_| contact.refetch())/> }.into_any()
        }
        Some(Ok(view)) => match view.reach_now().cloned() {
            None => view! { <crate::contact::NoContact/> }.into_any(),
            Some(person) => {
                let tel = format!("tel:{}", person.phone.replace(' ', ""));
                let first_name = person.name.split(' ').next().unwrap_or_default().to_owned();
                // The stand-in is said to be one, and for whom.
                let away = match &view {
                    ContactView::Away { coordinator, .. } => Some(coordinator.name.clone()),
                    _ => None,
                };
                let lang = i18n::lang();
                view! {
                    <div class="card">
                        {away.map(|name| view! { <p class="tag">{move || (lang.get().texts().stand_in_for)(&name)}</p> })}
                        <p class="contact-name">{person.name}</p>
                        <p><span class="label">{i18n::tr(|t| t.phone)} ": "</span><a href=tel>{person.phone}</a></p>
                        <p><A href="/kontakt">{i18n::tr(|t| t.contact_more)} " " {first_name.clone()}</A></p>
                    </div>
                }
                .into_any()
            }
        },
    }
}

#[component]
pub fn VersionsPage() -> impl IntoView {
    view! {
        {i18n::page_title(|t| t.versions_title)}
        <h1>{i18n::tr(|t| t.versions_title)}</h1>
        <SignedInOnly>
            <VersionList/>
        </SignedInOnly>
        <p><A href="/plan">{i18n::tr(|t| t.back_to_plan)}</A></p>
    }
}

#[component]
fn VersionList() -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let list = api::Resource::<Vec<RevisionSummary>>::new(|| "/api/plan/revisions".into());
    move || {
        match list.get() {
        None => view! { <p class="status" role="status">{i18n::tr(|t| t.loading)}</p> }.into_any(),
        Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| list.refetch())/> }.into_any(),
        Some(Ok(revisions)) => view! {
            <p>{i18n::tr(|t| t.versions_intro)}</p>
            <ul>
                {revisions.into_iter().map(|r| {
                    let href = format!("/plan/versioner/{}", r.revision);
                    view! {
                        <li><A href=href>{move || (t().version_label)(r.revision, &format::date_time(r.created_at, lang.get()))}</A></li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    }
}

#[component]
pub fn VersionPage() -> impl IntoView {
    let params = use_params_map();
    let revision = move || params.read().get("revision").unwrap_or_default();
    let snapshot = api::Resource::<PlanRevision>::new(move || format!("/api/plan/revisions/{}", revision()));
    view! {
        {i18n::page_title(|t| t.versions_title)}
        <SignedInOnly>
            {move || match snapshot.get() {
                None => view! { <p class="status" role="status">{i18n::tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=Callback::new(move |_| snapshot.refetch())/> }.into_any(),
                Some(Ok(version)) => view! { <VersionView version/> }.into_any(),
            }}
        </SignedInOnly>
        <p><A href="/plan/versioner">{i18n::tr(|t| t.versions_title)}</A></p>
    }
}

#[component]
fn VersionView(version: PlanRevision) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let at = version.created_at;
    let (reached, total) = progress(&version.content);
    view! {
        <h1>{move || (t().version_title)(&format::date_time(at, lang.get()))}</h1>
        <div class="alert" role="note">{i18n::tr(|t| t.version_notice)}</div>
        <section class="card card-highlight" aria-labelledby="overall-goal">
            <h2 id="overall-goal">{i18n::tr(|t| t.overall_goal)}</h2>
            <p class="overall-goal">{version.content.overall_goal.clone()}</p>
        </section>
        <section aria-labelledby="progress">
            <h2 id="progress">{i18n::tr(|t| t.progress_heading)}</h2>
            <Progress reached total/>
        </section>
        <Goals goals=version.content.goals/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_updated_day_is_the_danish_day_not_the_utc_one() {
        // 22:30 UTC on 30 June is 00:30 on 1 July in Denmark (summer time).
        let at = "2026-06-30T22:30:00Z".parse().unwrap();
        assert_eq!(updated_on(at, i18n::Lang::Da), "1. juli 2026");
        assert_eq!(updated_on(at, i18n::Lang::En), "1 July 2026");
        // 23:30 UTC on 31 December is 00:30 on 1 January in Denmark (winter time).
        let at = "2026-12-31T23:30:00Z".parse().unwrap();
        assert_eq!(updated_on(at, i18n::Lang::Da), "1. januar 2027");
    }
}
