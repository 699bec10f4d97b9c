//! Cleaning single values from an import file. Each cleaner returns the problem
//! in plain words; the caller puts the column name in front.

use std::collections::HashMap;

use super::{AccountRecord, ContactRecord, LINE_MAX_CHARS, RowIssue, TEXT_MAX_CHARS, match_key};

pub(crate) type Clean<T> = Result<Option<T>, String>;

/// Shortens a value for quoting it back in a message.
pub(crate) fn quote(value: &str) -> String {
    let value = value.trim();
    if value.chars().count() > 40 {
        format!("\"{}…\"", value.chars().take(40).collect::<String>())
    } else {
        format!("\"{value}\"")
    }
}

/// A one-line field: names, titles, industry.
pub(crate) fn line(value: &str) -> Clean<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > LINE_MAX_CHARS {
        return Err(format!("is longer than {LINE_MAX_CHARS} characters"));
    }
    if trimmed.chars().any(char::is_control) {
        return Err("must be a single line without control characters".into());
    }
    Ok(Some(trimmed.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// Free text: line breaks and tabs allowed.
pub(crate) fn text(value: &str) -> Clean<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > TEXT_MAX_CHARS {
        return Err(format!("is longer than {TEXT_MAX_CHARS} characters"));
    }
    if trimmed.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        return Err("contains control characters".into());
    }
    Ok(Some(trimmed.replace("\r\n", "\n").replace('\r', "\n")))
}

pub(crate) fn email(value: &str) -> Clean<String> {
    let v = value.trim();
    let v = v.strip_prefix("mailto:").or_else(|| v.strip_prefix("MAILTO:")).unwrap_or(v);
    if v.is_empty() {
        return Ok(None);
    }
    if v.matches('@').count() > 1 && (v.contains([',', ';']) || v.contains(char::is_whitespace)) {
        return Err(format!("{} holds more than one address; keep one", quote(v)));
    }
    let ok = v.len() <= 254
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        })
        && !v.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, ',' | ';' | '<' | '>' | '"'));
    if ok { Ok(Some(v.to_string())) } else { Err(format!("{} is not an email address", quote(v))) }
}

pub(crate) fn phone(value: &str) -> Clean<String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let v = v.strip_prefix("tel:").unwrap_or(v);
    if v.chars().count() > 50 || !v.chars().any(|c| c.is_ascii_digit()) || v.chars().any(char::is_control) {
        return Err(format!("{} is not a phone number", quote(v)));
    }
    Ok(Some(v.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// A tier as the file writes it. The three names, in any case, are kept in
/// lower case; anything else ("Gold", "A") is kept as written, for the user
/// to map to a tier in the preview (see `ImportOptions::tiers`).
pub(crate) fn tier(value: &str) -> Clean<String> {
    let Some(v) = line(value)? else { return Ok(None) };
    let lower = v.to_lowercase();
    Ok(Some(if matches!(lower.as_str(), "strategic" | "key" | "growth") { lower } else { v }))
}

/// Active ISO 4217 codes (and a few just retired, which old exports still carry).
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP \
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD \
    GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP \
    LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK \
    PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT \
    TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL";

fn is_iso_4217(code: &str) -> bool {
    code.len() == 3 && ISO_4217.split_whitespace().any(|c| c == code)
}

pub(crate) fn currency(value: &str) -> Clean<String> {
    let v = value.trim();
    match v {
        "" => Ok(None),
        "€" => Ok(Some("EUR".into())),
        "£" => Ok(Some("GBP".into())),
        "$" | "¥" | "kr" => {
            Err(format!("{} could be several currencies; use the three-letter code such as USD", quote(v)))
        }
        _ => {
            let upper = v.to_ascii_uppercase();
            if is_iso_4217(&upper) {
                Ok(Some(upper))
            } else {
                Err(format!("{} is not a currency code; use three letters such as EUR or USD", quote(v)))
            }
        }
    }
}

/// An amount as CRMs and spreadsheets write it, in whole units, rounded half up:
/// "1,250,000", "1.250.000", "1 250 000", "1'250'000", "1,250,000.50",
/// "1.250.000,50", "$1.2M", "750k", "3.5 bn", "EUR 2,000", "1.25E+06".
/// One separator followed by exactly three digits ("1,250", "1.250") is read as
/// a thousands separator, as revenue is never a fraction of a unit.
pub(crate) fn amount(value: &str) -> Clean<i64> {
    let original = value.trim();
    if original.is_empty() {
        return Ok(None);
    }
    let garbage = || format!("{} is not an amount; write digits such as 1250000, 1,250,000 or 1.2M", quote(original));
    let mut s = original;
    if s.starts_with('-') || s.starts_with('−') || (s.starts_with('(') && s.ends_with(')')) {
        return Err(format!("{} is negative; revenue must be zero or more", quote(original)));
    }
    // Currency signs and codes around the number.
    s = s.trim_start_matches(['$', '€', '£', '¥', '₹']).trim_end_matches(['$', '€', '£', '¥', '₹']).trim();
    if s.len() > 3 && s.is_char_boundary(3) && is_iso_4217(&s[..3]) {
        s = s[3..].trim_start();
    }
    if s.len() > 3 && s.is_char_boundary(s.len() - 3) && is_iso_4217(&s[s.len() - 3..]) {
        s = s[..s.len() - 3].trim_end();
    }
    s = s.trim_start_matches(['$', '€', '£', '¥', '₹']).trim_end_matches(['$', '€', '£', '¥', '₹']).trim();

    let compact: String = s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’' | '\u{202f}')).collect();
    let split = compact.find(|c: char| c.is_alphabetic()).unwrap_or(compact.len());
    let (body, suffix) = compact.split_at(split);
    let (body, exponent, suffix) = match suffix.strip_prefix(['e', 'E']) {
        Some(exp) if !exp.is_empty() && exp.trim_start_matches(['+', '-']).chars().all(|c| c.is_ascii_digit()) => {
            let e: i32 = exp.trim_start_matches('+').parse().map_err(|_| garbage())?;
            // Beyond this the "too large" / rounds-to-zero answers no longer change.
            (body, e.clamp(-1000, 1000), "")
        }
        _ => (body, 0, suffix),
    };
    let multiplier: i32 = match suffix.to_lowercase().trim_end_matches('.') {
        "" => 0,
        "k" | "thousand" | "tsd" => 3,
        "m" | "mm" | "mn" | "mio" | "million" | "millions" => 6,
        "b" | "bn" | "billion" | "billions" | "mrd" => 9,
        _ => return Err(garbage()),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(garbage());
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let scaled = multiplier != 0 || exponent != 0;
    let (group, decimal) = match (dots, commas) {
        (0, 0) => (None, None),
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            let (int, frac) = body.rsplit_once(sep).expect("has the separator");
            let looks_grouped = !scaled && frac.len() == 3 && (1..=3).contains(&int.len()) && int != "0";
            if dots + commas > 1 || looks_grouped { (Some(sep), None) } else { (None, Some(sep)) }
        }
        _ => {
            let last = body.rfind(['.', ',']).expect("has separators");
            let dec = body[last..].chars().next().expect("separator");
            let grp = if dec == '.' { ',' } else { '.' };
            if body.matches(dec).count() > 1 || body[last..].contains(grp) {
                return Err(garbage());
            }
            (Some(grp), Some(dec))
        }
    };
    let (int_part, frac_part) = match decimal {
        Some(d) => body.rsplit_once(d).expect("has the decimal separator"),
        None => (body, ""),
    };
    if decimal.is_some() && frac_part.is_empty() {
        return Err(garbage());
    }
    let int_digits: String = match group {
        Some(g) => {
            let groups: Vec<&str> = int_part.split(g).collect();
            let n = groups.len();
            let ok = groups.iter().enumerate().all(|(i, grp)| {
                let len = grp.len();
                // The first group is 1-3 digits, the last exactly 3; groups of
                // two between them are the Indian lakh/crore style.
                if i == 0 {
                    (1..=3).contains(&len)
                } else if i == n - 1 {
                    len == 3
                } else {
                    len == 2 || len == 3
                }
            });
            if !ok {
                return Err(garbage());
            }
            groups.concat()
        }
        None => int_part.to_string(),
    };
    if int_digits.is_empty() && frac_part.is_empty() {
        return Err(garbage());
    }
    let digits = format!("{int_digits}{frac_part}");
    let significant = digits.trim_start_matches('0');
    let power = multiplier + exponent - frac_part.len() as i32;
    if significant.len() > 30 || power > 30 || (!significant.is_empty() && significant.len() as i32 + power > 19) {
        return Err(format!("{} is too large", quote(original)));
    }
    let mantissa: i128 = if significant.is_empty() { 0 } else { significant.parse().map_err(|_| garbage())? };
    let value = if power >= 0 {
        mantissa * 10i128.pow(power as u32)
    } else if -power > 38 {
        0
    } else {
        let div = 10i128.pow((-power) as u32);
        (mantissa + div / 2) / div
    };
    i64::try_from(value).map(Some).map_err(|_| format!("{} is too large", quote(original)))
}

/// Marks later rows that repeat an earlier account (same name, any case).
pub(crate) fn duplicate_accounts(records: &mut Vec<AccountRecord>, issues: &mut Vec<RowIssue>, column: Option<&str>) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    records.retain(|r| match seen.get(&match_key(&r.name)) {
        Some(first) => {
            issues.push(RowIssue::new(
                r.row,
                column,
                format!("duplicate of row {first}: the same account name \"{}\"", r.name),
            ));
            false
        }
        None => {
            seen.insert(match_key(&r.name), r.row);
            true
        }
    });
}

/// Marks later contacts that repeat an earlier one: the same email, or with no
/// email the same name at the same account. `unit` is "row" or "card".
pub(crate) fn duplicate_contacts(records: &mut Vec<ContactRecord>, issues: &mut Vec<RowIssue>, unit: &str) {
    let mut by_email: HashMap<String, u32> = HashMap::new();
    let mut by_name: HashMap<(String, String), u32> = HashMap::new();
    records.retain(|r| {
        let name_key = (match_key(r.account_name.as_deref().unwrap_or("")), match_key(&r.name));
        let (first, why) = match r.email.as_deref() {
            Some(email) => match by_email.get(&match_key(email)) {
                Some(first) => (Some(*first), format!("the same email {email}")),
                None => {
                    by_email.insert(match_key(email), r.row);
                    (None, String::new())
                }
            },
            None => match by_name.get(&name_key) {
                Some(first) => (Some(*first), format!("the same name \"{}\" at the same account and no email", r.name)),
                None => (None, String::new()),
            },
        };
        by_name.entry(name_key).or_insert(r.row);
        match first {
            Some(first) => {
                issues.push(RowIssue::new(r.row, None, format!("duplicate of {unit} {first}: {why}")));
                false
            }
            None => true,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_the_shapes_exports_use() {
        let cases: &[(&str, i64)] = &[
            ("1250000", 1_250_000),
            ("1,250,000", 1_250_000),
            ("1.250.000", 1_250_000),
            ("1 250 000", 1_250_000),
            ("1\u{a0}250\u{a0}000", 1_250_000),
            ("1'250'000", 1_250_000),
            ("1,250,000.49", 1_250_000),
            ("1,250,000.50", 1_250_001),
            ("1.250.000,50", 1_250_001),
            ("1250000.5", 1_250_001),
            ("1234,56", 1_235),
            ("1,250", 1_250),
            ("1.250", 1_250),
            ("0.75", 1),
            ("0,4", 0),
            ("$1.2M", 1_200_000),
            ("1.2 M", 1_200_000),
            ("750k", 750_000),
            ("3.5 bn", 3_500_000_000),
            ("2 Mio.", 2_000_000),
            ("EUR 2,000", 2_000),
            ("2.000 EUR", 2_000),
            ("€ 12.500,00", 12_500),
            ("1.25E+06", 1_250_000),
            ("12,50,000", 1_250_000),
            ("0", 0),
        ];
        for (text, want) in cases {
            assert_eq!(amount(text), Ok(Some(*want)), "{text}");
        }
        assert_eq!(amount("  "), Ok(None));
    }

    #[test]
    fn garbage_amounts_are_rejected_with_the_value() {
        for text in ["about a million", "1,2,3", "12,34,5", "1.2.3,4,5", "1..2", "N/A", "1.2X", "1,", "e5", "1e"] {
            let err = amount(text).unwrap_err();
            assert!(err.contains("is not an amount"), "{text}: {err}");
            assert!(err.contains(text), "{text}: {err}");
        }
        assert!(amount("-5").unwrap_err().contains("negative"));
        assert!(amount("(1,000)").unwrap_err().contains("negative"));
        assert!(amount("99999999999999999999").unwrap_err().contains("too large"));
        assert!(amount("1e300").unwrap_err().contains("too large"));
        assert_eq!(amount("1e-300"), Ok(Some(0)));
    }

    #[test]
    fn currencies_emails_phones_tiers() {
        assert_eq!(currency(" eur "), Ok(Some("EUR".into())));
        assert_eq!(currency("€"), Ok(Some("EUR".into())));
        assert!(currency("EUE").unwrap_err().contains("not a currency code"));
        assert!(currency("$").unwrap_err().contains("several currencies"));
        assert_eq!(email(" ana@example.org "), Ok(Some("ana@example.org".into())));
        assert!(email("ana@").unwrap_err().contains("not an email"));
        assert!(email("a@x.org; b@x.org").unwrap_err().contains("more than one"));
        assert_eq!(phone("+49 (0)30  1234"), Ok(Some("+49 (0)30 1234".into())));
        assert!(phone("n/a").is_err());
        assert_eq!(tier("Strategic"), Ok(Some("strategic".into())));
        assert_eq!(tier(" Gold "), Ok(Some("Gold".into())), "mapped in the preview, not refused here");
        assert!(line(&"x".repeat(201)).unwrap_err().contains("200"));
        assert!(line("a\u{7}b").is_err());
        assert_eq!(text(" a\r\nb "), Ok(Some("a\nb".into())));
    }
}
