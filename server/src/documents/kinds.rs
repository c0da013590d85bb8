//! What a file is, decided from its bytes; and what it may be called on screen.

use crate::error::FileRefusal;

/// The types citizens may upload: what their papers and phone photos are.
pub const ALLOWED: [&str; 6] = [
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/heif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
];

/// How many leading bytes are kept for sniffing: enough for infer to find the inner
/// entries of a DOCX/ODT zip.
pub const HEAD_BYTES: usize = 64 * 1024;

/// The MIME type of a file from its first bytes, if it is one we accept. The name and the
/// browser's claim are never asked: a renamed executable is still an executable.
pub fn sniff(head: &[u8]) -> Result<&'static str, FileRefusal> {
    let kind = infer::get(head).ok_or(FileRefusal::Type)?;
    ALLOWED
        .iter()
        .copied()
        .find(|allowed| *allowed == kind.mime_type())
        .ok_or(FileRefusal::Type)
}

/// Finds `/Encrypt` anywhere in a PDF as it streams past, across chunk boundaries: a
/// password-protected PDF names its encryption dictionary in the trailer, at the end.
#[derive(Default)]
pub struct EncryptionScan {
    carry: Vec<u8>,
    pub found: bool,
}

const ENCRYPT: &[u8] = b"/Encrypt";

impl EncryptionScan {
    /// Looks for `/Encrypt` in this chunk and across the boundary with the previous one,
    /// without copying the chunk: uploads pass through here at disk speed.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.found {
            return;
        }
        let mut boundary = std::mem::take(&mut self.carry);
        boundary.extend_from_slice(&chunk[..chunk.len().min(ENCRYPT.len() - 1)]);
        self.found = memchr::memmem::find(&boundary, ENCRYPT).is_some()
            || memchr::memmem::find(chunk, ENCRYPT).is_some();
        // The last bytes, which may start a match that ends in the next chunk.
        let tail = if chunk.len() >= ENCRYPT.len() - 1 {
            &chunk[chunk.len() - (ENCRYPT.len() - 1)..]
        } else {
            &boundary[boundary.len().saturating_sub(ENCRYPT.len() - 1)..]
        };
        self.carry = tail.to_vec();
    }
}

/// A file name fit for display and for a download's name: the last path component only,
/// no control characters, no leading dots, at most 120 characters.
pub fn sanitise_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        "dokument".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_types_are_known_by_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Ok("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Ok("image/jpeg"));
    }

    #[test]
    fn executables_html_and_text_are_refused_whatever_their_name() {
        assert_eq!(
            sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0"),
            Err(FileRefusal::Type)
        );
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><script>alert(1)</script>"),
            Err(FileRefusal::Type)
        );
        assert_eq!(sniff(b"just some text"), Err(FileRefusal::Type));
        assert_eq!(
            sniff(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
            Err(FileRefusal::Type)
        );
    }

    #[test]
    fn encryption_is_found_across_chunk_boundaries() {
        let mut scan = EncryptionScan::default();
        for chunk in [&b"trailer << /Root 1 0 R /Enc"[..], b"rypt 5 0 R >>"] {
            scan.feed(chunk);
        }
        assert!(scan.found);
        let mut bytewise = EncryptionScan::default();
        for byte in b"xx /Encrypt yy" {
            bytewise.feed(std::slice::from_ref(byte));
        }
        assert!(bytewise.found, "found when every chunk is a single byte");
        let mut plain = EncryptionScan::default();
        plain.feed(b"trailer << /Root 1 0 R /Info 2 0 R >>");
        plain.feed(b"/Encryp");
        plain.feed(b"");
        plain.feed(b"T");
        assert!(!plain.found);
    }

    #[test]
    fn file_names_lose_their_paths_and_tricks() {
        assert_eq!(sanitise_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitise_file_name("C:\\Users\\x\\lønseddel.pdf"), "lønseddel.pdf");
        assert_eq!(sanitise_file_name(".hidden\u{0}\n"), "hidden");
        assert_eq!(sanitise_file_name("a<b>\"c\".pdf"), "abc.pdf");
        assert_eq!(sanitise_file_name("../"), "dokument");
        assert_eq!(sanitise_file_name(&"x".repeat(300)).chars().count(), 120);
    }
}
