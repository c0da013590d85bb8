//! Danish, the default: plain words, short sentences.

use chrono::{DateTime, Utc};
use samlet_api::appeal::{AppealStage, PartOutcome};

use samlet_api::delegation::{GrantState, Scope};
use samlet_api::error::ErrorCode;
use samlet_api::messages::Turn;
use samlet_api::plan::{Attendance, LifeArea, PlanChange, SubGoalStatus};
use samlet_api::session::AccountKind;

use super::Texts;

/// The error texts are the server's, from the one Danish table in the shared crate
/// (`ErrorCode::danish`), so the app and the server's `message` cannot drift apart.
const fn error(code: ErrorCode) -> &'static str {
    code.danish()
}

pub static TEXTS: Texts = Texts {
    skip_link: "Gå til indhold",
    site_tagline: "Din samlede plan med kommunen",
    nav_label: "Hovedmenu",
    nav_plan: "Min plan",
    nav_contact: "Min kontaktperson",
    signed_in_as: "Logget ind som",
    sign_out: "Log ud",
    signed_out: "Du er logget ud.",
    menu: "Menu",
    read_only_note: "Du kan læse teksterne her, men ikke ændre dem.",
    read_aloud: "Læs op",
    quick_exit: "Forlad siden",
    quick_exit_hint: "Forlad siden hurtigt: tryk på knappen, eller tryk tre gange på Shift. Du bliver logget ud, og siden skifter til DR.",
    switch_language: "English",
    demo_banner: "Demoversion: alle personer og oplysninger er opdigtede.",
    footer: "Samlet – én plan, én kontaktperson, én indgang til kommunen.",
    printed_from: "Udskrevet fra Samlet",
    print: "Udskriv",
    print_plan: "Udskriv planen",
    print_period_hint: "Hele planen, eller kun møder, indsatser og delmål i en periode. Lad datoerne stå tomme for hele planen.",
    print_from: "Fra",
    print_until: "Til",
    checking_session: "Et øjeblik …",
    error_network: "Vi kunne ikke få forbindelse. Tjek din internetforbindelse, og prøv igen.",
    error_internal: error(ErrorCode::Internal),
    error_id: "Fejl-id (nævn det, hvis du kontakter kommunen):",
    error_no_plan: error(ErrorCode::NoPlan),
    retry: "Prøv igen",
    chunk_failed: "Siden kunne ikke hentes — prøv igen.",
    page_loading: "Henter siden …",
    login_title: "Log ind",
    login_demo_intro: "Dette er en demoversion. Vælg den person, du vil se portalen som. Der er ingen adgangskode.",
    login_as: "Log ind som",
    login_loading: "Henter demokonti …",
    login_unavailable: "Log ind med MitID er ikke sat op på denne server endnu.",
    login_failed: "Du blev ikke logget ind. Prøv igen.",
    plan_title: "Min plan",
    plan_loading: "Henter din plan …",
    overall_goal: "Mit overordnede mål",
    progress: |reached, total| format!("{reached} af {total} delmål er nået"),
    goals_heading: "Mine mål",
    no_goals: "Der er endnu ingen mål i din plan. Dem laver du sammen med din kontaktperson.",
    no_meeting: "Der er ingen planlagte møder lige nu.",
    place: "Sted",
    video_meeting: "Videomøde",
    join_video: "Gå til videomødet",
    plan_updated: "Planen er sidst ændret",
    your_contact: "Din kontaktperson",
    contact_more: "Se hvornår og hvordan du kan kontakte",
    contact_title: "Min kontaktperson",
    contact_loading: "Henter din kontaktperson …",
    contact_intro: "Du har én kontaktperson i kommunen. Kontakt altid denne person først – også om det, andre arbejder med.",
    phone: "Telefon",
    email: "E-mail",
    reachable: "Telefontid",
    no_contact: "Du har endnu ikke fået en kontaktperson.",
    // Danish genitive: an s, or an apostrophe after s, x or z ("Jens Hansens", "Lars'").
    plan_of: |name| {
        let apostrophe = name.ends_with(['s', 'x', 'z']);
        format!("{name}{} plan", if apostrophe { "'" } else { "s" })
    },
    no_contact_help: "Indtil du får en, kan du kontakte Borgerservice i din kommune. De hjælper dig videre.",
    call_citizen_service: |name, phone| {
        format!("Indtil da kan du ringe til {name} på {phone}. De hjælper dig videre.")
    },
    stand_in_for: |name| format!("Stedfortræder, mens {name} er væk"),
    away: |name, from, until| format!("{name} er væk fra {from} til og med {until}. Kontakt i mellemtiden:"),
    stand_in: "Stedfortræder",
    coordinator: "Din faste kontaktperson",
    not_found_title: "Siden findes ikke",
    not_found_body: "Vi kunne ikke finde den side, du ledte efter.",
    to_plan: "Gå til Min plan",
    account_kind: |kind| match kind {
        AccountKind::Citizen => "Borger",
        AccountKind::Relative => "Pårørende",
        AccountKind::Caseworker => "Sagsbehandler",
    },
    life_area: |area| match area {
        LifeArea::JobEducation => "Job og uddannelse",
        LifeArea::Health => "Helbred",
        LifeArea::Social => "Socialt",
        LifeArea::Housing => "Bolig",
        LifeArea::Economy => "Økonomi",
        LifeArea::Family => "Familie",
    },
    // A symbol and a word: status never rests on colour alone.
    sub_goal_status: |status| match status {
        SubGoalStatus::NotStarted => "○ Ikke startet",
        SubGoalStatus::InProgress => "◐ I gang",
        SubGoalStatus::Reached => "✓ Nået",
        SubGoalStatus::Paused => "‖ Sat på pause",
    },
    expected_on: |date| format!("forventes nået {date}"),
    next_expected: |date| format!("næste forventes nået {date}"),
    activities: "Det sker der",
    period: |from, until| format!("{from} – {until}"),
    from_date: |from| format!("Fra {from}"),
    changes_heading: "Nyt siden dit sidste besøg",
    no_changes: "Der er ingen ændringer i din plan siden dit sidste besøg.",
    first_visit: "Velkommen til din plan. Næste gang kan du her se, hvad der er ændret.",
    next_step: "Det næste",
    next_meeting: "Dit næste møde",
    later_meetings: "Senere møder",
    no_later_meeting: "Der er ingen andre planlagte møder.",
    changes_dismissed: "Tak. Næste gang ser du kun det, der er nyt herefter.",
    changes_seen: "Jeg har set det",
    changes_more: |n| {
        if n == 1 {
            " og 1 ændring mere".to_owned()
        } else {
            format!(" og {n} ændringer mere")
        }
    },
    first_version: "Planen blev lavet",
    past_meetings: "Tidligere møder",
    participants: "Deltagere",
    bring: "Husk at tage med",
    add_to_calendar: "Gem i din kalender",
    own_texts_heading: "Med mine egne ord",
    own_texts_intro: "Din kontaktperson læser det, du skriver her.",
    what_matters: "Det vigtigste for mig",
    what_matters_hint: "Fx hvad du gerne vil nå, eller hvad der fylder mest lige nu.",
    meeting_notes: "Noter til næste møde",
    meeting_notes_hint: "Fx spørgsmål du vil stille, eller noget du vil fortælle.",
    max_chars: |n| format!("Højst {n} tegn."),
    save: "Gem",
    saving: "Gemmer …",
    saved_at: |at| format!("Gemt {at}."),
    save_conflict: "Din tekst er ikke gemt, fordi den er ændret et andet sted (måske i en anden fane), siden du åbnede siden. Det, du har skrevet, står stadig i felterne.",
    save_anyway: "Gem min tekst alligevel",
    save_failed: "Din tekst blev ikke gemt. Det, du har skrevet, står stadig i felterne. Prøv igen.",
    versions_link: "Se tidligere versioner af planen",
    versions_title: "Tidligere versioner af planen",
    versions_intro: "Hver gang planen ændres, gemmes en version. Vælg en for at se, hvordan planen så ud.",
    version_label: |n, at| format!("Version {n} fra {at}"),
    version_title: |at| format!("Sådan så planen ud {at}"),
    version_notice: "Dette er en tidligere version. Den gælder ikke længere.",
    back_to_plan: "Tilbage til Min plan",
    loading: "Henter …",
    accessibility_link: "Tilgængelighedserklæring",
    accessibility_title: "Tilgængelighedserklæring",
    help_title: "Hvad betyder det?",
    help_link: "Hvad betyder det?",
    help_terms: &[
        (
            "afgoerelse",
            "Afgørelse",
            "Kommunens svar på, hvad du får hjælp til og hvorfor. Du får den som brev. Er du uenig, kan du klage.",
        ),
        (
            "genvurdering",
            "Genvurdering",
            "Når du klager, ser kommunen på sagen igen. Giver kommunen dig ikke ret, sender den klagen videre til Ankestyrelsen.",
        ),
        (
            "ankestyrelsen",
            "Ankestyrelsen",
            "Et statsligt kontor, der afgør klager over kommunens afgørelser. Det er ikke en del af kommunen.",
        ),
        (
            "fuldmagt",
            "Fuldmagt",
            "Din tilladelse til, at en anden, fx en pårørende, må se eller gøre ting for dig. Du bestemmer hvad og hvor længe, og du kan tage den tilbage når som helst.",
        ),
        (
            "vaerge",
            "Værge",
            "En person, som retten har udpeget til at hjælpe dig. Kommunen har registreret det. Det kan ikke tages tilbage her.",
        ),
        (
            "delmaal",
            "Delmål",
            "Et mindre skridt på vejen mod et af dine mål. Når alle delmål er nået, er målet nået.",
        ),
        (
            "kontaktperson",
            "Kontaktperson",
            "Den ene person i kommunen, du altid kan kontakte først, også om det, andre arbejder med.",
        ),
    ],
    accessibility_body: &[
        "Samlet skal kunne bruges af alle. Løsningen er lavet, så den følger de internationale retningslinjer for tilgængelighed (WCAG 2.1, niveau AA), som loven kræver af offentlige hjemmesider.",
        "Du kan bruge Samlet med tastatur alene, med skærmlæser, med forstørrelse op til 200 procent og på en smal mobilskærm. Farver er aldrig det eneste, der viser en status.",
        "Vi tester hver ændring automatisk i en rigtig browser, også for tilgængelighed.",
        "Har du svært ved at bruge noget i Samlet, så kontakt din kontaktperson eller Borgerservice. Så hjælper vi dig på en anden måde, og vi retter fejlen.",
        "Du kan klage over manglende tilgængelighed til Digitaliseringsstyrelsen, som fører tilsyn med tilgængelighed på offentlige hjemmesider.",
        "Erklæringen gennemgås mindst én gang om året.",
    ],
    describe_change,
    nav_documents: "Dokumenter",
    documents_title: "Mine dokumenter",
    documents_intro: "Send et dokument én gang. Alle, der arbejder med din plan, kan se det, så du ikke skal aflevere det igen.",
    send_documents: "Send dokumenter",
    accepted_types: |mb| {
        format!("Du kan sende PDF, billeder (JPEG, PNG, HEIC), Word (DOCX) og ODT. Højst {mb} MB pr. fil.")
    },
    choose_files: "Vælg filer",
    take_photo: "Tag et billede",
    drop_here: "På en computer kan du også trække filerne hertil.",
    send: "Send",
    documents_held: "Dokumenter hos kommunen",
    no_documents: "Der er ingen dokumenter endnu.",
    title_label: "Titel",
    kind_label: "Hvad er det?",
    kind_choose: "Vælg",
    kind_other: "Andet – skriv selv",
    document_kinds: [
        ("payslip", "Lønseddel"),
        ("medical", "Lægeerklæring"),
        ("bank", "Kontoudtog"),
    ],
    title_missing: "Vælg, hvad det er, eller skriv en titel. Så kan din sagsbehandler finde det.",
    files_chosen: |n| {
        if n == 1 {
            "1 fil er klar".to_owned()
        } else {
            format!("{n} filer er klar")
        }
    },
    note_label: "Note (frivilligt)",
    state_chosen: "Valgt – ikke sendt endnu.",
    state_uploading: |percent| format!("Sender … {percent} %"),
    upload_progress: "Hvor meget der er sendt",
    cancel: "Stop",
    state_received: |at| format!("✓ Modtaget {at}."),
    state_failed: "Ikke sendt.",
    file_error: error,
    upload_network_error: "Forbindelsen blev afbrudt. Prøv igen – filen bliver ikke sendt to gange.",
    remove_file: "Fjern",
    from_municipality: "kommunen",
    document_meta: |at, who| format!("{at} · fra {who}"),
    download: "Hent",
    delete: "Slet",
    confirm_delete: |title| format!("Vil du slette “{title}”? Det kan ikke fortrydes."),
    goal_label: "Hører til mål (frivilligt)",
    no_goal: "Intet mål",
    goal_link_saved: "Gemt.",
    goal_link_failed: "Det blev ikke gemt. Prøv igen.",
    delete_failed: "Dokumentet blev ikke slettet. Prøv igen.",
    nav_decisions: "Afgørelser",
    decisions_title: "Mine afgørelser",
    decisions_intro: "Her er kommunens samlede afgørelser om dig. Du kan klage over en hel afgørelse eller over de dele, du er uenig i – med én klage.",
    no_decisions: "Du har ingen afgørelser endnu.",
    received_on: |d| format!("Modtaget {d}"),
    deadline_line: |d, left| match left {
        0 => format!("Klagefrist: {d} – i dag er sidste dag"),
        1 => format!("Klagefrist: {d} – 1 dag tilbage"),
        n if n > 1 => format!("Klagefrist: {d} – {n} dage tilbage"),
        _ => format!("Klagefristen var {d}"),
    },
    deadline_soon: "Der er under en uge til klagefristen. Du kan klage nu og skrive begrundelsen senere.",
    deadline_passed: "Klagefristen er overskredet. Du kan stadig klage. Fortæl os så, hvorfor klagen kommer nu.",
    parts_heading: "Det har kommunen besluttet",
    outcome: |o| match o {
        PartOutcome::Granted => "Bevilget",
        PartOutcome::Changed => "Ændret",
        PartOutcome::Refused => "Afslået",
        PartOutcome::Stopped => "Stoppet",
    },
    reasoning_heading: "Begrundelse",
    guidance_heading: "Sådan klager du",
    phone_is_valid: "Du kan også klage ved at ringe eller skrive til din kontaktperson. Det gælder lige så meget.",
    download_decision: "Hent afgørelsen (PDF)",
    start_appeal: "Klag over afgørelsen",
    appeal_title: "Klage over afgørelsen",
    choose_parts: "Hvilke dele er du uenig i?",
    reason_for_part: "Hvorfor er du uenig i denne del? (frivilligt)",
    reason_all: "Begrundelse for hele klagen (frivilligt)",
    reasons_later: "Du behøver ikke at begrunde klagen nu. Du kan tilføje begrundelser og dokumenter, efter du har sendt den.",
    attach_heading: "Dokumenter, du allerede har sendt (frivilligt)",
    wishes_heading: "Ønsker (frivilligt)",
    wants_meeting: "Jeg vil gerne have et møde om klagen",
    wants_call: "Jeg vil gerne ringes op",
    helper_label: "Hvem hjælper dig med klagen? (frivilligt)",
    late_label: "Hvorfor kommer klagen efter fristen?",
    late_hint: "Ankestyrelsen kan behandle en klage, der kommer for sent, hvis der er en god grund.",
    draft_saved: |t| format!("Gemt som kladde kl. {t}. Kun du kan se den."),
    draft_failed: "Kladden kunne ikke gemmes lige nu. Vi prøver igen, når du skriver videre.",
    to_check: "Fortsæt",
    check_title: "Tjek dine svar, før du sender",
    change: "Ret",
    not_given: "Frivilligt – du har ikke skrevet noget",
    yes: "Ja",
    no: "Nej",
    submit_appeal: "Send klagen",
    sending: "Sender …",
    appeal_error: |code| match code {
        Some(code) => error(code),
        None => "Vi kunne ikke få forbindelse. Intet er sendt endnu. Prøv igen.",
    },
    appeal_heading: "Din klage",
    reference: |r| format!("Referencenummer: {r}"),
    sent_at: |t| format!("Sendt {t}"),
    sent_late: "Klagen blev sendt efter fristen.",
    next_steps: "Kommunen vurderer først afgørelsen igen. Giver kommunen dig ikke ret, sender den klagen videre til Ankestyrelsen, som afgør den.",
    reconsider_by: |d| format!("Kommunen skal have vurderet afgørelsen igen senest {d}."),
    print_receipt: "Udskriv kvittering",
    timeline_heading: "Status for din klage",
    // One model for where an appeal is: the receipt, the decision and the list say the same.
    appeal_stage: |s| match s {
        AppealStage::Sent => "Sendt til kommunen",
        AppealStage::Received => "Kommunen har fået din klage",
        AppealStage::Reconsidering => "Kommunen ser på afgørelsen igen",
        AppealStage::DecisionChanged => "Kommunen har ændret afgørelsen",
        AppealStage::SentToAnkestyrelsen => "Sendt videre til Ankestyrelsen",
        AppealStage::Decided => "Ankestyrelsen har afgjort klagen",
    },
    appeal_now: |stage| format!("Status: {stage}"),
    case_number: |n| format!("Ankestyrelsens sagsnummer: {n}"),
    add_heading: "Tilføj begrundelse eller dokumenter",
    add_text: "Din begrundelse",
    add_button: "Tilføj til klagen",
    added_at: |t| format!("Tilføjet {t}"),
    additions_closed: "Kommunen er færdig med at genvurdere afgørelsen. Kontakt din kontaktperson, hvis du vil tilføje noget.",
    attached_count: |n| {
        if n == 1 {
            "1 dokument vedhæftet".to_owned()
        } else {
            format!("{n} dokumenter vedhæftet")
        }
    },
    new_document: "Har du et nyt dokument? Send det under Dokumenter – din kladde er gemt, og dokumentet kan vælges her bagefter.",
    back_to_appeal: "Tilbage til din klage – dokumenter, du sender her, kan vælges dér",
    appealed_heading: "Det klager du over",
    nav_grants: "Fuldmagter",
    nav_log: "Min log",
    nav_my_data: "Mine data",
    nav_caseworker: "Mine borgere",
    acting_banner: |name| {
        format!("Du handler for {name}. Alt, du gør, bliver vist for {name} som gjort af dig.")
    },
    guardian_banner: |name| format!("Du handler som værge for {name}."),
    preview_banner: |name| {
        format!("Forhåndsvisning: du ser siderne, som {name} ser dem. Intet kan ændres herfra.")
    },
    act_as_myself: "Skift til mig selv",
    end_preview: "Afslut forhåndsvisning",
    error_forbidden: error(ErrorCode::Forbidden),
    error_access_ended: error(ErrorCode::AccessEnded),
    error_preview: error(ErrorCode::PreviewReadOnly),
    back_to_own: "Til dine egne sider",
    grants_title: "Fuldmagter",
    grants_intro: "Du kan give en pårørende adgang til at se eller gøre ting for dig i Samlet. Du bestemmer hvad og hvor længe, og du kan tilbagekalde adgangen når som helst.",
    grants_given_heading: "Adgang du har givet",
    grants_received_heading: "Adgang du har fået",
    no_grants: "Ingen.",
    give_heading: "Giv en pårørende adgang",
    given_to: |name| {
        format!("{name} har fået adgang. Den venter, til {name} logger ind med MitID og accepterer den.")
    },
    give_person: "Hvem skal have adgang?",
    give_name: "Personens fulde navn",
    give_cpr: "Personens CPR-nummer",
    give_cpr_hint: "10 cifre, fx 010190-1234. Personen logger ind med MitID og accepterer. Vi gemmer ikke CPR-nummeret, kun et kodet aftryk af det.",
    cpr_invalid: "Skriv et CPR-nummer med 10 cifre, hvor de første 6 er en fødselsdato (DDMMÅÅ).",
    grants_waiting_heading: "Venter på dig",
    guardianship_heading: "Værgemål",
    give_scopes: "Hvad må personen?",
    scope_name: |scope| match scope {
        Scope::Plan => "Se min plan og min kontaktperson",
        Scope::ReadDocuments => "Se mine dokumenter",
        Scope::UploadDocuments => "Sende dokumenter for mig",
        Scope::Appeal => "Klage og følge en klage for mig",
        Scope::OwnTexts => "Skrive mine egne tekster i planen",
        Scope::Messages => "Skrive beskeder med min kontaktperson og læse dem",
    },
    include_sensitive: "Må også se det, der er markeret som følsomt (fx behandling for misbrug eller psykisk sygdom)",
    ends_on_label: "Gælder til og med",
    ends_on_hint: |days| format!("Højst {days} dage frem."),
    give_button: "Giv adgang",
    give_note: "Personen skal acceptere, før adgangen gælder.",
    give_error: "Adgangen blev ikke givet. Skriv personens navn og CPR-nummer, vælg mindst én ting og en slutdato inden for grænsen.",
    grant_state: |state| match state {
        GrantState::Pending => "Venter på accept",
        GrantState::Active => "Gælder",
        GrantState::Expired => "Udløbet",
        GrantState::Revoked => "Tilbagekaldt",
        GrantState::GivenUp => "Personen har sagt nej tak",
    },
    guardianship_note: "Retten har udpeget værgen, og kommunen har registreret det. Det kan ikke tilbagekaldes her.",
    grant_until: |date| format!("Til og med {date}"),
    revoke: "Tilbagekald",
    revoke_confirm: |name| format!("Vil du tilbagekalde adgangen for {name}? Den holder op med det samme."),
    accept: "Acceptér",
    give_up: "Sig nej tak til adgangen",
    act_for: |name| format!("Handl for {name}"),
    log_title: "Min log",
    my_data_title: "Mine data",
    my_data_intro: "Hent en kopi af alt, hvad Samlet har om dig, i én ZIP-fil. Du kan gemme den, tage den med til en anden myndighed eller en rådgiver, eller udskrive den.",
    my_data_json: "samlet.json: alle dine data i en form, som andre programmer kan læse.",
    my_data_html: "index.html: de samme data til at læse og udskrive. Åbn den i din browser.",
    my_data_documents: "Mappen documents: alle dine dokumenter.",
    my_data_download: "Hent mine data",
    my_data_note: "Du kan hente dine data tre gange om dagen. Hver gang står i Min log.",
    log_intro: "Her ser du hver gang en anden end dig har set eller ændret dine oplysninger: pårørende, din sagsbehandler og kommunens systemer. Loggen kan ikke ændres eller slettes.",
    log_person: "Person",
    log_everyone: "Alle",
    log_from: "Fra dato",
    log_to: "Til dato",
    log_filter: "Vis",
    log_empty: "Ingen andre har set eller ændret dine oplysninger i den valgte periode.",
    log_and: " og ",
    log_filter_heading: "Vis kun nogle af posterne",
    log_action: samlet_api::audit::action_da,
    log_role: samlet_api::audit::role_da,
    caseworker_title: "Mine borgere",
    caseworker_intro: "Borgere du koordinerer for eller er stedfortræder for. Se siderne præcis som borgeren ser dem; du kan ikke ændre noget, og borgeren kan se, at du har kigget.",
    preview_as: |name| format!("Se som {name}"),
    stand_in_tag: "Stedfortræder",
    on_behalf: |who| format!("{who} på dine vegne"),
    lodged_by: |who| format!("Sendt af {who} på dine vegne."),
    login_mitid: "Log ind med MitID",
    login_mitid_intro: "Du logger ind hos MitID og kommer tilbage hertil bagefter.",
    login_demo_heading: "Demokonti",
    login_refused: |code| match code {
        "cancelled" => "Du afbrød log ind. Du kan prøve igen, når du er klar.",
        "too_slow" => "Log ind tog for lang tid, så det blev stoppet. Prøv igen.",
        "assurance" => {
            "Dit log ind var ikke sikkert nok til at se dine sager. Log ind med MitID-appen eller MitID-kodeviser, og prøv igen."
        }
        "unknown_person" => {
            "Vi kan ikke finde dig i kommunens forløb. Kontakt kommunen, hvis du mener, at du burde kunne se en plan her."
        }
        "unavailable" => "Log ind med MitID virker ikke lige nu. Prøv igen om lidt.",
        _ => "Log ind kunne ikke gennemføres sikkert, så du er ikke logget ind. Start forfra og prøv igen.",
    },
    idle_title: "Vil du forblive logget ind?",
    idle_text: |minutes| {
        format!(
            "Du bliver logget ud om {minutes} min., fordi du ikke har brugt siden. Det, du har skrevet, bliver ikke væk."
        )
    },
    idle_stay: "Ja, bliv logget ind",
    sign_out_everywhere: "Log ud på alle enheder",
    sign_out_everywhere_intro: "Har du været logget ind på en computer, du ikke har med, eller mistet din telefon? Så log ud alle steder.",
    own_texts_restored: "Vi har hentet den tekst, du skrev, men som ikke blev gemt. Husk at gemme den.",
    received_by_municipality: |at| format!("✓ Modtaget af kommunen {at}."),
    waiting_for_municipality: "Kommunen får den normalt inden for en arbejdsdag. Du behøver ikke gøre noget.",
    rate_limited: error(ErrorCode::RateLimited),
    nav_messages: "Beskeder",
    messages_title: "Beskeder",
    messages_intro: "Skriv sikkert med din kontaktperson. Beskederne bliver gemt her, og kommunen lægger dem i din sag.",
    messages_loading: "Henter beskeder …",
    no_threads: "Der er ingen beskeder endnu.",
    unread_count: |n| {
        if n == 1 {
            "1 ulæst".to_owned()
        } else {
            format!("{n} ulæste")
        }
    },
    waiting_count: |n| {
        if n == 1 {
            "1 tråd venter på svar".to_owned()
        } else {
            format!("{n} tråde venter på svar")
        }
    },
    new_message: "Ny besked",
    subject_label: "Emne (valgfrit)",
    message_label: "Besked",
    chars_left: |n| format!("{n} tegn tilbage"),
    send_message: "Send besked",
    answer_time: |name, days| {
        if days == 1 {
            format!("{name} svarer normalt inden for 1 arbejdsdag.")
        } else {
            format!("{name} svarer normalt inden for {days} arbejdsdage.")
        }
    },
    stand_in_notice: |away, stand_in| {
        format!("{away} er væk lige nu. Din besked går til {stand_in}, som passer din sag imens.")
    },
    urgent: |phone| format!("Haster det? Ring på {phone}. Er der fare for liv, så ring 112."),
    turn: |turn, caseworker| match (turn, caseworker) {
        (Turn::Municipality, _) => "Venter på svar fra kommunen",
        (Turn::Citizen, false) => "Venter på svar fra dig",
        (Turn::Citizen, true) => "Venter på svar fra borgeren",
        (Turn::Closed, _) => "Afsluttet",
    },
    read_by: |name, at| format!("Læst af {name} {at}"),
    not_read: "Ikke læst endnu",
    journalised: |at| format!("Journaliseret i din sag {at}"),
    written_for: |who, citizen| format!("{who} på vegne af {citizen}"),
    all_messages: "Alle beskeder",
    reply_label: "Dit svar",
    draft_kept: "Din tekst bliver gemt, mens du skriver.",
    new_message_from: |name| format!("Ny besked fra {name}"),
    close_thread: "Markér som afsluttet",
    about_line: |title| format!("Om: {title}"),
    attach_existing: "Vedhæft dokumenter, du allerede har sendt (valgfrit)",
    attach_new: "Send et foto eller en ny fil med (valgfrit)",
    message_error: |code| match code {
        Some(ErrorCode::MessageEmpty) => "Skriv en besked, før du sender.",
        Some(ErrorCode::TextTooLong) => "Beskeden er for lang. Skriv den kortere, eller del den i to.",
        Some(ErrorCode::TooManyAttachments) => "Der kan højst være 10 dokumenter i en besked.",
        Some(ErrorCode::UnknownDocument) => "Et valgt dokument findes ikke længere. Vælg igen.",
        Some(ErrorCode::NoContact) => "Du har endnu ingen kontaktperson at skrive til.",
        Some(ErrorCode::RateLimited) => {
            "Du har sendt mange beskeder på kort tid. Vent et minut, og prøv igen."
        }
        Some(code @ (ErrorCode::Forbidden | ErrorCode::AccessEnded)) => code.danish(),
        None => {
            "Vi kunne ikke få forbindelse. Beskeden er ikke sendt endnu. Prøv igen – den bliver ikke sendt to gange."
        }
        _ => "Der skete en fejl hos os. Beskeden er ikke sendt. Prøv igen om lidt.",
    },
    write_about_goal: "Skriv til din kontaktperson om målet",
    messages_about: "Beskeder om det her:",
    nav_notifications: "Notifikationer",
    notifications_title: "Notifikationer",
    notifications_intro: "Få en kort e-mail, når der er nyt til dig i Samlet, så du ikke selv skal holde øje. E-mailen siger kun, at der er nyt – aldrig hvad det handler om. Du læser det, når du logger ind.",
    email_heading: "Din e-mail",
    email_label: "E-mailadresse",
    email_hint: "Vi sender en kode, som du skriver her bagefter. Så ved vi, at adressen er din.",
    code_send: "Send kode",
    code_sent: |email| format!("Vi har sendt en kode til {email}. Den gælder i 30 minutter."),
    code_label: "Kode fra e-mailen",
    code_confirm: "Bekræft",
    code_again: "Send en ny kode",
    email_verified: |email| format!("Vi skriver til {email}, når der er nyt."),
    email_remove: "Stop e-mails",
    sms_heading: "Din mobil (SMS)",
    sms_label: "Mobilnummer",
    sms_hint: "8 cifre, eller + og landekode foran. Vi sender en kode i en SMS, som du skriver her bagefter.",
    sms_verified: |phone| {
        format!(
            "Vi sender en SMS til {phone}, når der er nyt. Har du også e-mail, får du beskeder fra din kontaktperson på e-mail – og på SMS, hvis du ikke har læst dem efter 3 dage."
        )
    },
    sms_remove: "Stop SMS",
    sms_code_label: "Kode fra SMS'en",
    choices_heading: "Hvad og hvornår",
    events_legend: "Giv mig besked, når",
    event_kind: |kind| match kind {
        samlet_api::notifications::EventKind::Message => "min kontaktperson skriver til mig",
        samlet_api::notifications::EventKind::PlanChanged => "kommunen ændrer min plan",
        samlet_api::notifications::EventKind::Decision => "jeg får en afgørelse",
        samlet_api::notifications::EventKind::AppealStatus => "der er nyt om min klage",
        samlet_api::notifications::EventKind::DocumentReceived => "kommunen har modtaget et dokument fra mig",
        samlet_api::notifications::EventKind::MeetingTomorrow => "jeg har møde dagen efter (besked kl. 9)",
        samlet_api::notifications::EventKind::DeadlineSoon => "en klagefrist nærmer sig (7 og 2 dage før)",
    },
    notice_kind: |kind| match kind {
        samlet_api::notifications::EventKind::Message => "ny besked",
        samlet_api::notifications::EventKind::PlanChanged => "planen er ændret",
        samlet_api::notifications::EventKind::Decision => "ny afgørelse",
        samlet_api::notifications::EventKind::AppealStatus => "nyt om klagen",
        samlet_api::notifications::EventKind::DocumentReceived => "dokument modtaget",
        samlet_api::notifications::EventKind::MeetingTomorrow => "møde i morgen",
        samlet_api::notifications::EventKind::DeadlineSoon => "klagefrist nærmer sig",
    },
    quiet_legend: "Stille timer",
    notice_language: "Sprog i notifikationerne",
    quiet_hint: "Vi sender intet i de stille timer. Det, der kommer imens, sender vi, når de er slut. Vælg samme klokkeslæt begge steder, hvis du vil have besked når som helst.",
    quiet_from: "Stille fra kl.",
    quiet_until: "Til kl.",
    choices_saved: "Gemt.",
    recent_heading: "Sendt for nylig",
    recent_none: "Vi har ikke sendt noget endnu.",
    channel: |channel| match channel {
        samlet_api::notifications::Channel::Email => "E-mail",
        samlet_api::notifications::Channel::Sms => "SMS",
        samlet_api::notifications::Channel::DigitalPost => "Digital Post",
    },
    notice_items: |n| {
        if n == 1 {
            "1 ny ting".to_owned()
        } else {
            format!("{n} nye ting")
        }
    },
    notice_status: |status| match status {
        samlet_api::notifications::NoticeStatus::Pending => "venter",
        samlet_api::notifications::NoticeStatus::Sent => "sendt",
        samlet_api::notifications::NoticeStatus::Failed => "kunne ikke sendes",
    },
    notification_error: |code| match code {
        Some(
            code @ (ErrorCode::EmailInvalid
            | ErrorCode::CodeWrong
            | ErrorCode::CodeExpired
            | ErrorCode::MailUnavailable
            | ErrorCode::PhoneInvalid
            | ErrorCode::SmsUnavailable),
        ) => error(code),
        Some(ErrorCode::RateLimited) => {
            "Du har bedt om mange koder. Vent lidt, og prøv igen (højst 10 om dagen)."
        }
        _ => "Det lykkedes ikke. Prøv igen om lidt.",
    },
    write_about_decision: "Skriv til din kontaktperson om afgørelsen",
    attend_coming: "Jeg kommer",
    attend_not_coming: "Jeg kan ikke komme",
    attend_failed: "Dit svar blev ikke gemt. Prøv igen.",
    answered: |attendance, by, at| match attendance {
        Attendance::Coming => format!("Svar: kommer ({by}, {at})"),
        Attendance::NotComing => format!("Svar: kan ikke komme ({by}, {at})"),
    },
    not_coming_start: "Jeg kan ikke komme til mødet, fordi \n\nJeg kan i stedet: ",
    turn_off_title: "Få ikke flere af den slags",
    turn_off_intro: "E-mailen gav dig besked, fordi du har bedt om det, når",
    turn_off_these: "Stop disse beskeder",
    turn_off_all: "Stop alle beskeder fra Samlet",
    turn_off_done: "Det er gjort. Du får ikke flere e-mails om det.",
    turn_off_is_off: "slået fra",
    turn_off_again: "Du kan slå det til igen under Notifikationer, når du er logget ind.",
    turn_off_expired: "Linket virker ikke længere (det gælder i 60 dage) eller er skrevet forkert. Log ind og vælg under Notifikationer, hvad du vil have besked om.",
};

/// One change to the plan in a sentence; dates come already formatted by `at`.
fn describe_change(change: &PlanChange, at: &dyn Fn(DateTime<Utc>) -> String) -> String {
    match change {
        PlanChange::OverallGoalChanged { overall_goal } => {
            format!("Dit overordnede mål er ændret til: “{overall_goal}”")
        }
        PlanChange::GoalAdded { title, life_area } => {
            format!("Nyt mål under {}: {title}", (TEXTS.life_area)(*life_area))
        }
        PlanChange::GoalRemoved { title } => format!("Målet “{title}” er taget ud af planen"),
        PlanChange::SubGoalAdded { goal, title } => format!("Nyt delmål under “{goal}”: {title}"),
        PlanChange::SubGoalStatusChanged {
            title,
            to: SubGoalStatus::Reached,
            ..
        } => {
            format!("Delmål nået: {title}")
        }
        PlanChange::SubGoalStatusChanged { title, to, .. } => {
            format!(
                "Delmålet “{title}” har fået status: {}",
                (TEXTS.sub_goal_status)(*to)
            )
        }
        PlanChange::ActivityAdded { goal, title } => {
            format!("Ny indsats under “{goal}”: {title}")
        }
        PlanChange::MeetingAdded { title, starts_at } => {
            format!("Nyt møde: {title}, {}", at(*starts_at))
        }
        PlanChange::MeetingMoved { title, from, to } => {
            format!("Mødet “{title}” er flyttet fra {} til {}", at(*from), at(*to))
        }
        PlanChange::MeetingCancelled { title, starts_at } => {
            format!("Mødet “{title}” {} er aflyst", at(*starts_at))
        }
    }
}
