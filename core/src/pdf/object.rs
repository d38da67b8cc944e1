//! The PDF object model (ISO 32000-1 §7.3) and its serialization.

use std::fmt::Write as _;

/// A reference to an indirect object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef {
    /// Object number.
    pub num: u32,
    /// Generation number.
    pub generation: u16,
}

/// A PDF object.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A real number (written back as it was read).
    Real(Real),
    /// A name, without the slash, with `#xx` escapes decoded.
    Name(Vec<u8>),
    /// A string (literal or hex), decoded to its bytes.
    String(Vec<u8>),
    /// An array.
    Array(Vec<Object>),
    /// A dictionary.
    Dict(Dict),
    /// A stream: its dictionary and its raw (still encoded) data.
    Stream(Stream),
    /// A reference `n g R`.
    Ref(ObjRef),
}

/// A real number. One read from a file keeps its token and is written back with exactly
/// those digits (`1048.96062992126` stays that, not `1048.9606`), so an object copied into
/// an incremental update never changes a value that an earlier signature covers. Two reals
/// are equal when their values are (`0.000` equals `0.0`).
#[derive(Clone, Debug)]
pub struct Real {
    value: f64,
    token: Option<Box<str>>,
}

impl Real {
    /// A real made by tte, written with at most four decimals.
    pub fn new(value: f64) -> Real {
        Real { value, token: None }
    }

    /// A real read from `token`, which is written back unchanged.
    pub(crate) fn parsed(value: f64, token: &str) -> Real {
        Real { value, token: Some(token.into()) }
    }

    /// Its value.
    pub fn value(&self) -> f64 {
        self.value
    }
}

impl PartialEq for Real {
    fn eq(&self, other: &Real) -> bool {
        self.value == other.value
    }
}

/// A dictionary, keeping the order of its keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

/// A stream object.
#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    /// The stream dictionary.
    pub dict: Dict,
    /// The raw data between `stream` and `endstream`.
    pub data: Vec<u8>,
}

impl Dict {
    /// The value of `key`.
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key` (replacing an earlier value).
    pub fn set(&mut self, key: &[u8], value: Object) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key.to_vec(), value)),
        }
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &[u8]) {
        self.0.retain(|(k, _)| k != key);
    }

    /// The value of `key` as a name.
    pub fn name(&self, key: &[u8]) -> Option<&[u8]> {
        match self.get(key) {
            Some(Object::Name(name)) => Some(name),
            _ => None,
        }
    }

    /// The value of `key` as an integer.
    pub fn int(&self, key: &[u8]) -> Option<i64> {
        match self.get(key) {
            Some(Object::Integer(i)) => Some(*i),
            _ => None,
        }
    }

    /// The value of `key` as a reference.
    pub fn reference(&self, key: &[u8]) -> Option<ObjRef> {
        match self.get(key) {
            Some(Object::Ref(r)) => Some(*r),
            _ => None,
        }
    }
}

impl Object {
    /// A name object from text.
    pub fn name(text: &str) -> Object {
        Object::Name(text.as_bytes().to_vec())
    }

    /// The dictionary of a dictionary or stream.
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A number as f64.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(r.value),
            _ => None,
        }
    }

    /// Serializes this object.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        match self {
            Object::Null => out.extend_from_slice(b"null"),
            Object::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Object::Real(Real { token: Some(token), .. }) => out.extend_from_slice(token.as_bytes()),
            Object::Real(Real { value, token: None }) => out.extend_from_slice(format_real(*value).as_bytes()),
            Object::Name(name) => write_name(out, name),
            Object::String(bytes) => write_string(out, bytes),
            Object::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    item.write_to(out);
                }
                out.push(b']');
            }
            Object::Dict(dict) => write_dict(out, dict),
            Object::Stream(stream) => {
                let mut dict = stream.dict.clone();
                dict.set(b"Length", Object::Integer(stream.data.len() as i64));
                write_dict(out, &dict);
                out.extend_from_slice(b"\nstream\n");
                out.extend_from_slice(&stream.data);
                out.extend_from_slice(b"\nendstream");
            }
            Object::Ref(r) => out.extend_from_slice(format!("{} {} R", r.num, r.generation).as_bytes()),
        }
    }
}

fn write_dict(out: &mut Vec<u8>, dict: &Dict) {
    out.extend_from_slice(b"<<");
    for (key, value) in &dict.0 {
        write_name(out, key);
        out.push(b' ');
        value.write_to(out);
    }
    out.extend_from_slice(b">>");
}

/// A real without exponent and without trailing zeros.
pub fn format_real(value: f64) -> String {
    let mut text = format!("{value:.4}");
    while text.contains('.') && (text.ends_with('0') || text.ends_with('.')) {
        text.pop();
    }
    if text == "-0" { "0".into() } else { text }
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let regular = b > b' ' && b < 0x7f && !b"()<>[]{}/%#".contains(&b);
        if regular {
            out.push(b);
        } else {
            let mut escaped = String::new();
            let _ = write!(escaped, "#{b:02X}");
            out.extend_from_slice(escaped.as_bytes());
        }
    }
}

fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    let printable = bytes.iter().all(|b| (0x20..0x7f).contains(b));
    if printable {
        out.push(b'(');
        for &b in bytes {
            if matches!(b, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(b);
        }
        out.push(b')');
    } else {
        out.push(b'<');
        for b in bytes {
            out.extend_from_slice(format!("{b:02X}").as_bytes());
        }
        out.push(b'>');
    }
}

/// A text string for PDF: PDFDocEncoding-safe ASCII as is, anything else as UTF-16BE with BOM.
pub fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec())
    } else {
        let mut bytes = vec![0xfe, 0xff];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes)
    }
}

/// Decodes a PDF text string (UTF-16BE with BOM, or PDFDocEncoding read as Latin-1).
pub fn decode_text(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> =
            bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(obj: &Object) -> String {
        let mut out = Vec::new();
        obj.write_to(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn objects_serialize_as_pdf_syntax() {
        let mut dict = Dict::default();
        dict.set(b"Type", Object::name("Sig"));
        dict.set(b"Name", Object::String(b"Siti (TTE)".to_vec()));
        dict.set(
            b"A B",
            Object::Array(vec![
                Object::Integer(1),
                Object::Real(Real::new(0.5)),
                Object::Ref(ObjRef { num: 3, generation: 0 }),
            ]),
        );
        assert_eq!(
            text(&Object::Dict(dict)),
            "<</Type /Sig/Name (Siti \\\\(TTE\\\\))/A#20B [1 0.5 3 0 R]>>".replace("\\\\", "\\")
        );
        assert_eq!(text(&Object::String(vec![0, 255])), "<00FF>");
        assert_eq!(format_real(12.0), "12");
        assert_eq!(format_real(-0.00001), "0");
        assert_eq!(decode_text(&[0xfe, 0xff, 0, b'A']), "A");
        assert_eq!(text(&text_string("Nomor ü")), "<FEFF004E006F006D006F00720020 00FC>".replace(' ', ""));
    }
}
