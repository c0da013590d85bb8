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
    Activity, AnswerMeeting, Attendance, Goal, LifeArea, Meeting, MeetingAnswer, PlanChange, PlanContent,
    PlanPage as PlanData, PlanRevision, PlanSeen, RevisionSummary, SubGoal, SubGoalStatus,
};

use crate::api;
use crate::format;
use crate::i18n;
use crate::layout::{self, Later, LoadError};
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

/// The plan, in the order a citizen needs it on a small screen: anything new since the last
/// visit, what happens next and whom to call, the overall goal, then each goal as one line
/// that opens to its sub-goals; the rest of the meetings, the citizen's own words and the
/// versions last.
#[component]
fn PlanView(plan: PlanData) -> impl IntoView {
    let lang = i18n::lang();
    let content = plan.content;
    let (reached, total) = progress(&content);
    let now = Utc::now();
    let (upcoming, past): (Vec<Meeting>, Vec<Meeting>) =
        content.meetings.iter().cloned().partition(|m| m.ends_at >= now);
    let mut upcoming = upcoming.into_iter();
    let next = upcoming.next();
    let later: Vec<Meeting> = upcoming.collect();
    let updated_at = plan.updated_at;
    let answers = StoredValue::new(plan.answers);
    provide_context(PrintPeriod {
        from: RwSignal::new(None),
        until: RwSignal::new(None),
    });
    let answer_of = move |id: i64| answers.with_value(|a| a.iter().find(|a| a.meeting_id == id).cloned());
    let own = crate::session::use_session()
        .info()
        .is_some_and(|info| info.acting_for.is_none());
    // What is new is the citizen's own: someone acting for them neither sees nor uses it.
    // When there is something, it comes first; "nothing new" waits below what is next.
    let news_first = plan.changes_since_revision.is_some() && !plan.changes.is_empty();
    let (revision, since, changes) = (plan.revision, plan.changes_since_revision, plan.changes);
    let mut changes = own.then(move || view! { <Changes revision since changes/> });
    let (changes_first, changes_after) = if news_first {
        (changes.take(), None)
    } else {
        (None, changes)
    };
    view! {
        {changes_first}
        <section class="card card-highlight" aria-labelledby="next-step">
            <h2 id="next-step">{i18n::tr(|t| t.next_step)}</h2>
            {match next {
                Some(meeting) => view! {
                    <p class="tag">{i18n::tr(|t| t.next_meeting)}</p>
                    <MeetingCard answer=answer_of(meeting.id) meeting calendar=true/>
                }
                .into_any(),
                None => view! { <p>{i18n::tr(|t| t.no_meeting)}</p> }.into_any(),
            }}
            <section aria-labelledby="your-contact">
                <h3 id="your-contact">{i18n::tr(|t| t.your_contact)}</h3>
                <ContactSummary/>
            </section>
        </section>


        {changes_after}

        <section class="card" aria-labelledby="overall-goal">
            <h2 id="overall-goal">{i18n::tr(|t| t.overall_goal)}</h2>
            <p class="overall-goal">{content.overall_goal.clone()}</p>
            <Progress reached total/>
        </section>

        // The goals are most of the page: drawn after the top, and the rest after them.
        <Later>
        <Goals goals=content.goals.clone()/>
        <Later>
        <section aria-labelledby="meetings">
            <h2 id="meetings">{i18n::tr(|t| t.later_meetings)}</h2>
            {if later.is_empty() {
                view! { <p>{i18n::tr(|t| t.no_later_meeting)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {later.into_iter().map(|meeting| view! { <li><MeetingCard answer=answer_of(meeting.id) meeting calendar=true/></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {(!past.is_empty()).then(|| view! {
                <details class="past-meetings">
                    <summary>{i18n::tr(|t| t.past_meetings)} " (" {past.len()} ")"</summary>
                    <ul class="plain-list">
                        {past.iter().rev().cloned().map(|meeting| view! { <li><MeetingCard answer=answer_of(meeting.id) meeting calendar=false/></li> }).collect_view()}
                    </ul>
                </details>
            })}
        </section>

        <own_texts::OwnTextsForm texts=plan.own_texts/>

        <p class="muted">
            {i18n::tr(|t| t.plan_updated)} " " {move || updated_on(updated_at, lang.get())} ". "
            <A href="/plan/versioner">{i18n::tr(|t| t.versions_link)}</A>
        </p>
        <PrintBox/>
        </Later>
        </Later>
    }
}

/// The period the plan is printed for ("Udskriv planen"): meetings, activities and
/// sub-goals outside it are left off the paper (the print stylesheet hides
/// `.outside-period`). No dates: the whole plan.
#[derive(Clone, Copy)]
struct PrintPeriod {
    from: RwSignal<Option<chrono::NaiveDate>>,
    until: RwSignal<Option<chrono::NaiveDate>>,
}

/// Whether something that runs from `first` to `last` (`None`: open at that end) lies
/// outside the chosen period, for a `class:outside-period`. Always false outside the plan
/// page (no period there).
fn outside_period(first: Option<chrono::NaiveDate>, last: Option<chrono::NaiveDate>) -> impl Fn() -> bool {
    let period = use_context::<PrintPeriod>();
    move || {
        period.is_some_and(|period| {
            let before = matches!((last, period.from.get()), (Some(last), Some(from)) if last < from);
            let after = matches!((first, period.until.get()), (Some(first), Some(until)) if first > until);
            before || after
        })
    }
}

/// A date field's value (`YYYY-MM-DD`), or none when it is empty or not a date.
fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    let mut parts = text.splitn(3, '-').map(|part| part.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

#[component]
fn PrintBox() -> impl IntoView {
    let period = expect_context::<PrintPeriod>();
    let set = move |signal: RwSignal<Option<chrono::NaiveDate>>| {
        move |event: web_sys::Event| signal.set(parse_day(&event_target_value(&event)))
    };
    view! {
        <details class="card no-print print-box">
            <summary>{i18n::tr(|t| t.print_plan)}</summary>
            <p class="hint">{i18n::tr(|t| t.print_period_hint)}</p>
            <div class="field">
                <label for="print-from">{i18n::tr(|t| t.print_from)}</label>
                <input type="date" id="print-from" on:input=set(period.from)/>
            </div>
            <div class="field">
                <label for="print-until">{i18n::tr(|t| t.print_until)}</label>
                <input type="date" id="print-until" on:input=set(period.until)/>
            </div>
            <layout::PrintButton/>
        </details>
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

/// "New since your last visit": kept until the citizen has seen it, not used up by a page
/// load. It counts as seen once it has been on screen for [`SEEN_AFTER_SECONDS`] while
/// the tab is in front, or when the citizen says so (which also takes it off this page).
#[component]
fn Changes(revision: i64, since: Option<i64>, changes: Vec<PlanChange>) -> impl IntoView {
    let dismissed = RwSignal::new(false);
    let heading = NodeRef::<leptos::html::H2>::new();
    let box_node = NodeRef::<leptos::html::Section>::new();
    let seen = move |dismissed: bool| {
        let body = PlanSeen { revision, dismissed };
        // Nothing to tell the citizen if this fails: the box simply comes back next time.
        leptos::task::spawn_local(async move {
            let _ = api::post_quietly("/api/plan/seen", &body).await;
        });
    };
    // A first visit has no list to lose: it is seen at once, so the next visit can say
    // what changed.
    if since.is_none() {
        seen(false);
    } else if since.is_some_and(|seen| seen < revision) {
        let on_screen_for = StoredValue::new(0u32);
        let tick = move || {
            let Some(node) = box_node.get_untracked() else {
                return;
            };
            if on_screen_for.get_value() >= SEEN_AFTER_SECONDS || !layout::in_view(&node) {
                return;
            }
            on_screen_for.update_value(|s| *s += 1);
            if on_screen_for.get_value() == SEEN_AFTER_SECONDS {
                seen(false);
            }
        };
        if let Ok(interval) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
            on_cleanup(move || interval.clear());
        }
    }
    let dismiss = move |_| {
        seen(true);
        dismissed.set(true);
        // The button is gone: focus stays in the box instead of falling to the page.
        if let Some(heading) = heading.get_untracked() {
            let _ = heading.focus();
        }
    };
    let lang = i18n::lang();
    let has_changes = since.is_some() && !changes.is_empty();
    view! {
        <section class="alert" aria-labelledby="changes" node_ref=box_node>
            <h2 id="changes" class="alert-heading" tabindex="-1" node_ref=heading>{i18n::tr(|t| t.changes_heading)}</h2>
            {move || match (since, changes.is_empty(), dismissed.get()) {
                (_, _, true) => view! { <p role="status">{i18n::tr(|t| t.changes_dismissed)}</p> }.into_any(),
                (None, _, _) => view! { <p>{i18n::tr(|t| t.first_visit)}</p> }.into_any(),
                (Some(_), true, _) => view! { <p>{i18n::tr(|t| t.no_changes)}</p> }.into_any(),
                (Some(_), false, _) => view! {
                    <ul class="change-list">
                        {changes.clone().into_iter().map(|change| view! {
                            <li>{move || {
                                let lang = lang.get();
                                (lang.texts().describe_change)(&change, &|at| format::date_time(at, lang))
                            }}</li>
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            {move || (has_changes && !dismissed.get()).then(|| view! {
                <button type="button" class="button" on:click=dismiss>
                    {i18n::tr(|t| t.changes_seen)}
                </button>
            })}
        </section>
    }
}

/// How long the changes must be on screen, with the tab in front, to count as seen.
const SEEN_AFTER_SECONDS: u32 = 5;

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

/// A goal is one line (its status, how many sub-goals are reached and the next expected
/// date) that opens to the sub-goals and what happens; closed, a phone screen holds
/// several goals instead of part of one.
#[component]
fn GoalCard(goal: Goal) -> impl IntoView {
    let lang = i18n::lang();
    let summary = GoalLine::of(&goal.sub_goals);
    let goal_id = goal.id;
    let opened = RwSignal::new(false);
    let line = move || {
        let lang = lang.get();
        let t = lang.texts();
        let mut parts = Vec::new();
        if let Some(status) = summary.status {
            parts.push((t.sub_goal_status)(status).to_owned());
        }
        parts.push((t.progress)(summary.reached, summary.total));
        if let Some(date) = summary.next_date {
            parts.push((t.next_expected)(&format::date(date, lang)));
        }
        parts.join(" · ")
    };
    view! {
        <article class="card goal">
            <h4>{goal.title}</h4>
            // The conversations about the goal are asked for when it is opened: a plan page
            // loads nothing it does not show.
            <details on:toggle=move |_| opened.set(true)>
                <summary>{line}</summary>
                <ul class="sub-goal-list">
                    {goal.sub_goals.into_iter().map(|sub_goal| view! { <SubGoalItem sub_goal/> }).collect_view()}
                </ul>
                {(!goal.activities.is_empty()).then(|| view! {
                    <h5>{i18n::tr(|t| t.activities)}</h5>
                    <ul class="activity-list">
                        {goal.activities.into_iter().map(|activity| view! { <ActivityItem activity/> }).collect_view()}
                    </ul>
                })}
                {move || opened.get().then(|| view! {
                    <crate::messages::MessagesAbout kind=samlet_api::messages::AboutKind::Goal id=goal_id label=|t| t.write_about_goal/>
                })}
            </details>
        </article>
    }
}

/// What a goal's closed line says: its status read from its sub-goals, how many are
/// reached, and the earliest date one of the others is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct GoalLine {
    status: Option<SubGoalStatus>,
    reached: u32,
    total: u32,
    next_date: Option<chrono::NaiveDate>,
}

impl GoalLine {
    fn of(sub_goals: &[SubGoal]) -> Self {
        let count = |status| sub_goals.iter().filter(|s| s.status == status).count() as u32;
        let (reached, total) = (count(SubGoalStatus::Reached), sub_goals.len() as u32);
        let status = if total == 0 {
            None
        } else if reached == total {
            Some(SubGoalStatus::Reached)
        } else if reached > 0 || count(SubGoalStatus::InProgress) > 0 {
            Some(SubGoalStatus::InProgress)
        } else if count(SubGoalStatus::Paused) == total {
            Some(SubGoalStatus::Paused)
        } else {
            Some(SubGoalStatus::NotStarted)
        };
        let next_date = sub_goals
            .iter()
            .filter(|s| s.status != SubGoalStatus::Reached)
            .filter_map(|s| s.target_date)
            .min();
        Self {
            status,
            reached,
            total,
            next_date,
        }
    }
}

/// A sub-goal without a label on every line: its title and status, what will be true
/// when it is reached, and who helps and by when in one quiet line.
#[component]
fn SubGoalItem(sub_goal: SubGoal) -> impl IntoView {
    let lang = i18n::lang();
    let t = move || lang.get().texts();
    let status = sub_goal.status;
    let target = sub_goal.target_date;
    let unit = sub_goal.unit;
    let class = match status {
        SubGoalStatus::Reached => "sub-goal reached",
        _ => "sub-goal",
    };
    // A reached sub-goal is no longer "expected": only who helped is said.
    let dated = target;
    let target = target.filter(|_| status != SubGoalStatus::Reached);
    let who_and_when = move || {
        let lang = lang.get();
        match target {
            Some(date) => format!(
                "{unit} · {}",
                (lang.texts().expected_on)(&format::date(date, lang))
            ),
            None => unit.clone(),
        }
    };
    view! {
        <li class=class class:outside-period=outside_period(dated, dated)>
            <p class="sub-goal-title"><strong>{sub_goal.title}</strong></p>
            <p class="status-text">{move || (t().sub_goal_status)(status)}</p>
            <p class="criterion">{sub_goal.success_criterion}</p>
            <p class="muted">{who_and_when}</p>
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
        <li class:outside-period=outside_period(from, until)>
            <strong>{activity.title}</strong> " – " {activity.provider}
            <br/>
            <span class="muted">{period}</span>
        </li>
    }
}

#[component]
fn MeetingCard(meeting: Meeting, calendar: bool, answer: Option<MeetingAnswer>) -> impl IntoView {
    let lang = i18n::lang();
    let (starts, ends) = (meeting.starts_at, meeting.ends_at);
    let ics = format!("/api/plan/meetings/{}/calendar.ics", meeting.id);
    let meeting_id = meeting.id;
    let day = Some(samlet_api::denmark::date(starts));
    view! {
        <article class="card meeting" class:outside-period=outside_period(day, day)>
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
            // Upcoming meetings are answered; a past one shows what was answered.
            <MeetingReply meeting_id answer open=calendar/>
        </article>
    }
}

/// "Jeg kommer" / "Jeg kan ikke komme", and the answer given, for both sides to see. Not
/// coming opens a message to the contact about the meeting: why, and another time.
#[component]
fn MeetingReply(meeting_id: i64, answer: Option<MeetingAnswer>, open: bool) -> impl IntoView {
    let lang = i18n::lang();
    let answer = RwSignal::new(answer);
    let writable = open && crate::session::use_session().may_change(samlet_api::delegation::Scope::Messages);
    let navigate = leptos_router::hooks::use_navigate();
    let send = Action::new_local(move |attendance: &Attendance| {
        let body = AnswerMeeting {
            attendance: *attendance,
        };
        async move {
            api::put::<_, MeetingAnswer>(&format!("/api/plan/meetings/{meeting_id}/answer"), &body).await
        }
    });
    Effect::new(move || {
        if let Some(Ok(saved)) = send.value().get() {
            let not_coming = saved.attendance == Attendance::NotComing;
            answer.set(Some(saved));
            if not_coming {
                navigate(&format!("/beskeder?om=moede-{meeting_id}"), Default::default());
            }
        }
    });
    let said = move || {
        answer.get().map(|a| {
            let lang = lang.get();
            let text = (lang.texts().answered)(a.attendance, &a.by, &format::date_time(a.at, lang));
            view! { <p class="status">{text}</p> }
        })
    };
    view! {
        <div role="status">{said}</div>
        {writable.then(|| view! {
            <div class="button-row">
                <button type="button" class="button" disabled=move || send.pending().get()
                    on:click=move |_| { send.dispatch(Attendance::Coming); }>{i18n::tr(|t| t.attend_coming)}</button>
                <button type="button" class="button button-secondary" disabled=move || send.pending().get()
                    on:click=move |_| { send.dispatch(Attendance::NotComing); }>{i18n::tr(|t| t.attend_not_coming)}</button>
            </div>
            {move || send.value().get().and_then(Result::err).map(|_| view! {
                <p class="alert alert-error" role="alert">{i18n::tr(|t| t.attend_failed)}</p>
            })}
        })}
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
                    // One line of what the version changed, so the person can find the one
                    // they look for without opening each.
                    let what = move || {
                        let lang = lang.get();
                        let t = lang.texts();
                        match &r.first_change {
                            Some(change) => {
                                let mut line = (t.describe_change)(change, &|at| format::date_time(at, lang));
                                if r.more_changes > 0 {
                                    line += &(t.changes_more)(r.more_changes);
                                }
                                line
                            }
                            None if r.revision == 1 => t.first_version.to_owned(),
                            None => String::new(),
                        }
                    };
                    view! {
                        <li>
                            <A href=href>{move || (t().version_label)(r.revision, &format::date_time(r.created_at, lang.get()))}</A>
                            <br/><span class="muted">{what}</span>
                        </li>
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
        <section class="card" aria-labelledby="overall-goal">
            <h2 id="overall-goal">{i18n::tr(|t| t.overall_goal)}</h2>
            <p class="overall-goal">{version.content.overall_goal.clone()}</p>
            <Progress reached total/>
        </section>
        <Goals goals=version.content.goals/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub_goal(status: SubGoalStatus, target: Option<&str>) -> SubGoal {
        SubGoal {
            id: 1,
            title: String::new(),
            success_criterion: String::new(),
            target_date: target.map(|d| d.parse().unwrap()),
            status,
            unit: String::new(),
        }
    }

    #[test]
    fn a_goals_line_reads_its_status_progress_and_next_date_from_its_sub_goals() {
        use SubGoalStatus::*;
        let line = GoalLine::of(&[
            sub_goal(Reached, Some("2026-01-01")),
            sub_goal(Paused, Some("2026-09-01")),
            sub_goal(NotStarted, Some("2026-05-01")),
            sub_goal(InProgress, None),
        ]);
        // The reached sub-goal's date is not "next"; the earliest of the others is.
        assert_eq!(
            line,
            GoalLine {
                status: Some(InProgress),
                reached: 1,
                total: 4,
                next_date: Some("2026-05-01".parse().unwrap()),
            }
        );
        let status = |subs: &[SubGoal]| GoalLine::of(subs).status;
        assert_eq!(
            status(&[sub_goal(Reached, None), sub_goal(Reached, None)]),
            Some(Reached)
        );
        assert_eq!(
            status(&[sub_goal(Paused, None), sub_goal(Paused, None)]),
            Some(Paused)
        );
        assert_eq!(
            status(&[sub_goal(Paused, None), sub_goal(NotStarted, None)]),
            Some(NotStarted)
        );
        assert_eq!(
            status(&[sub_goal(Reached, None), sub_goal(NotStarted, None)]),
            Some(InProgress)
        );
        assert_eq!(status(&[]), None);
        assert_eq!(
            GoalLine::of(&[sub_goal(Reached, Some("2026-01-01"))]).next_date,
            None
        );
    }

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
