//! The municipality's letters in the demo: real, small PDF files, so the documents list,
//! downloads and integrity checks work on them exactly as on uploads.

use std::fmt::Write as _;

/// A one-page PDF with a heading and lines of text, in Helvetica with WinAnsi encoding so
/// Danish letters print. Demo text only: characters outside Latin-1 become `?`.
pub fn letter_pdf(heading: &str, lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 16 Tf 72 770 Td ");
    write_string(&mut text, heading);
    text.push_str(" Tj /F1 11 Tf 0 -28 Td 14 TL");
    for line in lines {
        text.push(' ');
        write_string(&mut text, line);
        text.push_str(" '");
    }
    text.push_str(" ET");

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.chars().count()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut pdf: Vec<u8> = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", index + 1).bytes());
        // Latin-1 bytes inside the content stream; everything else is ASCII.
        pdf.extend(object.chars().map(latin1));
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    pdf.extend(table.bytes());
    pdf
}

fn latin1(c: char) -> u8 {
    u8::try_from(u32::from(c)).unwrap_or(b'?')
}

/// A PDF string literal: `(` `)` and `\` escaped.
fn write_string(out: &mut String, text: &str) {
    out.push('(');
    for c in text.chars() {
        if matches!(c, '(' | ')' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(')');
}

#[cfg(test)]
mod tests {
    use super::letter_pdf;

    #[test]
    fn a_letter_is_a_pdf_whose_cross_reference_points_at_its_objects() {
        let pdf = letter_pdf("Afgørelse (samlet)", &["Du får bostøtte."]);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        let xref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[xref..].starts_with(b"xref"));
        let first = text.find("1 0 obj").unwrap();
        assert!(text.contains(&format!("{first:010} 00000 n")));
        // "ø" is one byte in WinAnsi, and the parenthesis is escaped.
        assert!(pdf.windows(3).any(|w| w == b"Afg"));
        assert!(pdf.contains(&0xF8));
        assert!(text.contains("\\(samlet\\)"));
    }
}
