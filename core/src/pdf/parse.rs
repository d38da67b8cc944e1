//! A bounded, non-panicking parser for PDF objects (ISO 32000-1 §7.2–7.3).

use super::object::{Dict, ObjRef, Object, Real, Stream};
use crate::{Error, Result};

/// Deepest nesting of arrays and dictionaries accepted.
const MAX_DEPTH: usize = 64;

pub(crate) fn malformed(what: &'static str) -> Error {
    Error::PdfMalformed { what }
}

pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// A cursor over PDF bytes.
pub(crate) struct Parser<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Parser<'a> {
    pub fn new(bytes: &'a [u8], pos: usize) -> Parser<'a> {
        Parser { bytes, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace and comments.
    pub fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next regular token (keyword or number) without consuming it.
    fn word_at(&self, pos: usize) -> &'a [u8] {
        let start = pos.min(self.bytes.len());
        let mut end = start;
        while let Some(&b) = self.bytes.get(end) {
            if is_whitespace(b) || is_delimiter(b) {
                break;
            }
            end += 1;
        }
        &self.bytes[start..end]
    }

    /// Consumes `keyword` (after whitespace) or fails.
    pub fn expect_keyword(&mut self, keyword: &[u8]) -> Result<()> {
        self.skip_space();
        if self.word_at(self.pos) == keyword {
            self.pos += keyword.len();
            Ok(())
        } else {
            Err(malformed("expected keyword"))
        }
    }

    /// Whether the next token is `keyword`.
    pub fn at_keyword(&mut self, keyword: &[u8]) -> bool {
        self.skip_space();
        self.word_at(self.pos) == keyword
    }

    /// Reads an unsigned integer token.
    pub fn read_uint(&mut self) -> Result<u64> {
        self.skip_space();
        let word = self.word_at(self.pos);
        if word.is_empty() || word.len() > 18 || !word.iter().all(u8::is_ascii_digit) {
            return Err(malformed("expected a number"));
        }
        self.pos += word.len();
        Ok(word.iter().fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0')))
    }

    /// Parses one object (a reference `n g R` included).
    pub fn object(&mut self) -> Result<Object> {
        self.object_at_depth(0)
    }

    fn object_at_depth(&mut self, depth: usize) -> Result<Object> {
        if depth > MAX_DEPTH {
            return Err(malformed("nesting too deep"));
        }
        self.skip_space();
        let b = self.peek().ok_or(malformed("unexpected end of file"))?;
        match b {
            b'/' => {
                self.pos += 1;
                Ok(Object::Name(self.name_body()))
            }
            b'(' => self.literal_string(),
            b'<' if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let dict = self.dict_body(depth)?;
                Ok(Object::Dict(dict))
            }
            b'<' => self.hex_string(),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek() {
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Object::Array(items));
                        }
                        Some(_) => items.push(self.object_at_depth(depth + 1)?),
                        None => return Err(malformed("unterminated array")),
                    }
                }
            }
            _ => self.word_object(),
        }
    }

    fn word_object(&mut self) -> Result<Object> {
        let word = self.word_at(self.pos);
        if word.is_empty() {
            return Err(malformed("unexpected delimiter"));
        }
        match word {
            b"null" => {
                self.pos += 4;
                return Ok(Object::Null);
            }
            b"true" => {
                self.pos += 4;
                return Ok(Object::Bool(true));
            }
            b"false" => {
                self.pos += 5;
                return Ok(Object::Bool(false));
            }
            _ => {}
        }
        let text = std::str::from_utf8(word).map_err(|_| malformed("bad token"))?;
        self.pos += word.len();
        if let Ok(int) = text.parse::<i64>() {
            // A reference `n g R`?
            if int >= 0 {
                let save = self.pos;
                self.skip_space();
                let generation_word = self.word_at(self.pos);
                if !generation_word.is_empty()
                    && generation_word.len() <= 5
                    && generation_word.iter().all(u8::is_ascii_digit)
                {
                    let after_gen = self.pos + generation_word.len();
                    let mut probe = Parser::new(self.bytes, after_gen);
                    probe.skip_space();
                    if probe.word_at(probe.pos) == b"R" && int <= i64::from(u32::MAX) {
                        let generation = std::str::from_utf8(generation_word).ok().and_then(|g| g.parse::<u16>().ok());
                        if let Some(generation) = generation {
                            self.pos = probe.pos + 1;
                            return Ok(Object::Ref(ObjRef { num: int as u32, generation }));
                        }
                    }
                }
                self.pos = save;
            }
            return Ok(Object::Integer(int));
        }
        let value = text.parse::<f64>().ok().filter(|f| f.is_finite()).ok_or(malformed("bad token"))?;
        Ok(Object::Real(Real::parsed(value, text)))
    }

    fn name_body(&mut self) -> Vec<u8> {
        let mut name = Vec::new();
        while let Some(b) = self.peek() {
            if is_whitespace(b) || is_delimiter(b) {
                break;
            }
            self.pos += 1;
            if b == b'#' {
                let hex = self.bytes.get(self.pos..self.pos + 2).and_then(|h| std::str::from_utf8(h).ok());
                if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    name.push(value);
                    self.pos += 2;
                    continue;
                }
            }
            name.push(b);
        }
        name
    }

    fn literal_string(&mut self) -> Result<Object> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let b = self.peek().ok_or(malformed("unterminated string"))?;
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(Object::String(out));
                    }
                    out.push(b);
                }
                b'\\' => {
                    let e = self.peek().ok_or(malformed("unterminated string"))?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(value as u8);
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    fn hex_string(&mut self) -> Result<Object> {
        self.pos += 1;
        let mut digits = Vec::new();
        loop {
            let b = self.peek().ok_or(malformed("unterminated hex string"))?;
            self.pos += 1;
            match b {
                b'>' => break,
                b if is_whitespace(b) => {}
                b if b.is_ascii_hexdigit() => digits.push(b),
                _ => return Err(malformed("bad hex string")),
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(b'0');
        }
        let bytes = digits
            .chunks(2)
            .map(|pair| std::str::from_utf8(pair).ok().and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0))
            .collect();
        Ok(Object::String(bytes))
    }

    fn dict_body(&mut self, depth: usize) -> Result<Dict> {
        let mut dict = Dict::default();
        loop {
            self.skip_space();
            match self.peek() {
                Some(b'>') if self.bytes.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Ok(dict);
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name_body();
                    let value = self.object_at_depth(depth + 1)?;
                    dict.0.push((key, value));
                }
                Some(_) => return Err(malformed("dictionary key is not a name")),
                None => return Err(malformed("unterminated dictionary")),
            }
        }
    }

    /// Parses `n g obj … endobj` at the cursor. Stream lengths that are references are
    /// resolved with `length_of`; a wrong or unresolvable length falls back to `endstream`.
    pub fn indirect_object(&mut self, length_of: &dyn Fn(ObjRef) -> Option<i64>) -> Result<(ObjRef, Object)> {
        let num = self.read_uint()?;
        let generation = self.read_uint()?;
        self.expect_keyword(b"obj")?;
        let id = ObjRef {
            num: u32::try_from(num).map_err(|_| malformed("object number"))?,
            generation: u16::try_from(generation).map_err(|_| malformed("generation"))?,
        };
        let object = self.object()?;
        let object = match object {
            Object::Dict(dict) if self.at_keyword(b"stream") => Object::Stream(self.stream_body(dict, length_of)?),
            other => other,
        };
        Ok((id, object))
    }

    fn stream_body(&mut self, dict: Dict, length_of: &dyn Fn(ObjRef) -> Option<i64>) -> Result<Stream> {
        self.pos += b"stream".len();
        if self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        if self.peek() == Some(b'\n') {
            self.pos += 1;
        }
        let start = self.pos;
        let declared = match dict.get(b"Length") {
            Some(Object::Integer(n)) => Some(*n),
            Some(Object::Ref(r)) => length_of(*r),
            _ => None,
        };
        let fits = |len: i64| -> Option<usize> {
            let len = usize::try_from(len).ok()?;
            let end = start.checked_add(len)?;
            let mut probe = Parser::new(self.bytes, end);
            probe.skip_space();
            (end <= self.bytes.len() && probe.word_at(probe.pos) == b"endstream").then_some(end)
        };
        let end = match declared.and_then(fits) {
            Some(end) => end,
            None => {
                let found = find(&self.bytes[start..], b"endstream").ok_or(malformed("stream without endstream"))?;
                let mut end = start + found;
                while end > start && matches!(self.bytes[end - 1], b'\n' | b'\r') {
                    end -= 1;
                }
                end
            }
        };
        let data = self.bytes[start..end].to_vec();
        self.pos = end;
        self.expect_keyword(b"endstream")?;
        Ok(Stream { dict, data })
    }
}

/// Position of `needle` in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Position of the last `needle` in `haystack`.
pub(crate) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Object {
        Parser::new(text.as_bytes(), 0).object().unwrap()
    }

    #[test]
    fn parses_every_kind_of_object() {
        let obj = parse(
            "<< /Type /Page /Kids [1 0 R 2 0 R] /N -3 /R 1.5 /S (a\\(b\\)\\101) /H <41 42> /E#20x true /Z null >>",
        );
        let dict = obj.as_dict().unwrap();
        assert_eq!(dict.name(b"Type"), Some(&b"Page"[..]));
        assert_eq!(dict.get(b"Kids").unwrap().as_array().unwrap()[1], Object::Ref(ObjRef { num: 2, generation: 0 }));
        assert_eq!(dict.int(b"N"), Some(-3));
        assert_eq!(dict.get(b"R"), Some(&Object::Real(Real::new(1.5))));
        assert_eq!(dict.get(b"S"), Some(&Object::String(b"a(b)A".to_vec())));
        assert_eq!(dict.get(b"H"), Some(&Object::String(b"AB".to_vec())));
        assert_eq!(dict.get(b"E x"), Some(&Object::Bool(true)));
        assert_eq!(parse("[1 2]"), Object::Array(vec![Object::Integer(1), Object::Integer(2)]));
    }

    #[test]
    fn numbers_are_written_back_as_they_were_read() {
        // Forms found in real files: long fractions (BSrE page boxes), trailing zeros,
        // no leading or no trailing digit, signs, exponents some producers write.
        let tokens = [
            "1048.96062992126",
            "595.303937007874",
            "595.280",
            "0.000",
            "-0.0",
            ".5",
            "-.002",
            "5.",
            "+3.25",
            "1e5",
            "0.1234567890123456789",
            "99999999999999999999",
        ];
        for token in tokens {
            let object = parse(token);
            let mut written = Vec::new();
            object.write_to(&mut written);
            assert_eq!(String::from_utf8(written).unwrap(), token, "{object:?}");
            assert_eq!(object.as_number(), token.parse::<f64>().ok());
        }
        let array = parse("[0 0 595.303937007874 841.89]");
        let mut written = Vec::new();
        array.write_to(&mut written);
        assert_eq!(written, b"[0 0 595.303937007874 841.89]");
        assert_eq!(parse("0.000"), Object::Real(Real::new(0.0)), "equal by value");
    }

    #[test]
    fn streams_use_their_length_or_find_endstream() {
        let text = b"7 0 obj\n<< /Length 5 >>\nstream\nhello\nendstream\nendobj";
        let (id, obj) = Parser::new(text, 0).indirect_object(&|_| None).unwrap();
        assert_eq!(id, ObjRef { num: 7, generation: 0 });
        let Object::Stream(stream) = obj else { panic!() };
        assert_eq!(stream.data, b"hello");
        let wrong = b"7 0 obj\n<< /Length 99 >>\nstream\nhello\nendstream\nendobj";
        let Object::Stream(stream) = Parser::new(wrong, 0).indirect_object(&|_| None).unwrap().1 else { panic!() };
        assert_eq!(stream.data, b"hello");
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic() {
        for bad in ["[[[[", "<< /A", "(unterminated", "<4G>", "/", "1 0 R", ")"] {
            let _ = Parser::new(bad.as_bytes(), 0).object();
        }
        let deep = "[".repeat(1000);
        assert!(Parser::new(deep.as_bytes(), 0).object().is_err());
    }
}
