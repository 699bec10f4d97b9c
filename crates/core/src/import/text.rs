//! Turning an import file's bytes into text. UTF-8 (with or without a BOM) and
//! UTF-16 with a BOM are read; anything else is reported with where it goes
//! wrong, never converted lossily.

use std::borrow::Cow;

use super::{ImportError, MAX_FILE_BYTES, Problem};

/// Decodes `bytes` as text. `what` names the file type in messages ("CSV").
pub(crate) fn decode<'a>(bytes: &'a [u8], what: &str) -> Result<Cow<'a, str>, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::new(
            Problem::TooLarge,
            format!(
                "the file is {:.1} MiB; the largest {what} file Rapport imports is {} MiB — split it into smaller files",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text: Cow<'a, str> = if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(ImportError::new(
            Problem::Encoding,
            format!("the file is in UTF-32, which Rapport does not read; save it as {what} in UTF-8"),
        ));
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Cow::Owned(utf16(rest, u16::from_le_bytes, what)?)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        Cow::Owned(utf16(rest, u16::from_be_bytes, what)?)
    } else {
        let (rest, offset) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            Some(rest) => (rest, 3),
            None => (bytes, 0),
        };
        if looks_like_utf16_without_bom(rest) {
            return Err(ImportError::new(
                Problem::Encoding,
                format!("the file looks like UTF-16 without a byte-order mark; save it as {what} in UTF-8"),
            ));
        }
        match std::str::from_utf8(rest) {
            Ok(text) => Cow::Borrowed(text),
            Err(e) => {
                let at = e.valid_up_to();
                let line = line_at(&rest[..at]);
                return Err(ImportError::new(
                    Problem::Encoding,
                    format!(
                        "line {line}: the file is not valid UTF-8 (byte {} of the file is 0x{:02X}); it may be saved as Windows-1252 or Latin-1 — save it as {what} in UTF-8 and import it again",
                        at + offset + 1,
                        rest[at]
                    ),
                )
                .line(line));
            }
        }
    };
    if let Some(at) = text.find('\0') {
        let line = line_at(&text.as_bytes()[..at]);
        return Err(ImportError::new(
            Problem::Encoding,
            format!("line {line}: the file contains a NUL character, so it is not a {what} text file"),
        )
        .line(line));
    }
    Ok(text)
}

fn line_at(prefix: &[u8]) -> usize {
    prefix.iter().filter(|&&b| b == b'\n').count() + 1
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, what: &str) -> Result<String, ImportError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(ImportError::new(
            Problem::Encoding,
            format!(
                "the file says it is UTF-16 but has an odd number of bytes, so it is cut short; save it as {what} in UTF-8"
            ),
        ));
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for (index, decoded) in char::decode_utf16(units).enumerate() {
        match decoded {
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                out.push(c);
            }
            Err(_) => {
                // `index` counts decoded items; a surrogate pair counts once, so
                // this is a close position, exact for files of plain text.
                return Err(ImportError::new(
                    Problem::Encoding,
                    format!(
                        "line {line}: the UTF-16 text is broken near byte {} (an unpaired surrogate); save it as {what} in UTF-8",
                        2 + index * 2 + 1
                    ),
                )
                .line(line));
            }
        }
    }
    Ok(out)
}

/// Plain-text UTF-16 has a NUL in every other byte; UTF-8 text has none.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    sample.len() >= 4 && sample.iter().filter(|&&b| b == 0).count() * 3 >= sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"a,b", "CSV").unwrap(), "a,b");
        assert_eq!(decode(b"\xEF\xBB\xBFa,\xC3\xBC", "CSV").unwrap(), "a,ü");
    }

    #[test]
    fn utf16_both_byte_orders() {
        let text = "Name;Größe\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&le, "CSV").unwrap(), text);
        assert_eq!(decode(&be, "CSV").unwrap(), text);
        let err = decode(&le[..le.len() - 1], "CSV").unwrap_err();
        assert!(err.message.contains("odd number of bytes"), "{}", err.message);
    }

    #[test]
    fn invalid_utf8_names_line_and_byte() {
        let err = decode(b"Name\nM\xFCller\n", "CSV").unwrap_err();
        assert_eq!(err.problem, Problem::Encoding);
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("line 2") && err.message.contains("byte 7"), "{}", err.message);
        assert!(err.message.contains("0xFC"), "{}", err.message);
    }

    #[test]
    fn unpaired_surrogate_and_nul_are_reported() {
        let bad: Vec<u8> = [0xFF, 0xFE, b'a', 0, b'\n', 0, 0x00, 0xD8, b'b', 0].to_vec();
        let err = decode(&bad, "CSV").unwrap_err();
        assert_eq!(err.line, Some(2), "{}", err.message);
        let err = decode(b"a,b\nc\0,d", "CSV").unwrap_err();
        assert!(err.message.contains("NUL"), "{}", err.message);
        let err = decode(b"N\0a\0m\0e\0", "CSV").unwrap_err();
        assert!(err.message.contains("UTF-16 without"), "{}", err.message);
    }
}
