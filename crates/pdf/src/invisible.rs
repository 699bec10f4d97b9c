//! Invisible characters in user text: what [`strip_invisible`] drops before
//! text is drawn (and before the core writes it to a calendar file).

/// Removes the invisible characters that can reorder or hide text, from user
/// text on its way into a document that leaves the app: the PDF (and its HTML
/// preview) and the .ics calendar export both clean with this one function.
///
/// Dropped everywhere: the bidi embeddings, overrides, isolates and marks
/// (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C), so text cannot reverse
/// itself or what follows; zero-width space, word joiner, invisible operators,
/// BOM, soft hyphen, Hangul fillers and the other format characters that draw
/// nothing (see [`is_hidden`]).
///
/// Kept only where they do their job, dropped elsewhere:
/// - ZWJ and ZWNJ (U+200D, U+200C) between two visible characters: emoji
///   sequences (👩‍💻) and Arabic, Persian and Indic joining need them;
/// - a variation selector (U+FE00–FE0F, U+E0100–E01EF) right after a visible
///   character: it picks emoji or text presentation (❤️);
/// - tag characters (U+E0020–E007F) only as a well-formed emoji tag sequence
///   after 🏴 (the flags of England, Scotland and Wales): anywhere else they
///   are invisible ASCII that can smuggle hidden text.
///
/// Control characters (tabs, line breaks, C0/C1) are left to the caller: what
/// a line break means differs between a page and a calendar line.
pub fn strip_invisible(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut last: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let keep = match c {
            '\u{200C}' | '\u{200D}' => {
                last.is_some_and(|l| is_visible(l) || is_variation_selector(l))
                    && chars.get(i).is_some_and(|&n| is_visible(n))
            }
            c if is_variation_selector(c) => last.is_some_and(is_visible),
            '\u{E0020}'..='\u{E007F}' => {
                let run = chars[i - 1..].iter().take_while(|t| ('\u{E0020}'..='\u{E007F}').contains(*t)).count();
                let tags = &chars[i - 1..i - 1 + run];
                let flag = last == Some('\u{1F3F4}')
                    && (2..=32).contains(&run)
                    && tags[run - 1] == '\u{E007F}'
                    && tags[..run - 1].iter().all(|&t| t != '\u{E007F}' && t != '\u{E0020}');
                if flag {
                    out.extend(tags);
                    last = Some('\u{E007F}');
                }
                i += run - 1;
                continue;
            }
            c => !is_hidden(c),
        };
        if keep {
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// Format characters that draw nothing and are never kept by
/// [`strip_invisible`] (bidi controls, zero-width and other invisible ones).
pub(crate) fn is_hidden(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B
            | 0x200E..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFEFF
            | 0xFFA0
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE001F
            | 0xE0080..=0xE00FF
            | 0xE01F0..=0xE0FFF
    )
}

fn is_variation_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// A character that shows something: not blank, not a control, not one of the
/// invisible format characters.
fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !is_hidden(c)
        && !is_variation_selector(c)
        && !matches!(c, '\u{200C}' | '\u{200D}' | '\u{E0020}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_invisible_drops_direction_and_hidden_characters() {
        let cases = [
            ("plain text", "plain text"),
            ("a\u{202E}b\u{202A}c\u{202B}d\u{202C}e\u{202D}f", "abcdef"),
            ("a\u{2066}b\u{2067}c\u{2068}d\u{2069}e\u{200E}f\u{200F}g\u{061C}h", "abcdefgh"),
            ("in\u{200B}vi\u{2060}si\u{FEFF}ble\u{00AD}\u{2062}", "invisible"),
            ("tabs\tand\nbreaks stay\r\n", "tabs\tand\nbreaks stay\r\n"),
            ("\u{202E}gpj.exe", "gpj.exe"),
            // Joiners inside a sequence stay; stray ones go.
            ("\u{1F469}\u{200D}\u{1F4BB}", "\u{1F469}\u{200D}\u{1F4BB}"),
            ("\u{1F441}\u{FE0F}\u{200D}\u{1F5E8}\u{FE0F}", "\u{1F441}\u{FE0F}\u{200D}\u{1F5E8}\u{FE0F}"),
            ("\u{200D}a\u{200D} \u{200C}\u{200D}\u{200D}b", "a b"),
            (
                "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
                "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
            ),
            // Variation selectors only after something visible.
            ("\u{2764}\u{FE0F} \u{FE0F}x\u{FE0F}\u{FE0F}", "\u{2764}\u{FE0F} x\u{FE0F}"),
            ("1\u{FE0F}\u{20E3}", "1\u{FE0F}\u{20E3}"),
            // Tags: a flag's tag sequence stays, hidden ASCII goes.
            (
                "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}!",
                "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}!",
            ),
            ("ok\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\u{E007F}", "ok"),
            ("\u{1F3F4}\u{E0067}\u{E0062}", "\u{1F3F4}"),
            ("\u{3164}\u{115F}name\u{FFA0}", "name"),
        ];
        for (input, expected) in cases {
            assert_eq!(strip_invisible(input), expected, "{input:?}");
        }
    }
}
