//! Visible signature stamps: a box with the signer's lines (name, NIP, institution, date,
//! reason, location), a QR code drawn as vector paths linking to a verification URL, an
//! optional JPEG or PNG image, and the customary BSrE footer, as a Form XObject.

use super::object::{Dict, ObjRef, Object, Real, Stream, format_real};
use super::writer::IncrementalUpdate;
use crate::{Error, Result};

/// The customary footer of documents signed with a BSrE certificate.
pub const BSRE_FOOTER: &str =
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh BSrE";

/// What a visible stamp shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    /// Text lines, top to bottom (name, NIP, institution, date, reason, location).
    pub lines: Vec<String>,
    /// A URL shown as a QR code (a verification page).
    pub qr_url: Option<String>,
    /// A JPEG or PNG image (a logo, a scanned signature).
    pub image: Option<Vec<u8>>,
    /// Footer text in small print (see [`BSRE_FOOTER`]); none when `None`.
    pub footer: Option<String>,
}

/// Helvetica advance widths (AFM, 1/1000 em) of the printable ASCII characters 32–126.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
];

/// Width of `text` in Helvetica at `size` points (other characters as an average glyph).
fn text_width(text: &str, size: f64) -> f64 {
    let units: u32 = text
        .chars()
        .map(|c| match u32::from(c) {
            code @ 32..=126 => u32::from(HELVETICA[(code - 32) as usize]),
            _ => 556,
        })
        .sum();
    f64::from(units) * size / 1000.0
}

/// Builds the stamp's Form XObject of `width` × `height` points into `update`.
pub fn form_xobject(stamp: &Stamp, width: f64, height: f64, update: &mut IncrementalUpdate<'_, '_>) -> Result<ObjRef> {
    if !(width > 4.0 && height > 4.0) {
        return Err(Error::PdfMalformed { what: "stamp rectangle too small" });
    }
    let pad = 2.0;
    let mut content = String::new();
    // Frame.
    content.push_str(&format!(
        "q 0.5 w 0 0 0 RG {} {} {} {} re S Q\n",
        n(0.5),
        n(0.5),
        n(width - 1.0),
        n(height - 1.0)
    ));
    let mut left = pad;
    let mut resources = Dict::default();
    let mut xobjects = Dict::default();
    if let Some(url) = &stamp.qr_url {
        let side = (height - 2.0 * pad).min(width * 0.4);
        content.push_str(&qr_paths(url, left, (height - side) / 2.0, side)?);
        left += side + pad;
    }
    if let Some(image) = &stamp.image {
        let image_ref = image_xobject(image, update)?;
        let side = (height - 2.0 * pad).min((width - left) * 0.3);
        let x = width - pad - side;
        content.push_str(&format!("q {} 0 0 {} {} {} cm /Im1 Do Q\n", n(side), n(side), n(x), n(height - pad - side)));
        xobjects.set(b"Im1", Object::Ref(image_ref));
    }
    let text_width = (width - left - pad).max(1.0);
    let footer_lines = stamp.footer.as_deref().map(|f| wrap(f, text_width, 4.5)).unwrap_or_default();
    let footer_height = footer_lines.len() as f64 * 5.2;
    let lines = stamp.lines.len().max(1) as f64;
    let size = ((height - 2.0 * pad - footer_height) / (lines * 1.2)).clamp(4.0, 9.0);
    let mut text = format!("BT /F1 {} Tf {} TL {} {} Td\n", n(size), n(size * 1.2), n(left), n(height - pad - size));
    for line in &stamp.lines {
        text.push_str(&format!("({}) Tj T*\n", escape(&fit(line, text_width, size))));
    }
    text.push_str("ET\n");
    if !footer_lines.is_empty() {
        text.push_str(&format!("BT /F1 4.5 Tf 5.2 TL {} {} Td\n", n(left), n(pad + footer_height - 4.5)));
        for line in &footer_lines {
            text.push_str(&format!("({}) Tj T*\n", escape(line)));
        }
        text.push_str("ET\n");
    }
    content.push_str(&text);

    let font_ref = update.allocate();
    let mut font = Dict::default();
    font.set(b"Type", Object::name("Font"));
    font.set(b"Subtype", Object::name("Type1"));
    font.set(b"BaseFont", Object::name("Helvetica"));
    font.set(b"Encoding", Object::name("WinAnsiEncoding"));
    update.put(font_ref, &Object::Dict(font));
    let mut fonts = Dict::default();
    fonts.set(b"F1", Object::Ref(font_ref));
    resources.set(b"Font", Object::Dict(fonts));
    if !xobjects.0.is_empty() {
        resources.set(b"XObject", Object::Dict(xobjects));
    }
    let mut dict = Dict::default();
    dict.set(b"Type", Object::name("XObject"));
    dict.set(b"Subtype", Object::name("Form"));
    dict.set(
        b"BBox",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Real(Real::new(width)),
            Object::Real(Real::new(height)),
        ]),
    );
    dict.set(b"Resources", Object::Dict(resources));
    dict.set(b"Filter", Object::name("FlateDecode"));
    let data = miniz_oxide::deflate::compress_to_vec_zlib(content.as_bytes(), 6);
    let form_ref = update.allocate();
    update.put(form_ref, &Object::Stream(Stream { dict, data }));
    Ok(form_ref)
}

fn n(value: f64) -> String {
    format_real(value)
}

/// The QR code of `url` as filled rectangles (runs of dark modules per row) in a square
/// of `side` points at (`x`, `y`), with the standard 4-module quiet zone.
fn qr_paths(url: &str, x: f64, y: f64, side: f64) -> Result<String> {
    let code =
        qrcode::QrCode::new(url.as_bytes()).map_err(|_| Error::PdfMalformed { what: "QR code data too long" })?;
    let count = code.width();
    let colors = code.to_colors();
    let module = side / (count as f64 + 8.0);
    let origin_x = x + 4.0 * module;
    let top = y + side - 4.0 * module;
    let mut out = String::from("q 0 0 0 rg\n");
    for row in 0..count {
        let mut col = 0;
        while col < count {
            if colors[row * count + col] == qrcode::Color::Dark {
                let start = col;
                while col < count && colors[row * count + col] == qrcode::Color::Dark {
                    col += 1;
                }
                let (rx, ry) = (origin_x + start as f64 * module, top - (row + 1) as f64 * module);
                out.push_str(&format!("{} {} {} {} re\n", n(rx), n(ry), n((col - start) as f64 * module), n(module)));
            } else {
                col += 1;
            }
        }
    }
    out.push_str("f Q\n");
    Ok(out)
}

/// A JPEG (embedded as is) or PNG (decoded; alpha as a soft mask) image XObject.
fn image_xobject(bytes: &[u8], update: &mut IncrementalUpdate<'_, '_>) -> Result<ObjRef> {
    let bad = || Error::PdfMalformed { what: "stamp image (JPEG or PNG expected)" };
    let mut dict = Dict::default();
    dict.set(b"Type", Object::name("XObject"));
    dict.set(b"Subtype", Object::name("Image"));
    dict.set(b"BitsPerComponent", Object::Integer(8));
    let data = if bytes.starts_with(&[0xff, 0xd8]) {
        let (width, height, components) = jpeg_size(bytes).ok_or_else(bad)?;
        let space = match components {
            1 => "DeviceGray",
            4 => "DeviceCMYK",
            _ => "DeviceRGB",
        };
        dict.set(b"Width", Object::Integer(width));
        dict.set(b"Height", Object::Integer(height));
        dict.set(b"ColorSpace", Object::name(space));
        dict.set(b"Filter", Object::name("DCTDecode"));
        bytes.to_vec()
    } else if bytes.starts_with(b"\x89PNG") {
        let Pixels { width, height, color, alpha } = png_pixels(bytes).ok_or_else(bad)?;
        dict.set(b"Width", Object::Integer(width));
        dict.set(b"Height", Object::Integer(height));
        dict.set(
            b"ColorSpace",
            Object::name(if color.len() as i64 == width * height { "DeviceGray" } else { "DeviceRGB" }),
        );
        dict.set(b"Filter", Object::name("FlateDecode"));
        if let Some(alpha) = alpha {
            let mut mask = Dict::default();
            mask.set(b"Type", Object::name("XObject"));
            mask.set(b"Subtype", Object::name("Image"));
            mask.set(b"Width", Object::Integer(width));
            mask.set(b"Height", Object::Integer(height));
            mask.set(b"ColorSpace", Object::name("DeviceGray"));
            mask.set(b"BitsPerComponent", Object::Integer(8));
            mask.set(b"Filter", Object::name("FlateDecode"));
            let mask_ref = update.allocate();
            let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&alpha, 6);
            update.put(mask_ref, &Object::Stream(Stream { dict: mask, data: compressed }));
            dict.set(b"SMask", Object::Ref(mask_ref));
        }
        miniz_oxide::deflate::compress_to_vec_zlib(&color, 6)
    } else {
        return Err(bad());
    };
    let image_ref = update.allocate();
    update.put(image_ref, &Object::Stream(Stream { dict, data }));
    Ok(image_ref)
}

/// Width, height and components from a JPEG's SOF marker.
fn jpeg_size(bytes: &[u8]) -> Option<(i64, i64, u8)> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xff {
            return None;
        }
        let marker = bytes[i + 1];
        let length = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if matches!(marker, 0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf) {
            let height = i64::from(u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]));
            let width = i64::from(u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]));
            return Some((width, height, bytes[i + 9]));
        }
        i += 2 + length;
    }
    None
}

/// A decoded PNG: width, height, 8-bit colour samples (gray or RGB), alpha if any.
struct Pixels {
    width: i64,
    height: i64,
    color: Vec<u8>,
    alpha: Option<Vec<u8>>,
}

/// 8-bit colour samples (gray or RGB) and the alpha channel, if any, of a PNG.
fn png_pixels(bytes: &[u8]) -> Option<Pixels> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().ok()?;
    let mut buffer = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buffer).ok()?;
    let pixels = &buffer[..info.buffer_size()];
    let (channels, has_alpha) = match info.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (2, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (4, true),
        png::ColorType::Indexed => return None,
    };
    let color_channels = if has_alpha { channels - 1 } else { channels };
    let mut color = Vec::with_capacity(pixels.len());
    let mut alpha = Vec::new();
    for pixel in pixels.chunks(channels) {
        color.extend_from_slice(&pixel[..color_channels]);
        if has_alpha {
            alpha.push(pixel[channels - 1]);
        }
    }
    Some(Pixels {
        width: i64::from(info.width),
        height: i64::from(info.height),
        color,
        alpha: has_alpha.then_some(alpha),
    })
}

/// `text` cut (with "...") to what fits `width` at `size` points.
fn fit(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut cut = String::new();
    for c in text.chars() {
        if text_width(&format!("{cut}{c}..."), size) > width {
            break;
        }
        cut.push(c);
    }
    cut.push_str("...");
    cut
}

/// Words of `text` wrapped to `width` at `size` points.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A PDF literal string body in WinAnsi: Latin-1 characters as bytes, others as `?`.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            '\u{a0}'..='\u{ff}' => out.push_str(&format!("\\{:03o}", c as u32)),
            _ => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_fitted_wrapped_and_escaped() {
        assert_eq!(fit("Siti Contoh", 100.0, 8.0), "Siti Contoh");
        assert!(fit(&"x".repeat(200), 50.0, 8.0).ends_with("..."));
        let lines = wrap(BSRE_FOOTER, 150.0, 4.5);
        assert!(lines.len() > 1 && lines.join(" ") == BSRE_FOOTER);
        assert_eq!(escape("Ké (x) – y"), "K\\351 \\(x\\) ? y");
    }

    #[test]
    fn qr_codes_draw_dark_modules_only() {
        let paths = qr_paths("https://tte.example.invalid/v/123", 0.0, 0.0, 60.0).unwrap();
        assert!(paths.starts_with("q 0 0 0 rg") && paths.ends_with("f Q\n"));
        assert!(paths.matches(" re\n").count() > 20);
    }
}
