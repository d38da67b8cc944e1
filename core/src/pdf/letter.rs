//! Generated letters: small, valid one-page PDFs (classic cross-reference table) with a
//! few lines of text, for the demo and the tests; no other tool is needed to make them.

/// A one-page A4 PDF showing `lines` in Helvetica 11 pt from the top of the page.
pub fn letter(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT\n/F1 11 Tf\n14 TL\n72 770 Td\n");
    for line in lines {
        let escaped: String = line
            .chars()
            .filter(|c| c.is_ascii() && !c.is_ascii_control())
            .flat_map(|c| if matches!(c, '(' | ')' | '\\') { vec!['\\', c] } else { vec![c] })
            .collect();
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// The letter of `lines` followed by an update that adds one incompressible stream of
/// `attachment_bytes` (rounded down to 8), as a scanned attachment would: a large file
/// for the large-file tests and benchmarks.
pub fn letter_with_attachment(lines: &[&str], attachment_bytes: usize) -> crate::Result<Vec<u8>> {
    use super::{Dict, Document, Object, Stream, writer::IncrementalUpdate};
    let letter = letter(lines);
    let doc = Document::parse(&letter)?;
    let mut update = IncrementalUpdate::new(&doc);
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let data: Vec<u8> = (0..attachment_bytes / 8)
        .flat_map(|_| {
            // xorshift64: fast, and nothing compresses it.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()
        })
        .collect();
    let stream = update.allocate();
    update.put(stream, &Object::Stream(Stream { dict: Dict::default(), data }));
    Ok(update.finish()?.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Document;

    #[test]
    fn letters_open_with_our_reader() {
        let pdf = letter(&["NOTA DINAS", "Nomor: 800/1/2026 (uji)"]);
        let doc = Document::parse(&pdf).unwrap();
        assert_eq!(doc.pages().unwrap().len(), 1);
        assert!(!doc.uses_xref_stream());
        assert_eq!(doc.next_object_number(), 6);
    }
}
