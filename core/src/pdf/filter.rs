//! Stream decoding: FlateDecode (with PNG predictors), ASCII85Decode and ASCIIHexDecode,
//! bounded in size.

use super::object::{Object, Stream};
use super::parse::malformed;
use crate::Result;

/// Largest decoded stream accepted (a decompression bomb is an error, not an outage).
pub const MAX_DECODED: usize = 256 * 1024 * 1024;

/// The decoded data of `stream`: the filters that carry text and structure (Flate, and
/// the ASCII encodings some producers, e.g. ReportLab, put in front of it). Image codecs
/// (DCT, JBIG2, CCITT) are never decoded: signing only reads content and structure.
pub fn decode(stream: &Stream) -> Result<Vec<u8>> {
    let filters: Vec<Vec<u8>> = match stream.dict.get(b"Filter") {
        None => Vec::new(),
        Some(Object::Name(name)) => vec![name.clone()],
        Some(Object::Array(items)) => {
            items.iter().filter_map(|i| if let Object::Name(n) = i { Some(n.clone()) } else { None }).collect()
        }
        Some(_) => return Err(malformed("stream filter")),
    };
    let mut data = stream.data.clone();
    for filter in &filters {
        data = match filter.as_slice() {
            b"FlateDecode" | b"Fl" => inflate(&data)?,
            b"ASCII85Decode" | b"A85" => ascii85(&data)?,
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&data)?,
            _ => return Err(malformed("unsupported stream filter")),
        };
    }
    if let Some(params) = stream.dict.get(b"DecodeParms").and_then(Object::as_dict) {
        let predictor = params.int(b"Predictor").unwrap_or(1);
        if predictor >= 10 {
            let columns = params.int(b"Columns").unwrap_or(1).clamp(1, 1 << 20) as usize;
            data = png_unpredict(&data, columns)?;
        } else if predictor != 1 {
            return Err(malformed("unsupported predictor"));
        }
    }
    Ok(data)
}

fn inflate(data: &[u8]) -> Result<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_DECODED).or_else(|err| {
        // Many producers end the zlib stream without a checksum: keep what was inflated.
        if err.output.is_empty() { Err(malformed("bad Flate data")) } else { Ok(err.output) }
    })
}

/// ASCII base-85 (PDF 32000-1, 7.4.3): groups of five characters `!`..`u` make four
/// bytes, `z` four zeros, `~>` ends the data; a final group of n characters makes n − 1.
fn ascii85(data: &[u8]) -> Result<Vec<u8>> {
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    let mut out = Vec::with_capacity(body.len() / 5 * 4);
    let mut group = [0u8; 5];
    let mut filled = 0;
    for &c in body {
        match c {
            b'~' => break,
            b'z' if filled == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[filled] = c - b'!';
                filled += 1;
                if filled == 5 {
                    out.extend_from_slice(&ascii85_group(&group)?);
                    filled = 0;
                }
            }
            c if c.is_ascii_whitespace() || c == 0 => {}
            _ => return Err(malformed("bad ASCII85 data")),
        }
    }
    match filled {
        0 => {}
        1 => return Err(malformed("bad ASCII85 data")),
        n => {
            group[n..].fill(b'u' - b'!');
            out.extend_from_slice(&ascii85_group(&group)?[..n - 1]);
        }
    }
    Ok(out)
}

fn ascii85_group(digits: &[u8; 5]) -> Result<[u8; 4]> {
    let value = digits.iter().fold(0u64, |acc, &d| acc * 85 + u64::from(d));
    u32::try_from(value).map(u32::to_be_bytes).map_err(|_| malformed("bad ASCII85 data"))
}

/// ASCII hexadecimal: pairs of hex digits, whitespace ignored, `>` ends the data; an odd
/// last digit is followed by 0.
fn ascii_hex(data: &[u8]) -> Result<Vec<u8>> {
    let mut digits = Vec::with_capacity(data.len());
    for &c in data {
        match c {
            b'>' => break,
            c if c.is_ascii_hexdigit() => digits.push((c as char).to_digit(16).unwrap_or(0) as u8),
            c if c.is_ascii_whitespace() || c == 0 => {}
            _ => return Err(malformed("bad ASCIIHex data")),
        }
    }
    if digits.len() % 2 == 1 {
        digits.push(0);
    }
    Ok(digits.chunks(2).map(|pair| pair[0] << 4 | pair[1]).collect())
}

/// Undoes PNG row predictors (one filter byte per row of `columns` bytes).
fn png_unpredict(data: &[u8], columns: usize) -> Result<Vec<u8>> {
    let row = columns + 1;
    let mut out = Vec::with_capacity(data.len());
    let mut previous = vec![0u8; columns];
    for chunk in data.chunks(row) {
        if chunk.len() < row {
            break;
        }
        let (kind, bytes) = (chunk[0], &chunk[1..]);
        let mut current = vec![0u8; columns];
        for i in 0..columns {
            let left = if i > 0 { current[i - 1] } else { 0 };
            let up = previous[i];
            let up_left = if i > 0 { previous[i - 1] } else { 0 };
            current[i] = match kind {
                0 => bytes[i],
                1 => bytes[i].wrapping_add(left),
                2 => bytes[i].wrapping_add(up),
                3 => bytes[i].wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => bytes[i].wrapping_add(paeth(left, up, up_left)),
                _ => return Err(malformed("bad PNG predictor")),
            };
        }
        out.extend_from_slice(&current);
        previous = current;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::object::Dict;

    #[test]
    fn flate_and_png_up_predictor() {
        let rows = [2u8, 1, 2, 3, 2, 1, 1, 1];
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&rows, 6);
        let mut params = Dict::default();
        params.set(b"Predictor", Object::Integer(12));
        params.set(b"Columns", Object::Integer(3));
        let mut dict = Dict::default();
        dict.set(b"Filter", Object::name("FlateDecode"));
        dict.set(b"DecodeParms", Object::Dict(params));
        let decoded = decode(&Stream { dict, data: compressed }).unwrap();
        assert_eq!(decoded, vec![1, 2, 3, 2, 3, 4]);
    }

    fn filtered(filters: &[&str], data: &[u8]) -> Result<Vec<u8>> {
        let mut dict = Dict::default();
        dict.set(b"Filter", Object::Array(filters.iter().map(|f| Object::name(f)).collect()));
        decode(&Stream { dict, data: data.to_vec() })
    }

    #[test]
    fn ascii85_as_in_the_standard_with_zeros_partial_groups_and_flate_behind_it() {
        // "Man is distinguished" (the classic Adobe example) in base 85.
        let text = filtered(&["ASCII85Decode"], b"9jqo^BlbD-BleB1DJ+*+F(f,q~>").unwrap();
        assert_eq!(text, b"Man is distinguished");
        assert_eq!(filtered(&["A85"], b"<~z!!~>").unwrap(), vec![0, 0, 0, 0, 0]);
        assert_eq!(filtered(&["A85"], b"9jqo^{Bl~>").unwrap_err().code(), 5001);
        assert_eq!(filtered(&["A85"], b"s8W-\"~>").unwrap_err().code(), 5001, "a group above 2^32");
        let content = b"BT /F1 12 Tf 72 700 Td (#) Tj ET";
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(content, 6);
        let encoded = ascii85_encode(&compressed);
        assert_eq!(filtered(&["ASCII85Decode", "FlateDecode"], &encoded).unwrap(), content);
    }

    #[test]
    fn ascii_hex_with_whitespace_and_an_odd_last_digit() {
        assert_eq!(filtered(&["ASCIIHexDecode"], b"48 65 6c\n6C 6f 7>").unwrap(), b"Hello\x70");
        assert_eq!(filtered(&["AHx"], b"4g>").unwrap_err().code(), 5001);
    }

    /// Encodes as producers do, to check the decoder against a second implementation.
    fn ascii85_encode(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(4) {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            let mut value = u32::from_be_bytes(word);
            let mut digits = [0u8; 5];
            for digit in digits.iter_mut().rev() {
                *digit = (value % 85) as u8 + b'!';
                value /= 85;
            }
            out.extend_from_slice(&digits[..chunk.len() + 1]);
        }
        out.extend_from_slice(b"~>");
        out
    }
}
