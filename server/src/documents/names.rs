//! What a stored document is called: its file name and its title, for citizens' uploads
//! and for letters case systems share alike (both pass through `upload::stage`).
//!
//! A name is shown on screen and becomes the download's file name, so it must not say
//! something the bytes are not: `kvittering.html` holding a PDF would be saved by the
//! browser as a page that opens with scripts, and `kvittering\u{202E}fdp.html` shows
//! on screen as `kvitteringlmth.pdf`.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use super::kinds;

/// The extensions each accepted type may carry, the first being the one given when the
/// name has none or a wrong one. Compared without regard to case.
fn extensions(content_type: &str) -> &'static [&'static str] {
    match content_type {
        "application/pdf" => &["pdf"],
        "image/jpeg" => &["jpg", "jpeg", "jpe", "jfif"],
        "image/png" => &["png"],
        "image/heif" => &["heic", "heif"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => &["docx"],
        "application/vnd.oasis.opendocument.text" => &["odt"],
        _ => &[],
    }
}

/// Text as it is stored for names and titles: composed (NFC, so "å" typed on a Mac and
/// on Windows is one and the same character, and compares and sorts as such) and without
/// Unicode format characters (general category Cf: the bidirectional overrides and
/// isolates U+202A–U+202E and U+2066–U+2069, zero-width spaces and joiners, the soft
/// hyphen, the byte-order mark), which are invisible and can make a name read as
/// something it is not. Emoji sequences joined by U+200D fall apart into their parts,
/// which is acceptable in a name.
pub fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| c.general_category() != GeneralCategory::Format)
        .nfc()
        .collect()
}

/// A document's title as stored: [`clean_text`], trimmed.
pub fn title(text: &str) -> String {
    clean_text(text).trim().to_owned()
}

/// The file name a document is stored and served under, from the name the sender gave
/// and the type found in its bytes ([`kinds::sniff`]): cleaned ([`clean_text`]), reduced
/// to a display name ([`kinds::sanitise_file_name`]), and ending in an extension of that
/// type. A wrong extension that names another type (`.html`, `.exe`, `.PDF` on a PNG) is
/// replaced; a name without one, or with a dot that starts no known extension
/// (`referat 12.05.2026`), gets the type's extension appended. A right one is kept as
/// written (`Skema.PDF`).
pub fn stored_file_name(given: &str, content_type: &str) -> String {
    let name = kinds::sanitise_file_name(&clean_text(given));
    let allowed = extensions(content_type);
    let Some(wanted) = allowed.first() else {
        // Not a type uploads accept; nothing to match the name to.
        return name;
    };
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, Some(extension)),
        _ => (name.as_str(), None),
    };
    let stem = match extension {
        Some(extension) if allowed.iter().any(|a| a.eq_ignore_ascii_case(extension)) => {
            return name;
        }
        // An extension of some other type: it goes.
        Some(extension) if mime_guess::from_ext(extension).first().is_some() => stem,
        // No extension, or a dot that starts none: the name stays whole, but for dots at
        // its end.
        _ => name.trim_end_matches('.'),
    };
    // Within the display name's 120 characters, shortening the stem if need be.
    let room = 120 - 1 - wanted.len();
    let stem: String = stem.chars().take(room).collect();
    format!("{}.{wanted}", stem.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &str = "application/pdf";
    const PNG: &str = "image/png";
    const JPEG: &str = "image/jpeg";
    const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    #[test]
    fn a_wrong_extension_is_replaced_by_the_one_of_the_bytes() {
        assert_eq!(stored_file_name("kvittering.html", PDF), "kvittering.pdf");
        assert_eq!(stored_file_name("kvittering.HTM", PDF), "kvittering.pdf");
        assert_eq!(stored_file_name("program.exe", PNG), "program.png");
        assert_eq!(stored_file_name("foto.PDF", PNG), "foto.png");
        assert_eq!(stored_file_name("brev.pdf.html", PDF), "brev.pdf.pdf");
        assert_eq!(stored_file_name("svg.svg", JPEG), "svg.jpg");
    }

    #[test]
    fn a_missing_or_unknown_extension_gets_the_right_one_appended() {
        assert_eq!(stored_file_name("kvittering", PDF), "kvittering.pdf");
        assert_eq!(
            stored_file_name("referat 12.05.2026", PDF),
            "referat 12.05.2026.pdf"
        );
        assert_eq!(
            stored_file_name("Brev fra Hr. Jensen", DOCX),
            "Brev fra Hr. Jensen.docx"
        );
        assert_eq!(stored_file_name("", PDF), "dokument.pdf");
        assert_eq!(stored_file_name(".pdf", PDF), "pdf.pdf");
        assert_eq!(stored_file_name("navn.", PNG), "navn.png");
    }

    #[test]
    fn a_right_extension_is_kept_as_written() {
        assert_eq!(stored_file_name("Skema.PDF", PDF), "Skema.PDF");
        assert_eq!(stored_file_name("IMG_0042.JPEG", JPEG), "IMG_0042.JPEG");
        assert_eq!(stored_file_name("foto.jpg", JPEG), "foto.jpg");
        assert_eq!(stored_file_name("IMG_1.HEIC", "image/heif"), "IMG_1.HEIC");
    }

    #[test]
    fn the_name_stays_within_120_characters() {
        let long = format!("{}.html", "x".repeat(200));
        let stored = stored_file_name(&long, DOCX);
        assert_eq!(stored.chars().count(), 120);
        assert!(stored.ends_with("xx.docx"), "{stored}");
    }

    #[test]
    fn format_characters_are_dropped_and_text_is_composed() {
        // U+202E right-to-left override would show this as "kvitteringlmth.pdf".
        assert_eq!(
            stored_file_name("kvittering\u{202E}fdp.html", PDF),
            "kvitteringfdp.pdf"
        );
        assert_eq!(
            stored_file_name("\u{FEFF}la\u{30A}n\u{2066}.pdf\u{2069}", PDF),
            "lån.pdf"
        );
        assert_eq!(clean_text("a\u{200B}b\u{00AD}c\u{200E}d\u{2060}e"), "abcde");
        assert_eq!(clean_text("A\u{30A}rhus"), "Århus");
        assert_eq!(clean_text("Århus"), "Århus");
        assert_eq!(title("  Lo\u{200B}nseddel\u{202E} a\u{30A}r "), "Lonseddel år");
        // Nothing visible is touched.
        assert_eq!(clean_text("Søren Ægidius Ødegård"), "Søren Ægidius Ødegård");
    }
}
