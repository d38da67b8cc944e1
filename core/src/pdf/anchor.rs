//! Finding an anchor character (e-office templates put e.g. `#` where the stamp goes) in
//! the text of the pages: a small content-stream interpreter that tracks the graphics
//! and text matrices through `q Q cm BT ET Tf TL Tc Tw Tz Td TD Tm T* Tj TJ ' "`.
//! Glyph advances use an average width (0.5 em), and strings are read as single-byte
//! codes, which is what template fonts (Helvetica, Arial, Times in WinAnsi) use.

use super::document::Document;
use super::filter;
use super::object::{Dict, ObjRef, Object};
use super::parse::{Parser, is_whitespace};
use crate::{Error, Result};

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Page index and position (default user space) of the first `character` in page text.
pub fn find(doc: &Document<'_>, pages: &[(ObjRef, Dict)], character: char) -> Result<(usize, f64, f64)> {
    let code = u8::try_from(u32::from(character))
        .map_err(|_| Error::PdfMalformed { what: "anchor must be a single-byte character" })?;
    for (index, (_, page)) in pages.iter().enumerate() {
        let content = page_content(doc, page)?;
        if let Some((x, y)) = scan(&content, code) {
            return Ok((index, x, y));
        }
    }
    Err(Error::PdfAnchorNotFound { character })
}

fn page_content(doc: &Document<'_>, page: &Dict) -> Result<Vec<u8>> {
    let contents = match page.get(b"Contents") {
        Some(obj) => doc.resolve(obj)?,
        None => return Ok(Vec::new()),
    };
    let parts = match contents {
        Object::Array(items) => items,
        other => vec![other],
    };
    let mut data = Vec::new();
    for part in parts {
        if let Object::Stream(stream) = doc.resolve(&part)? {
            data.extend_from_slice(&filter::decode(&stream)?);
            data.push(b'\n');
        }
    }
    Ok(data)
}

#[derive(Clone, Copy)]
struct TextState {
    font_size: f64,
    leading: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
}

/// Runs the content stream until `code` is shown; returns its origin in user space.
fn scan(content: &[u8], code: u8) -> Option<(f64, f64)> {
    let mut parser = Parser::new(content, 0);
    let mut operands: Vec<Object> = Vec::new();
    let mut ctm = IDENTITY;
    let mut stack: Vec<Matrix> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut state = TextState { font_size: 12.0, leading: 0.0, char_spacing: 0.0, word_spacing: 0.0, scale: 1.0 };
    let num = |ops: &[Object], i: usize| ops.get(i).and_then(Object::as_number).unwrap_or(0.0);
    loop {
        parser.skip_space();
        let &b = content.get(parser.pos)?;
        let starts_object = matches!(b, b'/' | b'(' | b'<' | b'[' | b'+' | b'-' | b'.') || b.is_ascii_digit();
        if starts_object {
            match parser.object() {
                Ok(obj) => operands.push(obj),
                Err(_) => parser.pos += 1,
            }
            continue;
        }
        let start = parser.pos;
        while let Some(&c) = content.get(parser.pos) {
            if is_whitespace(c) || matches!(c, b'/' | b'(' | b'<' | b'[' | b'%') {
                break;
            }
            parser.pos += 1;
        }
        if parser.pos == start {
            parser.pos += 1;
            operands.clear();
            continue;
        }
        let op = &content[start..parser.pos];
        let ops = std::mem::take(&mut operands);
        match op {
            b"q" => stack.push(ctm),
            b"Q" => ctm = stack.pop().unwrap_or(IDENTITY),
            b"cm" => {
                ctm = multiply(
                    &[num(&ops, 0), num(&ops, 1), num(&ops, 2), num(&ops, 3), num(&ops, 4), num(&ops, 5)],
                    &ctm,
                )
            }
            b"BT" => (tm, tlm) = (IDENTITY, IDENTITY),
            b"Tf" => state.font_size = num(&ops, 1),
            b"TL" => state.leading = num(&ops, 0),
            b"Tc" => state.char_spacing = num(&ops, 0),
            b"Tw" => state.word_spacing = num(&ops, 0),
            b"Tz" => state.scale = num(&ops, 0) / 100.0,
            b"Td" | b"TD" => {
                if op == b"TD" {
                    state.leading = -num(&ops, 1);
                }
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, num(&ops, 0), num(&ops, 1)], &tlm);
                tm = tlm;
            }
            b"Tm" => {
                tlm = [num(&ops, 0), num(&ops, 1), num(&ops, 2), num(&ops, 3), num(&ops, 4), num(&ops, 5)];
                tm = tlm;
            }
            b"T*" => {
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                tm = tlm;
            }
            b"Tj" | b"'" | b"\"" | b"TJ" => {
                if op == b"'" || op == b"\"" {
                    tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                    tm = tlm;
                }
                let items: Vec<Object> = match ops.last() {
                    Some(Object::Array(items)) => items.clone(),
                    Some(other) => vec![other.clone()],
                    None => Vec::new(),
                };
                for item in items {
                    match item {
                        Object::String(bytes) => {
                            for byte in bytes {
                                if byte == code {
                                    let at = multiply(&tm, &ctm);
                                    return Some((at[4], at[5]));
                                }
                                let space = if byte == b' ' { state.word_spacing } else { 0.0 };
                                let advance = (0.5 * state.font_size + state.char_spacing + space) * state.scale;
                                tm = multiply(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
                            }
                        }
                        other => {
                            let adjust = -other.as_number().unwrap_or(0.0) / 1000.0 * state.font_size * state.scale;
                            tm = multiply(&[1.0, 0.0, 0.0, 1.0, adjust, 0.0], &tm);
                        }
                    }
                }
            }
            b"BI" => {
                // Skip an inline image up to its EI.
                let rest = &content[parser.pos..];
                let end = rest.windows(3).position(|w| is_whitespace(w[0]) && &w[1..] == b"EI")?;
                parser.pos += end + 3;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_anchor_through_text_and_graphics_matrices() {
        let content = b"q 1 0 0 1 10 20 cm BT /F1 10 Tf 12 TL 72 700 Td (Nomor) Tj T* (Tanda tangan: #) Tj ET Q";
        let (x, y) = scan(content, b'#').unwrap();
        assert!((y - 708.0).abs() < 0.01, "{y}");
        assert!((x - (82.0 + 14.0 * 5.0)).abs() < 0.01, "{x}");
        assert!(scan(b"BT (tanpa jangkar) Tj ET", b'#').is_none());
        let tj = b"BT /F1 10 Tf 1 0 0 1 100 100 Tm [(A) -1000 (#)] TJ ET";
        assert_eq!(scan(tj, b'#'), Some((115.0, 100.0)));
    }
}
