//! Distinguished names: building them from text safely and reading attributes back.

use super::DerResultExt;
use crate::Result;
use std::str::FromStr;
use x509_cert::name::Name;

/// Escapes an attribute value for an RFC 4514 string.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == value.chars().count() && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Parses an RFC 4514 string.
pub fn parse(dn: &str) -> Result<Name> {
    Name::from_str(dn).or_malformed("distinguished name")
}

/// The first value of attribute `oid` in `name`, as text.
pub fn attribute(name: &Name, oid: const_oid::ObjectIdentifier) -> Option<String> {
    name.iter().find(|atv| atv.oid == oid).and_then(|atv| {
        let value = &atv.value;
        value
            .decode_as::<der::asn1::Utf8StringRef<'_>>()
            .map(|s| s.as_str().to_string())
            .or_else(|_| value.decode_as::<der::asn1::PrintableStringRef<'_>>().map(|s| s.as_str().to_string()))
            .or_else(|_| value.decode_as::<der::asn1::Ia5StringRef<'_>>().map(|s| s.as_str().to_string()))
            .ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_values_round_trip() {
        let dn = format!("CN={},O={},C=ID", escape("Siti, S.Kom"), escape("Dinas A+B"));
        let name = parse(&dn).unwrap();
        assert_eq!(attribute(&name, const_oid::db::rfc4519::CN).as_deref(), Some("Siti, S.Kom"));
        assert_eq!(attribute(&name, const_oid::db::rfc4519::O).as_deref(), Some("Dinas A+B"));
        assert_eq!(attribute(&name, const_oid::db::rfc4519::C).as_deref(), Some("ID"));
    }
}
