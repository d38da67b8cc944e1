//! Stream decoding: FlateDecode with PNG and TIFF-free predictors, bounded in size.

use super::object::{Object, Stream};
use super::parse::malformed;
use crate::Result;

/// Largest decoded stream accepted (a decompression bomb is an error, not an outage).
pub const MAX_DECODED: usize = 256 * 1024 * 1024;

/// The decoded data of `stream` (only FlateDecode and no filter are supported here:
/// what cross-reference and object streams use).
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
}
