//! Readable, unique file names for the documents in the download: the day it came and its
//! title, with the extension its stored name has (`documents/2026-11-03 Lægeerklæring.pdf`).

use std::collections::HashSet;

use samlet_api::documents::DocumentSummary;

/// The longest title kept in a name, in characters; long titles make paths some unzip
/// programs refuse.
const TITLE_CHARS: usize = 80;

#[derive(Default)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// The path for `document`, never one given before (a second "Lægeerklæring" the same
    /// day gets " (2)").
    pub fn path(&mut self, document: &DocumentSummary) -> String {
        let day = samlet_api::denmark::date(document.uploaded_at).format("%Y-%m-%d");
        let title = safe(&document.title);
        let extension = document
            .file_name
            .rsplit_once('.')
            .map(|(_, ext)| safe(ext))
            .filter(|ext| !ext.is_empty())
            .map(|ext| format!(".{ext}"))
            .unwrap_or_default();
        let base = format!("documents/{day} {title}");
        let mut n = 1;
        loop {
            let path = if n == 1 {
                format!("{base}{extension}")
            } else {
                format!("{base} ({n}){extension}")
            };
            if self.taken.insert(path.to_lowercase()) {
                return path;
            }
            n += 1;
        }
    }
}

/// A title as a file name on every system: no path separators, no characters Windows
/// refuses, no control characters, no leading or trailing dots or spaces.
fn safe(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .take(TITLE_CHARS)
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "dokument".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use samlet_api::documents::{DocumentSource, ScanState};

    fn document(title: &str, file_name: &str) -> DocumentSummary {
        DocumentSummary {
            id: 1,
            title: title.into(),
            note: String::new(),
            file_name: file_name.into(),
            content_type: "application/pdf".into(),
            size: 1,
            source: DocumentSource::Citizen,
            uploaded_by: String::new(),
            uploaded_at: Utc.with_ymd_and_hms(2026, 11, 2, 23, 30, 0).unwrap(),
            received_at: None,
            scan_state: ScanState::Clean,
            goal_id: None,
            can_delete: false,
        }
    }

    #[test]
    fn names_say_the_danish_day_and_title_and_never_repeat() {
        let mut names = Names::default();
        // 23:30 UTC on 2 November is 3 November in Denmark.
        assert_eq!(
            names.path(&document("Lægeerklæring", "scan.pdf")),
            "documents/2026-11-03 Lægeerklæring.pdf"
        );
        assert_eq!(
            names.path(&document("lægeerklæring", "x.PDF")),
            "documents/2026-11-03 lægeerklæring (2).PDF"
        );
        assert_eq!(
            names.path(&document("../../etc/passwd", "a.pdf")),
            "documents/2026-11-03 -..-etc-passwd.pdf"
        );
        assert_eq!(
            names.path(&document(" . ", "noext")),
            "documents/2026-11-03 dokument"
        );
    }
}
