//! English, complete: every text the Danish has.

use chrono::{DateTime, Utc};
use samlet_api::appeal::{AppealStage, PartOutcome};

use samlet_api::delegation::{GrantState, Scope};
use samlet_api::error::ErrorCode;
use samlet_api::messages::Turn;
use samlet_api::plan::{Attendance, LifeArea, PlanChange, SubGoalStatus};
use samlet_api::session::AccountKind;

use super::Texts;

/// Said wherever a request is refused for lack of access, on a page or in a form.
const FORBIDDEN: &str = "You do not have access to this.";
const ACCESS_ENDED: &str =
    "You no longer have access to act for this person: the power of attorney was revoked or has expired.";
const PREVIEW: &str = "You see the page as the citizen sees it. Nothing can be changed here.";

pub static TEXTS: Texts = Texts {
    skip_link: "Skip to content",
    site_tagline: "Your one plan with the municipality",
    nav_label: "Main menu",
    nav_plan: "My plan",
    nav_contact: "My contact",
    signed_in_as: "Signed in as",
    sign_out: "Sign out",
    signed_out: "You are signed out.",
    menu: "Menu",
    read_only_note: "You can read the texts here, but not change them.",
    read_aloud: "Read aloud",
    quick_exit: "Leave this page",
    quick_exit_hint: "Leave quickly: press the button, or press Shift three times. You are signed out and the page changes to DR.",
    switch_language: "Dansk",
    demo_banner: "Demo version: every person and detail is made up.",
    footer: "Samlet – one plan, one contact, one way into the municipality.",
    printed_from: "Printed from Samlet",
    print: "Print",
    print_plan: "Print the plan",
    print_period_hint: "The whole plan, or only meetings, activities and sub-goals in a period. Leave the dates empty for the whole plan.",
    print_from: "From",
    print_until: "Until",
    checking_session: "One moment …",
    error_network: "We could not connect. Check your internet connection and try again.",
    error_internal: "Something went wrong on our side. Nothing was changed. Please try again shortly.",
    error_id: "Error id (mention it if you contact the municipality):",
    error_no_plan: "There is no plan linked to your account. Contact the municipality if you think you should have one.",
    retry: "Try again",
    chunk_failed: "The page could not be loaded — try again.",
    page_loading: "Loading the page …",
    login_title: "Sign in",
    login_demo_intro: "This is a demo version. Choose the person you want to see the portal as. There is no password.",
    login_as: "Sign in as",
    login_loading: "Loading demo accounts …",
    login_unavailable: "Signing in with MitID has not been set up on this server yet.",
    login_failed: "You were not signed in. Please try again.",
    plan_title: "My plan",
    plan_loading: "Loading your plan …",
    overall_goal: "My overall goal",
    progress: |reached, total| format!("{reached} of {total} sub-goals reached"),
    goals_heading: "My goals",
    no_goals: "Your plan has no goals yet. You make them together with your contact.",
    no_meeting: "No meetings are planned right now.",
    place: "Place",
    video_meeting: "Video meeting",
    join_video: "Go to the video meeting",
    plan_updated: "The plan was last changed",
    your_contact: "Your contact",
    contact_more: "See when and how to reach",
    contact_title: "My contact",
    contact_loading: "Loading your contact …",
    contact_intro: "You have one contact at the municipality. Always contact this person first – also about what others work on.",
    phone: "Phone",
    email: "Email",
    reachable: "Phone hours",
    no_contact: "You do not have a contact yet.",
    plan_of: |name| format!("{name}'s plan"),
    no_contact_help: "Until you get one, contact Citizen Services (Borgerservice) in your municipality. They will help you.",
    call_citizen_service: |name, phone| format!("Until then, call {name} on {phone}. They will help you."),
    stand_in_for: |name| format!("Stand-in while {name} is away"),
    away: |name, from, until| {
        format!("{name} is away from {from} to {until} inclusive. In the meantime, contact:")
    },
    stand_in: "Stand-in",
    coordinator: "Your usual contact",
    not_found_title: "Page not found",
    not_found_body: "We could not find the page you were looking for.",
    to_plan: "Go to My plan",
    account_kind: |kind| match kind {
        AccountKind::Citizen => "Citizen",
        AccountKind::Relative => "Relative",
        AccountKind::Caseworker => "Caseworker",
    },
    life_area: |area| match area {
        LifeArea::JobEducation => "Job and education",
        LifeArea::Health => "Health",
        LifeArea::Social => "Social",
        LifeArea::Housing => "Housing",
        LifeArea::Economy => "Money",
        LifeArea::Family => "Family",
    },
    sub_goal_status: |status| match status {
        SubGoalStatus::NotStarted => "○ Not started",
        SubGoalStatus::InProgress => "◐ In progress",
        SubGoalStatus::Reached => "✓ Reached",
        SubGoalStatus::Paused => "‖ Paused",
    },
    expected_on: |date| format!("expected by {date}"),
    next_expected: |date| format!("next expected by {date}"),
    activities: "What happens",
    period: |from, until| format!("{from} – {until}"),
    from_date: |from| format!("From {from}"),
    changes_heading: "New since your last visit",
    no_changes: "Nothing in your plan has changed since your last visit.",
    first_visit: "Welcome to your plan. Next time, you can see here what has changed.",
    next_step: "What happens next",
    next_meeting: "Your next meeting",
    later_meetings: "Later meetings",
    no_later_meeting: "No other meetings are planned.",
    changes_dismissed: "Thank you. Next time you will only see what is new after this.",
    changes_seen: "I have seen this",
    changes_more: |n| {
        if n == 1 {
            " and 1 more change".to_owned()
        } else {
            format!(" and {n} more changes")
        }
    },
    first_version: "The plan was made",
    past_meetings: "Past meetings",
    participants: "Attending",
    bring: "Remember to bring",
    add_to_calendar: "Save in your calendar",
    own_texts_heading: "In my own words",
    own_texts_intro: "Your contact reads what you write here.",
    what_matters: "What matters most to me",
    what_matters_hint: "For example what you want to achieve, or what weighs most on you right now.",
    meeting_notes: "Notes for the next meeting",
    meeting_notes_hint: "For example questions you want to ask, or something you want to tell.",
    max_chars: |n| format!("At most {n} characters."),
    save: "Save",
    saving: "Saving …",
    saved_at: |at| format!("Saved {at}."),
    save_conflict: "Your text was not saved because it was changed somewhere else (perhaps in another tab) after you opened the page. What you wrote is still in the fields.",
    save_anyway: "Save my text anyway",
    save_failed: "Your text was not saved. What you wrote is still in the fields. Please try again.",
    versions_link: "See earlier versions of the plan",
    versions_title: "Earlier versions of the plan",
    versions_intro: "Every change to the plan saves a version. Choose one to see how the plan looked.",
    version_label: |n, at| format!("Version {n} from {at}"),
    version_title: |at| format!("The plan as it was on {at}"),
    version_notice: "This is an earlier version. It no longer applies.",
    back_to_plan: "Back to My plan",
    loading: "Loading …",
    accessibility_link: "Accessibility statement",
    help_title: "What does it mean?",
    help_link: "What does it mean?",
    help_terms: &[
        (
            "afgoerelse",
            "Decision (afgørelse)",
            "The municipality's answer about what help you get and why. You get it as a letter. If you disagree, you can appeal.",
        ),
        (
            "genvurdering",
            "Reconsideration (genvurdering)",
            "When you appeal, the municipality looks at the case again. If it does not agree with you, it sends the appeal on to the National Social Appeals Board.",
        ),
        (
            "ankestyrelsen",
            "National Social Appeals Board (Ankestyrelsen)",
            "A state office that decides appeals against the municipality's decisions. It is not part of the municipality.",
        ),
        (
            "fuldmagt",
            "Power of attorney (fuldmagt)",
            "Your permission for someone else, e.g. a relative, to see or do things for you. You decide what and for how long, and you can take it back at any time.",
        ),
        (
            "vaerge",
            "Guardian (værge)",
            "A person a court has appointed to help you. The municipality has registered it. It cannot be taken back here.",
        ),
        (
            "delmaal",
            "Sub-goal (delmål)",
            "A smaller step on the way to one of your goals. When all sub-goals are reached, the goal is reached.",
        ),
        (
            "kontaktperson",
            "Contact person (kontaktperson)",
            "The one person at the municipality you can always contact first, also about what others work on.",
        ),
    ],
    accessibility_title: "Accessibility statement",
    accessibility_body: &[
        "Samlet must be usable by everyone. It is built to follow the international accessibility guidelines (WCAG 2.1, level AA) that Danish law requires of public websites.",
        "You can use Samlet with a keyboard alone, with a screen reader, zoomed to 200 percent and on a narrow phone screen. Colour is never the only thing that shows a status.",
        "Every change is tested automatically in a real browser, accessibility included.",
        "If something in Samlet is hard for you to use, contact your contact person or Citizen Services. We will help you another way, and we will fix it.",
        "You can complain about missing accessibility to the Danish Agency for Digital Government, which supervises the accessibility of public websites.",
        "This statement is reviewed at least once a year.",
    ],
    describe_change,
    nav_documents: "Documents",
    documents_title: "My documents",
    documents_intro: "Send a document once. Everyone working on your plan can see it, so you do not have to hand it in again.",
    send_documents: "Send documents",
    accepted_types: |mb| {
        format!(
            "You can send PDF, pictures (JPEG, PNG, HEIC), Word (DOCX) and ODT. At most {mb} MB per file."
        )
    },
    choose_files: "Choose files",
    take_photo: "Take a picture",
    drop_here: "On a computer you can also drag the files here.",
    send: "Send",
    documents_held: "Documents held by the municipality",
    no_documents: "There are no documents yet.",
    title_label: "Title",
    kind_label: "What is it?",
    kind_choose: "Choose",
    kind_other: "Something else – write it",
    document_kinds: [
        ("payslip", "Payslip"),
        ("medical", "Doctor's statement"),
        ("bank", "Bank statement"),
    ],
    title_missing: "Choose what it is, or write a title, so your caseworker can find it.",
    files_chosen: |n| {
        if n == 1 {
            "1 file is ready".to_owned()
        } else {
            format!("{n} files are ready")
        }
    },
    note_label: "Note (optional)",
    state_chosen: "Chosen – not sent yet.",
    state_uploading: |percent| format!("Sending … {percent} %"),
    upload_progress: "How much has been sent",
    cancel: "Stop",
    state_received: |at| format!("✓ Received {at}."),
    state_failed: "Not sent.",
    file_error: |code| match code {
        ErrorCode::FileTooLarge => {
            "The file is too large. Split it, or take the picture at a lower resolution."
        }
        ErrorCode::TooManyFiles => "Too many files at once. Send them in several goes.",
        ErrorCode::QuotaExceeded => "There is no more room for your documents. Contact your contact person.",
        ErrorCode::FileTypeRefused => {
            "This type of file cannot be received. Send PDF, JPEG, PNG, HEIC, DOCX or ODT."
        }
        ErrorCode::FileEmpty => "The file is empty. Choose it again.",
        ErrorCode::PdfEncrypted => {
            "The municipality cannot open the PDF because it has a password. Save it without a password (for example with Print to PDF) and send it again."
        }
        ErrorCode::MalwareFound => {
            "Our virus scanner found something harmful in the file, so it was not received. Scan your device, or send another copy."
        }
        ErrorCode::ScanUnavailable => {
            "We cannot check files for viruses right now, so the file was not received. Please try again shortly."
        }
        ErrorCode::RateLimited => "You have sent many files in a short while. Wait a minute and try again.",
        ErrorCode::Forbidden => FORBIDDEN,
        ErrorCode::AccessEnded => ACCESS_ENDED,
        ErrorCode::PreviewReadOnly => PREVIEW,
        ErrorCode::Unauthenticated => "You have been signed out. Sign in again and send the file again.",
        _ => "Something went wrong on our side. Please try again shortly.",
    },
    upload_network_error: "The connection was lost. Try again – the file will not be sent twice.",
    remove_file: "Remove",
    from_municipality: "the municipality",
    document_meta: |at, who| format!("{at} · from {who}"),
    download: "Download",
    delete: "Delete",
    confirm_delete: |title| format!("Delete “{title}”? This cannot be undone."),
    goal_label: "Belongs to goal (optional)",
    no_goal: "No goal",
    goal_link_saved: "Saved.",
    goal_link_failed: "It was not saved. Please try again.",
    delete_failed: "The document was not deleted. Please try again.",
    nav_decisions: "Decisions",
    decisions_title: "My decisions",
    decisions_intro: "These are the municipality's combined decisions about you. You can appeal a whole decision or the parts you disagree with – in one appeal.",
    no_decisions: "You have no decisions yet.",
    received_on: |d| format!("Received {d}"),
    deadline_line: |d, left| match left {
        0 => format!("Appeal deadline: {d} – today is the last day"),
        1 => format!("Appeal deadline: {d} – 1 day left"),
        n if n > 1 => format!("Appeal deadline: {d} – {n} days left"),
        _ => format!("The appeal deadline was {d}"),
    },
    deadline_soon: "Less than a week to the deadline. You can appeal now and write your reasons later.",
    deadline_passed: "The deadline has passed. You can still appeal, but you need to say why the appeal comes now.",
    parts_heading: "What the municipality decided",
    outcome: |o| match o {
        PartOutcome::Granted => "Granted",
        PartOutcome::Changed => "Changed",
        PartOutcome::Refused => "Refused",
        PartOutcome::Stopped => "Stopped",
    },
    reasoning_heading: "Reasons",
    guidance_heading: "How to appeal",
    phone_is_valid: "You can also appeal by phoning or writing to your contact person. That counts just the same.",
    download_decision: "Download the decision (PDF)",
    start_appeal: "Appeal the decision",
    appeal_title: "Appeal against the decision",
    choose_parts: "Which parts do you disagree with?",
    reason_for_part: "Why do you disagree with this part? (optional)",
    reason_all: "Reasons for the whole appeal (optional)",
    reasons_later: "You do not have to give reasons now. You can add reasons and documents after sending it.",
    attach_heading: "Documents you have already sent (optional)",
    wishes_heading: "Wishes (optional)",
    wants_meeting: "I would like a meeting about the appeal",
    wants_call: "I would like a phone call",
    helper_label: "Who is helping you with the appeal? (optional)",
    late_label: "Why does the appeal come after the deadline?",
    late_hint: "The appeals board can accept a late appeal if there is a good reason.",
    draft_saved: |t| format!("Saved as a draft at {t}. Only you can see it."),
    draft_failed: "The draft could not be saved just now. We will try again as you type.",
    to_check: "Continue",
    check_title: "Check your answers before sending",
    change: "Change",
    not_given: "Optional – you have not written anything",
    yes: "Yes",
    no: "No",
    submit_appeal: "Send the appeal",
    sending: "Sending …",
    appeal_error: |code| match code {
        Some(ErrorCode::Forbidden) => FORBIDDEN,
        Some(ErrorCode::AccessEnded) => ACCESS_ENDED,
        Some(ErrorCode::PreviewReadOnly) => PREVIEW,
        Some(ErrorCode::NoPartsSelected) => "Choose at least one part of the decision you disagree with.",
        Some(ErrorCode::UnknownPart) => {
            "A chosen part or document does not belong to the decision. Choose again."
        }
        Some(ErrorCode::TextTooLong) => "A text is too long. Shorten it, or attach it as a document.",
        Some(ErrorCode::AppealExists) => {
            "You have already appealed this decision. You can add reasons and documents to the appeal."
        }
        Some(ErrorCode::AppealClosed) => {
            "The municipality has finished reconsidering. Contact your contact person to add anything."
        }
        None => "We could not connect. Nothing has been sent yet. Please try again.",
        _ => "Something went wrong on our side. Please try again shortly.",
    },
    appeal_heading: "Your appeal",
    reference: |r| format!("Reference number: {r}"),
    sent_at: |t| format!("Sent {t}"),
    sent_late: "The appeal was sent after the deadline.",
    next_steps: "The municipality first reconsiders the decision. If it does not agree with you, it sends the appeal on to the national appeals board (Ankestyrelsen), which decides.",
    reconsider_by: |d| format!("The municipality must have reconsidered the decision by {d}."),
    print_receipt: "Print receipt",
    timeline_heading: "Status of your appeal",
    // One model for where an appeal is: the receipt, the decision and the list say the same.
    appeal_stage: |s| match s {
        AppealStage::Sent => "Sent to the municipality",
        AppealStage::Received => "The municipality has your appeal",
        AppealStage::Reconsidering => "The municipality is looking at the decision again",
        AppealStage::DecisionChanged => "The municipality has changed the decision",
        AppealStage::SentToAnkestyrelsen => "Sent on to the national appeals board (Ankestyrelsen)",
        AppealStage::Decided => "The appeals board has decided",
    },
    appeal_now: |stage| format!("Status: {stage}"),
    case_number: |n| format!("Appeals board case number: {n}"),
    add_heading: "Add reasons or documents",
    add_text: "Your reasons",
    add_button: "Add to the appeal",
    added_at: |t| format!("Added {t}"),
    additions_closed: "The municipality has finished reconsidering. Contact your contact person to add anything.",
    attached_count: |n| {
        if n == 1 {
            "1 document attached".to_owned()
        } else {
            format!("{n} documents attached")
        }
    },
    new_document: "A new document? Send it under Documents – your draft is saved, and you can choose the document here afterwards.",
    back_to_appeal: "Back to your appeal – documents you send here can be chosen there",
    appealed_heading: "What you appealed",
    nav_grants: "Powers of attorney",
    nav_log: "My log",
    nav_my_data: "My data",
    nav_caseworker: "My citizens",
    acting_banner: |name| {
        format!("You are acting for {name}. Everything you do is shown to {name} as done by you.")
    },
    guardian_banner: |name| format!("You are acting as guardian for {name}."),
    preview_banner: |name| {
        format!("Preview: you see the pages as {name} sees them. Nothing can be changed from here.")
    },
    act_as_myself: "Switch to myself",
    end_preview: "End preview",
    error_forbidden: FORBIDDEN,
    error_access_ended: ACCESS_ENDED,
    error_preview: PREVIEW,
    back_to_own: "To your own pages",
    grants_title: "Powers of attorney",
    grants_intro: "You can give a relative access to see or do things for you in Samlet. You decide what and for how long, and you can revoke it at any time.",
    grants_given_heading: "Access you have given",
    grants_received_heading: "Access you have been given",
    no_grants: "None.",
    given_to: |name| {
        format!("{name} has been given access. It waits until {name} signs in with MitID and accepts it.")
    },
    give_heading: "Give a relative access",
    give_person: "Who should have access?",
    give_name: "The person's full name",
    give_cpr: "The person's CPR number",
    give_cpr_hint: "10 digits, e.g. 010190-1234. The person signs in with MitID and accepts. We do not keep the CPR number, only a coded imprint of it.",
    cpr_invalid: "Write a CPR number of 10 digits whose first 6 are a date of birth (DDMMYY).",
    grants_waiting_heading: "Waiting for you",
    guardianship_heading: "Guardianship",
    give_scopes: "What may they do?",
    scope_name: |scope| match scope {
        Scope::Plan => "See my plan and my contact",
        Scope::ReadDocuments => "See my documents",
        Scope::UploadDocuments => "Send documents for me",
        Scope::Appeal => "Lodge and follow an appeal for me",
        Scope::OwnTexts => "Write my own texts in the plan",
        Scope::Messages => "Write messages with my contact and read them",
    },
    include_sensitive: "May also see what is marked sensitive (e.g. treatment for addiction or mental illness)",
    ends_on_label: "Valid until and including",
    ends_on_hint: |days| format!("At most {days} days ahead."),
    give_button: "Give access",
    give_note: "The person must accept before the access applies.",
    give_error: "The access was not given. Write the person's name and CPR number, choose at least one thing and an end date within the limit.",
    grant_state: |state| match state {
        GrantState::Pending => "Waiting to be accepted",
        GrantState::Active => "In force",
        GrantState::Expired => "Expired",
        GrantState::Revoked => "Revoked",
        GrantState::GivenUp => "The person said no thanks",
    },
    guardianship_note: "A court appointed the guardian, and the municipality registered it. It cannot be revoked here.",
    grant_until: |date| format!("Until and including {date}"),
    revoke: "Revoke",
    revoke_confirm: |name| format!("Revoke the access of {name}? It stops at once."),
    accept: "Accept",
    give_up: "Say no thanks to the access",
    act_for: |name| format!("Act for {name}"),
    log_title: "My log",
    my_data_title: "My data",
    my_data_intro: "Download a copy of everything Samlet holds about you, in one ZIP file. You can keep it, take it to another authority or an adviser, or print it.",
    my_data_json: "samlet.json: all your data in a form other programs can read.",
    my_data_html: "index.html: the same data to read and print. Open it in your browser.",
    my_data_documents: "The folder documents: all your documents.",
    my_data_download: "Download my data",
    my_data_note: "You can download your data three times a day. Each time is shown in My log.",
    log_intro: "Here you see every time someone other than you saw or changed your information: relatives, your caseworker and the municipality's systems. The log cannot be changed or deleted.",
    log_person: "Person",
    log_everyone: "Everyone",
    log_from: "From date",
    log_to: "To date",
    log_filter: "Show",
    log_empty: "Nobody else saw or changed your information in the chosen period.",
    log_and: " and ",
    log_filter_heading: "Show only some of the entries",
    log_action: samlet_api::audit::action_en,
    log_role: samlet_api::audit::role_en,
    caseworker_title: "My citizens",
    caseworker_intro: "Citizens you coordinate for or stand in for. See the pages exactly as the citizen sees them; you cannot change anything, and the citizen can see that you looked.",
    preview_as: |name| format!("See as {name}"),
    stand_in_tag: "Stand-in",
    on_behalf: |who| format!("{who} on your behalf"),
    lodged_by: |who| format!("Sent by {who} on your behalf."),
    login_mitid: "Sign in with MitID",
    login_mitid_intro: "You sign in at MitID and come back here afterwards.",
    login_demo_heading: "Demo accounts",
    login_refused: |code| match code {
        "cancelled" => "You cancelled signing in. You can try again when you are ready.",
        "too_slow" => "Signing in took too long, so it was stopped. Please try again.",
        "assurance" => {
            "Your sign-in was not secure enough to see your cases. Sign in with the MitID app or code display and try again."
        }
        "unknown_person" => {
            "We cannot find you among the municipality's citizens. Contact the municipality if you think you should see a plan here."
        }
        "unavailable" => "Signing in with MitID is not working right now. Please try again shortly.",
        _ => {
            "Signing in could not be completed safely, so you are not signed in. Start again and try once more."
        }
    },
    idle_title: "Do you want to stay signed in?",
    idle_text: |minutes| {
        format!(
            "You will be signed out in {minutes} min. because you have not used the page. What you have written will not be lost."
        )
    },
    idle_stay: "Yes, stay signed in",
    sign_out_everywhere: "Sign out on all devices",
    sign_out_everywhere_intro: "Were you signed in on a computer you no longer have with you, or did you lose your phone? Then sign out everywhere.",
    own_texts_restored: "We have brought back the text you wrote that was not saved. Remember to save it.",
    received_by_municipality: |at| format!("✓ Received by the municipality {at}."),
    waiting_for_municipality: "The municipality normally gets it within a working day. You do not need to do anything.",
    rate_limited: "You have tried many times in a short while. Wait a minute and try again.",
    nav_messages: "Messages",
    messages_title: "Messages",
    messages_intro: "Write securely with your contact person. The messages are kept here, and the municipality files them in your case.",
    messages_loading: "Fetching messages …",
    no_threads: "There are no messages yet.",
    unread_count: |n| format!("{n} unread"),
    waiting_count: |n| {
        if n == 1 {
            "1 thread waits for an answer".to_owned()
        } else {
            format!("{n} threads wait for an answer")
        }
    },
    new_message: "New message",
    subject_label: "Subject (optional)",
    message_label: "Message",
    chars_left: |n| format!("{n} characters left"),
    send_message: "Send message",
    answer_time: |name, days| {
        if days == 1 {
            format!("{name} normally answers within 1 working day.")
        } else {
            format!("{name} normally answers within {days} working days.")
        }
    },
    stand_in_notice: |away, stand_in| {
        format!("{away} is away right now. Your message goes to {stand_in}, who covers your case meanwhile.")
    },
    urgent: |phone| format!("Is it urgent? Call {phone}. If a life is in danger, call 112."),
    turn: |turn, caseworker| match (turn, caseworker) {
        (Turn::Municipality, _) => "Waiting for the municipality's answer",
        (Turn::Citizen, false) => "Waiting for your answer",
        (Turn::Citizen, true) => "Waiting for the citizen's answer",
        (Turn::Closed, _) => "Closed",
    },
    read_by: |name, at| format!("Read by {name} {at}"),
    not_read: "Not read yet",
    journalised: |at| format!("Filed in your case {at}"),
    written_for: |who, citizen| format!("{who} on behalf of {citizen}"),
    all_messages: "All messages",
    reply_label: "Your answer",
    draft_kept: "Your text is saved as you write.",
    new_message_from: |name| format!("New message from {name}"),
    close_thread: "Mark as closed",
    about_line: |title| format!("About: {title}"),
    attach_existing: "Attach documents you have already sent (optional)",
    attach_new: "Send a photo or a new file with it (optional)",
    message_error: |code| match code {
        Some(ErrorCode::MessageEmpty) => "Write a message before sending.",
        Some(ErrorCode::TextTooLong) => "The message is too long. Shorten it, or split it in two.",
        Some(ErrorCode::TooManyAttachments) => "A message can carry at most 10 documents.",
        Some(ErrorCode::UnknownDocument) => "A chosen document no longer exists. Choose again.",
        Some(ErrorCode::NoContact) => "You do not have a contact person to write to yet.",
        Some(ErrorCode::RateLimited) => {
            "You have sent many messages in a short while. Wait a minute and try again."
        }
        Some(ErrorCode::Forbidden) => FORBIDDEN,
        Some(ErrorCode::AccessEnded) => ACCESS_ENDED,
        None => {
            "We could not connect. The message has not been sent yet. Try again – it will not be sent twice."
        }
        _ => "Something went wrong on our side. The message was not sent. Please try again shortly.",
    },
    write_about_goal: "Write to your contact person about this goal",
    messages_about: "Messages about this:",
    nav_notifications: "Notifications",
    notifications_title: "Notifications",
    notifications_intro: "Get a short e-mail when there is something new for you in Samlet, so you do not have to keep checking. The e-mail only says that there is something new – never what it is about. You read it when you sign in.",
    email_heading: "Your e-mail",
    email_label: "E-mail address",
    email_hint: "We send a code that you enter here afterwards. That way we know the address is yours.",
    code_send: "Send code",
    code_sent: |email| format!("We have sent a code to {email}. It is valid for 30 minutes."),
    code_label: "Code from the e-mail",
    code_confirm: "Confirm",
    code_again: "Send a new code",
    email_verified: |email| format!("We write to {email} when there is something new."),
    email_remove: "Stop e-mails",
    sms_heading: "Your mobile (text messages)",
    sms_label: "Mobile number",
    sms_hint: "8 digits, or + and the country code first. We send a code in a text message, which you then enter here.",
    sms_verified: |phone| {
        format!(
            "We send a text message to {phone} when there is something new. If you have e-mail too, messages from your contact person come by e-mail – and by text message if you have not read them after 3 days."
        )
    },
    sms_remove: "Stop text messages",
    sms_code_label: "Code from the text message",
    choices_heading: "What and when",
    events_legend: "Tell me when",
    event_kind: |kind| match kind {
        samlet_api::notifications::EventKind::Message => "my contact person writes to me",
        samlet_api::notifications::EventKind::PlanChanged => "the municipality changes my plan",
        samlet_api::notifications::EventKind::Decision => "I get a decision",
        samlet_api::notifications::EventKind::AppealStatus => "there is news about my appeal",
        samlet_api::notifications::EventKind::DocumentReceived => {
            "the municipality has received a document from me"
        }
        samlet_api::notifications::EventKind::MeetingTomorrow => "I have a meeting the next day (told at 9)",
        samlet_api::notifications::EventKind::DeadlineSoon => {
            "an appeal deadline is close (7 and 2 days before)"
        }
    },
    notice_kind: |kind| match kind {
        samlet_api::notifications::EventKind::Message => "new message",
        samlet_api::notifications::EventKind::PlanChanged => "plan changed",
        samlet_api::notifications::EventKind::Decision => "new decision",
        samlet_api::notifications::EventKind::AppealStatus => "news about the appeal",
        samlet_api::notifications::EventKind::DocumentReceived => "document received",
        samlet_api::notifications::EventKind::MeetingTomorrow => "meeting tomorrow",
        samlet_api::notifications::EventKind::DeadlineSoon => "appeal deadline soon",
    },
    quiet_legend: "Quiet hours",
    notice_language: "Language of the notices",
    quiet_hint: "We send nothing during quiet hours. What comes meanwhile is sent when they end. Choose the same hour in both if you want to be told at any time.",
    quiet_from: "Quiet from",
    quiet_until: "Until",
    choices_saved: "Saved.",
    recent_heading: "Sent lately",
    recent_none: "We have not sent anything yet.",
    channel: |channel| match channel {
        samlet_api::notifications::Channel::Email => "E-mail",
        samlet_api::notifications::Channel::Sms => "Text message",
        samlet_api::notifications::Channel::DigitalPost => "Digital Post",
    },
    notice_items: |n| {
        if n == 1 {
            "1 new thing".to_owned()
        } else {
            format!("{n} new things")
        }
    },
    notice_status: |status| match status {
        samlet_api::notifications::NoticeStatus::Pending => "waiting",
        samlet_api::notifications::NoticeStatus::Sent => "sent",
        samlet_api::notifications::NoticeStatus::Failed => "could not be sent",
    },
    notification_error: |code| match code {
        Some(ErrorCode::EmailInvalid) => "That does not look like an e-mail address. Check it and try again.",
        Some(ErrorCode::CodeWrong) => "The code does not match. Check it, or get a new code.",
        Some(ErrorCode::CodeExpired) => "The code has expired. Get a new code.",
        Some(ErrorCode::MailUnavailable) => "We cannot send e-mails right now. Try again in a little while.",
        Some(ErrorCode::PhoneInvalid) => {
            "That does not look like a mobile number. Write the 8 digits, or + and the country code before the number."
        }
        Some(ErrorCode::SmsUnavailable) => {
            "We cannot send text messages right now. Try again in a little while."
        }
        Some(ErrorCode::RateLimited) => {
            "You have asked for many codes. Wait a while and try again (at most 10 a day)."
        }
        _ => "That did not work. Try again in a little while.",
    },
    write_about_decision: "Write to your contact person about the decision",
    attend_coming: "I will come",
    attend_not_coming: "I cannot come",
    attend_failed: "Your answer was not saved. Please try again.",
    answered: |attendance, by, at| match attendance {
        Attendance::Coming => format!("Answer: coming ({by}, {at})"),
        Attendance::NotComing => format!("Answer: cannot come ({by}, {at})"),
    },
    not_coming_start: "I cannot come to the meeting, because \n\nInstead I can: ",
    turn_off_title: "Stop notices like this",
    turn_off_intro: "The e-mail told you because you asked to be told when",
    turn_off_these: "Stop these notices",
    turn_off_all: "Stop all notices from Samlet",
    turn_off_done: "Done. You will get no more e-mails about this.",
    turn_off_is_off: "turned off",
    turn_off_again: "You can turn it back on under Notifications when you are signed in.",
    turn_off_expired: "The link no longer works (it is valid for 60 days) or is mistyped. Sign in and choose under Notifications what to be told about.",
};

/// One change to the plan in a sentence; dates come already formatted by `at`.
fn describe_change(change: &PlanChange, at: &dyn Fn(DateTime<Utc>) -> String) -> String {
    match change {
        PlanChange::OverallGoalChanged { overall_goal } => {
            format!("Your overall goal is now: “{overall_goal}”")
        }
        PlanChange::GoalAdded { title, life_area } => {
            format!("New goal under {}: {title}", (TEXTS.life_area)(*life_area))
        }
        PlanChange::GoalRemoved { title } => {
            format!("The goal “{title}” was taken out of the plan")
        }
        PlanChange::SubGoalAdded { goal, title } => {
            format!("New sub-goal under “{goal}”: {title}")
        }
        PlanChange::SubGoalStatusChanged {
            title,
            to: SubGoalStatus::Reached,
            ..
        } => {
            format!("Sub-goal reached: {title}")
        }
        PlanChange::SubGoalStatusChanged { title, to, .. } => {
            format!(
                "The sub-goal “{title}” now has the status: {}",
                (TEXTS.sub_goal_status)(*to)
            )
        }
        PlanChange::ActivityAdded { goal, title } => {
            format!("New activity under “{goal}”: {title}")
        }
        PlanChange::MeetingAdded { title, starts_at } => {
            format!("New meeting: {title}, {}", at(*starts_at))
        }
        PlanChange::MeetingMoved { title, from, to } => {
            format!(
                "The meeting “{title}” has moved from {} to {}",
                at(*from),
                at(*to)
            )
        }
        PlanChange::MeetingCancelled { title, starts_at } => {
            format!("The meeting “{title}” on {} is cancelled", at(*starts_at))
        }
    }
}
