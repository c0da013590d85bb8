use serde::{Deserialize, Serialize};

/// The body of every error response from `/api/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    /// A message in plain Danish that can be shown as it is; the app prefers its own
    /// translated text for a known `code`.
    pub message: String,
    /// The request's id ("fejl-id"), also in the server's log lines of that request, so a
    /// citizen who quotes it leads support to what happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Machine-readable error codes; the app translates each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No session, or the session has ended: sign in again.
    Unauthenticated,
    /// Signed in, but this account may not do this.
    Forbidden,
    NotFound,
    /// The signed-in account has no plan (for example a relative or a caseworker).
    NoPlan,
    /// The request itself is malformed or fails validation.
    BadRequest,
    /// The thing was changed by someone else (or another tab) since it was read.
    Conflict,
    /// A file is larger than the limit per file (413).
    FileTooLarge,
    /// A request carries more files than allowed at once (413).
    TooManyFiles,
    /// The citizen's storage quota would be exceeded (413).
    QuotaExceeded,
    /// The file's bytes are not one of the accepted types (415).
    FileTypeRefused,
    /// The file is empty.
    FileEmpty,
    /// A password-protected PDF, which the municipality cannot open.
    PdfEncrypted,
    /// The malware scanner found something in the file; it was not stored.
    MalwareFound,
    /// The malware scanner could not be reached; nothing was stored, try again later.
    ScanUnavailable,
    /// This decision already has its one appeal; reasons can be added to it instead.
    AppealExists,
    /// An appeal must name at least one part of the decision.
    NoPartsSelected,
    /// A part, or a document, that does not belong to this decision or citizen.
    UnknownPart,
    /// A text is longer than allowed.
    TextTooLong,
    /// The municipality has finished reconsidering: nothing more can be added here.
    AppealClosed,
    /// A message without text.
    MessageEmpty,
    /// A message with more documents than allowed (10).
    TooManyAttachments,
    /// An attached document that is not the citizen's, or not one the writer may see.
    UnknownDocument,
    /// Nobody to write to: no contact person has been assigned yet.
    NoContact,
    /// Not an e-mail address notices can be sent to.
    EmailInvalid,
    /// The code does not match the one sent, or too many wrong codes were tried.
    CodeWrong,
    /// No code is waiting: it expired (after 30 minutes) or none was sent.
    CodeExpired,
    /// The e-mail could not be sent just now; nothing was changed.
    MailUnavailable,
    /// Not a mobile number an SMS can be sent to.
    PhoneInvalid,
    /// The SMS could not be sent just now (or SMS is not offered); nothing was changed.
    SmsUnavailable,
    /// The power of attorney this session acted under was revoked, expired or given up.
    AccessEnded,
    /// A caseworker's preview of the citizen's pages: nothing can be changed from it.
    PreviewReadOnly,
    /// Too many requests in a short time (sign-in, uploads); `Retry-After` says when to try again.
    RateLimited,
    /// The request body is larger than this route accepts.
    TooLarge,
    /// The server gave up on a request that took too long; nothing was changed.
    Timeout,
    /// Something failed on the server; nothing was changed.
    Internal,
}

impl ErrorCode {
    /// The one Danish text for each code: the `message` the server sends and what the app
    /// shows in Danish (English is in the app's `i18n/en.rs`). Where the server knows a
    /// detail (why a request was malformed, how many seconds to wait) it adds it to this
    /// text; the text itself is only ever written here.
    pub const fn danish(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "Du er ikke logget ind. Log ind for at fortsætte.",
            ErrorCode::Forbidden => "Du har ikke adgang til dette.",
            ErrorCode::NotFound => "Siden eller oplysningen findes ikke.",
            ErrorCode::NoPlan => {
                "Der er ingen plan knyttet til din konto. Kontakt kommunen, hvis du mener, at du skal have en plan."
            }
            ErrorCode::BadRequest => "Forespørgslen kunne ikke bruges.",
            ErrorCode::Conflict => "Det er blevet ændret et andet sted, siden du åbnede det. Intet er gemt.",
            ErrorCode::FileTooLarge => {
                "Filen er for stor. Del den op, eller tag billedet i lavere opløsning."
            }
            ErrorCode::TooManyFiles => "Der er for mange filer på én gang. Send dem i flere omgange.",
            ErrorCode::QuotaExceeded => {
                "Der er ikke mere plads til dine dokumenter. Kontakt din kontaktperson."
            }
            ErrorCode::FileTypeRefused => {
                "Filtypen kan ikke modtages. Send PDF, JPEG, PNG, HEIC, DOCX eller ODT."
            }
            ErrorCode::FileEmpty => "Filen er tom. Vælg filen igen.",
            ErrorCode::PdfEncrypted => {
                "Kommunen kan ikke åbne PDF-filen, fordi den har en adgangskode. Gem den uden adgangskode (fx med Udskriv som PDF), og send den igen."
            }
            ErrorCode::MalwareFound => {
                "Vores virusscanner fandt noget skadeligt i filen, så den er ikke modtaget. Scan din enhed, eller send en anden kopi."
            }
            ErrorCode::ScanUnavailable => {
                "Vi kan ikke tjekke filer for virus lige nu, så filen er ikke modtaget. Prøv igen om lidt."
            }
            ErrorCode::AppealExists => {
                "Du har allerede klaget over denne afgørelse. Du kan tilføje begrundelser og dokumenter til klagen."
            }
            ErrorCode::NoPartsSelected => "Vælg mindst én del af afgørelsen, du er uenig i.",
            ErrorCode::UnknownPart => "En valgt del eller et dokument hører ikke til afgørelsen. Vælg igen.",
            ErrorCode::TextTooLong => {
                "En tekst er for lang. Skriv den kortere, eller vedhæft den som dokument."
            }
            ErrorCode::AppealClosed => {
                "Kommunen er færdig med at genvurdere afgørelsen. Kontakt din kontaktperson, hvis du vil tilføje noget."
            }
            ErrorCode::MessageEmpty => "Skriv en besked, før du sender.",
            ErrorCode::TooManyAttachments => {
                "Der kan højst være 10 dokumenter i en besked. Send resten i en ny besked."
            }
            ErrorCode::UnknownDocument => "Et valgt dokument findes ikke blandt dine dokumenter. Vælg igen.",
            ErrorCode::NoContact => {
                "Du har endnu ingen kontaktperson at skrive til. Ring til Borgerservice i din kommune."
            }
            ErrorCode::EmailInvalid => "Det ligner ikke en e-mailadresse. Tjek den, og prøv igen.",
            ErrorCode::CodeWrong => "Koden passer ikke. Tjek den, eller få en ny kode.",
            ErrorCode::CodeExpired => "Koden er udløbet. Få en ny kode.",
            ErrorCode::MailUnavailable => "Vi kan ikke sende e-mails lige nu. Prøv igen om lidt.",
            ErrorCode::PhoneInvalid => {
                "Det ligner ikke et mobilnummer. Skriv de 8 cifre, eller + og landekode foran nummeret."
            }
            ErrorCode::SmsUnavailable => "Vi kan ikke sende SMS lige nu. Prøv igen om lidt.",
            ErrorCode::AccessEnded => {
                "Du har ikke længere adgang til at handle for denne person: fuldmagten er tilbagekaldt eller udløbet."
            }
            ErrorCode::PreviewReadOnly => "Du ser siden som borgeren ser den. Her kan intet ændres.",
            ErrorCode::RateLimited => "Du har prøvet mange gange på kort tid. Vent et minut, og prøv igen.",
            ErrorCode::TooLarge => "Det, du sendte, er for stort. Intet er gemt.",
            ErrorCode::Timeout => "Det tog for lang tid, så vi stoppede. Intet er ændret. Prøv igen om lidt.",
            ErrorCode::Internal => "Der skete en fejl hos os. Intet er ændret. Prøv igen om lidt.",
        }
    }
}
