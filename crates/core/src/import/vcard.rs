//! vCard 2.1, 3.0 and 4.0 (.vcf) as phones, Outlook and address books export
//! them: one contact per card.
//!
//! A problem inside one card (no name, no END, a bad email) rejects that card
//! with its number; a problem with the file (encoding, size) rejects the file.

use super::fields::{self, Clean};
use super::text::decode;
use super::{
    ContactRecord, ImportError, MAX_CARDS, MAX_VCARD_LINE_BYTES, Parsed, Problem, RecordKind, RowIssue, SourceFormat,
    to_u32,
};

/// Reads a .vcf file into contacts. The card's ORG gives the account (first
/// component) and the department (second).
pub fn parse_vcard(bytes: &[u8]) -> Result<Parsed, ImportError> {
    let text = decode(bytes, "vCard")?;

    let mut cards_seen = 0usize;
    let mut open: Option<Card> = None;
    let mut contacts: Vec<ContactRecord> = Vec::new();
    let mut issues: Vec<RowIssue> = Vec::new();
    for logical in unfold(&text) {
        let logical = logical?;
        let property = Property::parse(&logical.text);
        let name = property.as_ref().map(|p| p.name.as_str());
        let value_is_vcard = property.as_ref().is_some_and(|p| p.raw_value.trim().eq_ignore_ascii_case("VCARD"));
        match (name, value_is_vcard) {
            (Some("BEGIN"), true) => {
                if let Some(card) = open.take() {
                    issues.push(card.issue(
                        None,
                        format!(
                            "no END:VCARD before the next BEGIN:VCARD on line {} (a card nested in another, or a missing END)",
                            logical.line
                        ),
                    ));
                }
                cards_seen += 1;
                if cards_seen > MAX_CARDS {
                    return Err(ImportError::new(
                        Problem::TooManyCards,
                        format!("the file has more than {MAX_CARDS} cards; split it into smaller files"),
                    )
                    .line(logical.line));
                }
                open = Some(Card::new(to_u32(cards_seen), logical.line));
            }
            (Some("END"), true) => {
                match open.take() {
                    Some(card) => match card.finish() {
                        Ok(record) => contacts.push(record),
                        Err(mut problems) => issues.append(&mut problems),
                    },
                    // Before any card it is stray text like any other, skipped.
                    None if cards_seen == 0 => {}
                    None => {
                        // A second END after a card that held another card: the
                        // card just closed was the inner one; reject it too.
                        let card = to_u32(cards_seen);
                        contacts.retain(|c| c.row != card);
                        issues.push(RowIssue::new(
                        card,
                        Some("END"),
                        format!("card {card}: END:VCARD on line {} has no BEGIN:VCARD; the file nests cards or is damaged", logical.line),
                    ));
                    }
                }
            }
            _ => {
                if let Some(card) = open.as_mut() {
                    match property {
                        Some(p) => card.add(p, logical.line),
                        None => {
                            let message = format!(
                                "line {} is not a vCard property (no \":\"); the card is damaged",
                                logical.line
                            );
                            card.issues.push(message);
                        }
                    }
                }
                // Text outside any card is not data; it is skipped.
            }
        }
    }
    if let Some(card) = open.take() {
        issues.push(
            card.issue(Some("END"), "the file ends before this card's END:VCARD (is the file cut short?)".into()),
        );
    }
    if cards_seen == 0 {
        return Err(ImportError::new(
            Problem::NotVcard,
            "the file holds no BEGIN:VCARD, so it is not a vCard (.vcf) file",
        ));
    }
    fields::duplicate_contacts(&mut contacts, &mut issues, "card");
    issues.sort_by_key(|i| i.row);
    Ok(Parsed {
        format: SourceFormat::Vcard,
        kind: RecordKind::Contacts,
        delimiter: None,
        columns: Vec::new(),
        unmapped_columns: Vec::new(),
        rows_read: to_u32(cards_seen),
        accounts: Vec::new(),
        contacts,
        issues,
    })
}

struct Logical {
    /// The line it starts on, from 1.
    line: usize,
    text: String,
}

/// Joins folded lines (a line break followed by a space or tab, vCard 3.0 and
/// 4.0) and quoted-printable soft breaks (a line ending in "=", vCard 2.1),
/// one logical line at a time so a file of many short lines stays small.
fn unfold(text: &str) -> impl Iterator<Item = Result<Logical, ImportError>> + '_ {
    let mut lines = physical_lines(text).enumerate().map(|(i, l)| (i + 1, l)).peekable();
    std::iter::from_fn(move || {
        let (line, first) = loop {
            let (n, l) = lines.next()?;
            if !l.trim().is_empty() {
                break (n, l);
            }
        };
        let head = first.split(':').next().unwrap_or("");
        let quoted_printable = head.to_ascii_uppercase().contains("QUOTED-PRINTABLE");
        let mut text = first.to_string();
        loop {
            let too_long = text.len() > MAX_VCARD_LINE_BYTES;
            if too_long {
                return Some(Err(ImportError::new(
                    Problem::LineTooLong,
                    format!(
                        "line {line}: a property is longer than {} KiB, more than any contact field needs; the file may be damaged",
                        MAX_VCARD_LINE_BYTES / 1024
                    ),
                )
                .line(line)));
            }
            let Some(&(_, next)) = lines.peek() else { break };
            if quoted_printable && text.ends_with('=') {
                text.pop();
                text.push_str(next);
            } else if next.starts_with([' ', '\t']) {
                text.push_str(&next[1..]);
            } else {
                break;
            }
            lines.next();
        }
        Some(Ok(Logical { line, text }))
    })
}

/// Lines ending in CRLF, LF or a lone CR.
fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.find(['\r', '\n']) {
            Some(i) => {
                let line = &rest[..i];
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
                Some(line)
            }
            None => {
                let line = rest;
                rest = "";
                Some(line)
            }
        }
    })
}

#[derive(Debug, Default)]
struct Property {
    /// Upper case, without a group prefix ("item1.EMAIL" -> "EMAIL").
    name: String,
    /// Lower case: TYPE values and bare 2.1 parameters ("work", "cell", "pref").
    types: Vec<String>,
    encoding: Option<String>,
    charset: Option<String>,
    raw_value: String,
}

impl Property {
    fn parse(line: &str) -> Option<Self> {
        let mut quoted = false;
        let colon = line.char_indices().find_map(|(i, c)| {
            if c == '"' {
                quoted = !quoted;
            }
            (c == ':' && !quoted).then_some(i)
        })?;
        let (head, value) = (&line[..colon], &line[colon + 1..]);
        let mut parts = split_unquoted(head, ';').into_iter();
        let full_name = parts.next()?.trim();
        let name = full_name.rsplit('.').next().unwrap_or(full_name).to_ascii_uppercase();
        if name.is_empty() {
            return None;
        }
        let mut p = Property { name, raw_value: value.to_string(), ..Default::default() };
        for param in parts {
            let (key, val) = match param.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().trim_matches('"').to_string()),
                None => (String::new(), param.trim().to_string()),
            };
            match key.as_str() {
                "ENCODING" => p.encoding = Some(val.to_ascii_uppercase()),
                "CHARSET" => p.charset = Some(val),
                "TYPE" => p.types.extend(val.split(',').map(|t| t.trim().to_ascii_lowercase())),
                "PREF" => p.types.push("pref".into()),
                "" => match val.to_ascii_uppercase().as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" => p.encoding = Some(val.to_ascii_uppercase()),
                    _ => p.types.push(val.to_ascii_lowercase()),
                },
                _ => {}
            }
        }
        Some(p)
    }

    /// The value as text: quoted-printable and its charset decoded; escapes
    /// still in place, since structured values split on unescaped ";".
    fn text(&self) -> Result<Option<String>, String> {
        match self.encoding.as_deref() {
            Some("B" | "BASE64") => Ok(None),
            Some("QUOTED-PRINTABLE") => {
                let bytes = quoted_printable(&self.raw_value)?;
                charset(bytes, self.charset.as_deref()).map(Some)
            }
            _ => Ok(Some(self.raw_value.clone())),
        }
    }
}

fn split_unquoted(text: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => {
                out.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// Splits a structured value (N, ORG) on ";" that are not escaped, then unescapes.
fn components(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => {
                    current.push('\\');
                    current.push(next);
                }
                None => current.push('\\'),
            },
            ';' => out.push(unescape(&std::mem::take(&mut current))),
            c => current.push(c),
        }
    }
    out.push(unescape(&current));
    out
}

/// `\n` `\N` -> line break, `\,` `\;` `\:` `\\` -> the character.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(next @ (',' | ';' | ':' | '\\')) => out.push(next),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn quoted_printable(value: &str) -> Result<Vec<u8>, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'=' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            // A soft break left at the very end.
            None if i + 1 == bytes.len() => i += 1,
            None => {
                let bad: String = value[i..].chars().take(3).collect();
                return Err(format!("\"{bad}\" is not a valid quoted-printable escape"));
            }
        }
    }
    Ok(out)
}

/// Windows-1252's letters in 0x80..=0x9F (where Latin-1 has control codes,
/// which Outlook never means). `None` marks the five unassigned bytes.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn charset(bytes: Vec<u8>, charset: Option<&str>) -> Result<String, String> {
    let name = charset.unwrap_or("UTF-8").to_ascii_lowercase();
    match name.as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => String::from_utf8(bytes).map_err(|e| {
            format!("the encoded text is not valid UTF-8 (byte {} of the value)", e.utf8_error().valid_up_to() + 1)
        }),
        "iso-8859-1" | "latin1" | "latin-1" | "windows-1252" | "cp1252" => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                _ => Some(char::from(b)),
            })
            .collect::<Option<String>>()
            .ok_or_else(|| format!("the encoded text has a byte that {name} does not define")),
        _ => Err(format!("the character set {name} is not supported; export the contacts as UTF-8")),
    }
}

/// A card being read.
struct Card {
    number: u32,
    line: usize,
    formatted_name: Option<String>,
    structured_name: Option<String>,
    title: Option<String>,
    org: Vec<String>,
    /// (value, preference score, line)
    emails: Vec<(String, i32)>,
    phones: Vec<(String, i32)>,
    note: Option<String>,
    manager: Option<String>,
    /// Problems, already in plain words, without the card prefix.
    issues: Vec<String>,
    /// Problems tied to a property: (property, message).
    property_issues: Vec<(String, String)>,
}

impl Card {
    fn new(number: u32, line: usize) -> Self {
        Self {
            number,
            line,
            formatted_name: None,
            structured_name: None,
            title: None,
            org: Vec::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            note: None,
            manager: None,
            issues: Vec::new(),
            property_issues: Vec::new(),
        }
    }

    fn prefix(&self) -> String {
        format!("card {} (line {})", self.number, self.line)
    }

    fn issue(&self, column: Option<&str>, message: String) -> RowIssue {
        RowIssue::new(self.number, column, format!("{}: {message}", self.prefix()))
    }

    fn add(&mut self, property: Property, line: usize) {
        let value = match property.text() {
            Ok(Some(v)) => v,
            Ok(None) => return,
            Err(problem) => {
                self.property_issues
                    .push((property.name.clone(), format!("{} on line {line}: {problem}", property.name)));
                return;
            }
        };
        let score = |p: &Property, kind_bonus: &[(&str, i32)]| {
            let mut s = 0;
            for t in &p.types {
                if t == "pref" {
                    s += 10;
                }
                s += kind_bonus.iter().find(|(k, _)| k == t).map_or(0, |(_, b)| *b);
            }
            s
        };
        match property.name.as_str() {
            "FN" if self.formatted_name.is_none() => self.formatted_name = Some(unescape(&value)),
            "N" if self.structured_name.is_none() => {
                let parts = components(&value);
                let get = |i: usize| parts.get(i).map(|s| s.trim()).filter(|s| !s.is_empty());
                let joined = [get(1), get(2), get(0)].into_iter().flatten().collect::<Vec<_>>().join(" ");
                self.structured_name = (!joined.is_empty()).then_some(joined);
            }
            "TITLE" if self.title.is_none() => self.title = Some(unescape(&value)),
            "ORG" if self.org.is_empty() => self.org = components(&value),
            "EMAIL" => {
                let s = score(&property, &[("work", 2), ("internet", 0), ("home", -1)]);
                self.emails.push((unescape(&value), s));
            }
            "TEL" => {
                if property.types.iter().any(|t| t == "fax" || t == "pager") {
                    return;
                }
                let s = score(&property, &[("work", 2), ("cell", 1), ("home", -1)]);
                self.phones.push((unescape(&value), s));
            }
            "NOTE" if self.note.is_none() => self.note = Some(unescape(&value)),
            "X-MS-MANAGER" | "X-MANAGER" if self.manager.is_none() => self.manager = Some(unescape(&value)),
            _ => {}
        }
    }

    fn best(values: &[(String, i32)]) -> Option<&str> {
        // The highest score; the first written among equals.
        let mut best: Option<&(String, i32)> = None;
        for v in values.iter().filter(|(v, _)| !v.trim().is_empty()) {
            if best.is_none_or(|b| v.1 > b.1) {
                best = Some(v);
            }
        }
        best.map(|(v, _)| v.as_str())
    }

    fn finish(self) -> Result<ContactRecord, Vec<RowIssue>> {
        let mut issues: Vec<RowIssue> = self.issues.iter().map(|m| self.issue(None, m.clone())).collect();
        for (property, message) in &self.property_issues {
            issues.push(self.issue(Some(property), message.clone()));
        }
        let mut clean = |property: &str, value: Option<&str>, cleaner: fn(&str) -> Clean<String>| match value {
            None => None,
            Some(v) => match cleaner(v) {
                Ok(v) => v,
                Err(problem) => {
                    issues.push(self.issue(Some(property), format!("{property} {problem}")));
                    None
                }
            },
        };
        let formatted = clean("FN", self.formatted_name.as_deref(), fields::line);
        let structured = clean("N", self.structured_name.as_deref(), fields::line);
        let name = formatted.or(structured);
        let record = ContactRecord {
            row: self.number,
            name: name.clone().unwrap_or_default(),
            title: clean("TITLE", self.title.as_deref(), fields::line),
            department: clean("ORG", self.org.get(1).map(String::as_str), fields::line),
            email: clean("EMAIL", Self::best(&self.emails), fields::email),
            phone: clean("TEL", Self::best(&self.phones), fields::phone),
            account_name: clean("ORG", self.org.first().map(String::as_str), fields::line),
            reports_to_name: clean("X-MS-MANAGER", self.manager.as_deref(), fields::line),
            owner_name: None,
            notes: clean("NOTE", self.note.as_deref(), fields::text),
        };
        if name.is_none() && issues.is_empty() {
            issues.push(self.issue(Some("FN"), "has no name (neither FN nor N)".into()));
        }
        if issues.is_empty() { Ok(record) } else { Err(issues) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(card: &str) -> Parsed {
        parse_vcard(card.as_bytes()).unwrap()
    }

    #[test]
    fn reads_a_3_0_card_with_folding_and_escapes() {
        let parsed = one(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lindqvist;Marta;Sofia;Dr.;\r\nFN:Marta Lindqvist\r\nORG:Halden Ceramics\\, AB;Procure\r\n ment\r\n\
             TITLE:Head of Procurement\\; Nordics\r\nEMAIL;TYPE=INTERNET,HOME:marta@home.example\r\nitem1.EMAIL;TYPE=INTERNET,WORK:marta.lindqvist@halden.example\r\n\
             TEL;TYPE=CELL:+46 70 555 01 23\r\nTEL;TYPE=WORK,VOICE:+46 8 555 01 00\r\nTEL;TYPE=FAX:+46 8 555 01 99\r\nNOTE:Met at the fair.\\nPrefers mornings.\r\nEND:VCARD\r\n",
        );
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        let c = &parsed.contacts[0];
        assert_eq!(c.row, 1);
        assert_eq!(c.name, "Marta Lindqvist");
        assert_eq!(c.account_name.as_deref(), Some("Halden Ceramics, AB"));
        assert_eq!(c.department.as_deref(), Some("Procurement"));
        assert_eq!(c.title.as_deref(), Some("Head of Procurement; Nordics"));
        assert_eq!(c.email.as_deref(), Some("marta.lindqvist@halden.example"));
        assert_eq!(c.phone.as_deref(), Some("+46 8 555 01 00"));
        assert_eq!(c.notes.as_deref(), Some("Met at the fair.\nPrefers mornings."));
    }

    #[test]
    fn reads_2_1_quoted_printable_in_utf8_and_windows_1252() {
        let parsed = one(
            "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=A4rvinen;Ol=\nli\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Olli J=C3=A4rvinen\n\
             ORG;CHARSET=windows-1252;QUOTED-PRINTABLE:Kest=E4 Oy\nEMAIL;PREF;INTERNET:olli@kesta.example\nEND:VCARD\n",
        );
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        assert_eq!(parsed.contacts[0].name, "Olli Järvinen");
        assert_eq!(parsed.contacts[0].account_name.as_deref(), Some("Kestä Oy"));
        let bad = one("BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:Ol=ZZi\nEND:VCARD\n");
        assert_eq!(bad.issues[0].column.as_deref(), Some("FN"));
        assert!(bad.issues[0].message.contains("quoted-printable"), "{}", bad.issues[0].message);
    }

    #[test]
    fn broken_cards_are_reported_by_number() {
        let parsed = one(
            "BEGIN:VCARD\nFN:Ada Brook\nORG:Northwind Looms\nBEGIN:VCARD\nFN:Bo Lind\nEND:VCARD\nBEGIN:VCARD\nTITLE:Nobody\nEND:VCARD\n\
             BEGIN:VCARD\nFN:Cut Short\n",
        );
        let rows: Vec<u32> = parsed.issues.iter().map(|i| i.row).collect();
        assert_eq!(rows, vec![1, 3, 4]);
        assert!(
            parsed.issues[0].message.starts_with("card 1 (line 1): no END:VCARD before the next BEGIN:VCARD on line 4")
        );
        assert!(parsed.issues[1].message.contains("no name"), "{}", parsed.issues[1].message);
        assert!(parsed.issues[2].message.contains("cut short"), "{}", parsed.issues[2].message);
        assert_eq!(parsed.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Bo Lind"]);
        assert_eq!(parsed.rows_read, 4);
    }

    #[test]
    fn nested_cards_reject_both() {
        let parsed = one("BEGIN:VCARD\nFN:Outer\nAGENT:\nBEGIN:VCARD\nFN:Inner\nEND:VCARD\nEND:VCARD\n");
        assert!(parsed.contacts.is_empty(), "{:?}", parsed.contacts);
        assert_eq!(parsed.issues.iter().map(|i| i.row).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn a_stray_end_before_any_card_is_skipped() {
        let parsed = one("END:VCARD\nBEGIN:VCARD\nFN:Ada Brook\nEND:VCARD\n");
        assert_eq!((parsed.contacts.len(), parsed.issues.len()), (1, 0));
    }

    #[test]
    fn not_a_vcard() {
        assert_eq!(parse_vcard(b"Name,Email\nA,b@c.de\n").unwrap_err().problem, Problem::NotVcard);
        assert_eq!(parse_vcard(b"").unwrap_err().problem, Problem::NotVcard);
    }

    #[test]
    fn helpers() {
        assert_eq!(components(r"Doe\;Jr;John;;"), vec!["Doe;Jr", "John", "", ""]);
        assert_eq!(unescape(r"a\,b\\c\nd\x"), "a,b\\c\nd\\x");
        assert_eq!(quoted_printable("a=3Db=").unwrap(), b"a=b");
        let p = Property::parse("item2.TEL;TYPE=\"work,voice\";PREF=1:+1 555").unwrap();
        assert_eq!(p.name, "TEL");
        assert_eq!(p.types, vec!["work", "voice", "pref"]);
        assert_eq!(physical_lines("a\r\nb\rc\nd").collect::<Vec<_>>(), vec!["a", "b", "c", "d"]);
    }
}
