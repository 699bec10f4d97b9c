//! The bundled fonts: Noto Sans Regular and Bold for Latin, Greek and Cyrillic,
//! Noto Sans Arabic and Noto Sans Hebrew (regular only), Droid Sans Fallback for
//! Chinese and Japanese, NanumSquare for Korean and Noto Emoji (monochrome
//! outlines) for emoji and symbols. They are compiled into the binary (licences
//! in `crates/pdf/assets/fonts/LICENSES.md`) so a PDF looks the same on every
//! machine, parsed once per process (each fallback on first use), and written
//! into each PDF as subsets of the glyphs it uses.
//!
//! Every character is drawn from the first face that has it: the span's own
//! weight, then Arabic, Hebrew, CJK, Hangul, emoji. Characters that belong to
//! the one before them (combining marks, joiners, variation selectors, skin
//! tones) stay in its face so the shaper sees the whole sequence, and a
//! character asking for emoji presentation (U+FE0F) takes the emoji face. A
//! character no face has is drawn as U+FFFD (�) from Noto, so nothing the user
//! typed silently disappears.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use printpdf::ParsedFont;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

const REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");
const FALLBACK_TTF: &[u8] = include_bytes!("../assets/fonts/DroidSansFallbackFull.ttf");
const HANGUL_TTF: &[u8] = include_bytes!("../assets/fonts/NanumSquareR.ttf");
const ARABIC_TTF: &[u8] = include_bytes!("../assets/fonts/NotoSansArabic-Regular.ttf");
const HEBREW_TTF: &[u8] = include_bytes!("../assets/fonts/NotoSansHebrew-Regular.ttf");
const EMOJI_TTF: &[u8] = include_bytes!("../assets/fonts/NotoEmoji-Regular.ttf");

/// Drawn for a character none of the fonts has.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// Which of the bundled faces a piece of text is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
    /// Droid Sans Fallback (CJK). It has no bold.
    Fallback,
    /// NanumSquare (Hangul syllables, which Droid lacks). Regular only.
    Hangul,
    /// Noto Sans Arabic. Regular only; always shaped (joining forms).
    Arabic,
    /// Noto Sans Hebrew. Regular only; always shaped (points and marks).
    Hebrew,
    /// Noto Emoji, monochrome outlines. Always shaped (ZWJ sequences, skin
    /// tones, keycaps and flags are ligatures).
    Emoji,
}

impl Face {
    pub(crate) const ALL: [Face; 7] =
        [Face::Regular, Face::Bold, Face::Fallback, Face::Hangul, Face::Arabic, Face::Hebrew, Face::Emoji];

    /// The PDF resource name. Its first six letters also make the subset tag
    /// (`RAPREG+NotoSans-Regular`), so they are fixed capitals: no random ids.
    pub(crate) fn resource_id(self) -> &'static str {
        match self {
            Face::Regular => "RAPREG",
            Face::Bold => "RAPBLD",
            Face::Fallback => "RAPCJK",
            Face::Hangul => "RAPKOR",
            Face::Arabic => "RAPARB",
            Face::Hebrew => "RAPHEB",
            Face::Emoji => "RAPEMJ",
        }
    }

    /// Faces whose text always goes through the shaper. Text in the other faces
    /// is shaped only when it runs right to left (for mirrored brackets);
    /// otherwise each character is its own glyph, as it always was.
    pub(crate) fn complex(self) -> bool {
        matches!(self, Face::Arabic | Face::Hebrew | Face::Emoji)
    }
}

/// One parsed face with the metrics layout needs.
pub(crate) struct Font {
    pub(crate) parsed: ParsedFont,
    /// The same font for the shaper (rustybuzz), over the same static bytes.
    shaper: Option<rustybuzz::Face<'static>>,
    units_per_em: f32,
    /// Advance widths of U+0020..U+007E in em, the hot path of measuring.
    ascii: [f32; 95],
    /// Whether the face has every printable ASCII character.
    ascii_complete: bool,
    /// Glyph → the character it is the glyph of, built on first use.
    reverse: OnceLock<HashMap<u16, char>>,
}

impl Font {
    fn parse(bytes: &'static [u8]) -> Option<Font> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let shaper = rustybuzz::Face::from_slice(bytes, 0);
        let mut font =
            Font { parsed, shaper, units_per_em, ascii: [0.0; 95], ascii_complete: true, reverse: OnceLock::new() };
        for (i, c) in (' '..='~').enumerate() {
            let gid = font.glyph(c);
            font.ascii_complete &= gid.is_some();
            font.ascii[i] = gid.map_or(0.5, |gid| font.advance_of_glyph(gid));
        }
        Some(font)
    }

    /// The glyph for `c`, if the face really has one (glyph 0 is `.notdef`).
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(c as u32).filter(|&gid| gid != 0)
    }

    pub(crate) fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    pub(crate) fn has(&self, c: char) -> bool {
        (self.ascii_complete && (' '..='~').contains(&c)) || self.glyph(c).is_some()
    }

    /// The character whose glyph `gid` is (the lowest, when several share it).
    /// Presentation forms (Arabic and Hebrew) and private-use codes (which
    /// Noto Emoji gives its ligatures) don't count: such a glyph stands for the
    /// characters the text has.
    pub(crate) fn char_of(&self, gid: u16) -> Option<char> {
        let map = self.reverse.get_or_init(|| {
            let mut map: HashMap<u16, char> = HashMap::new();
            let Some(cmap) = self.shaper.as_ref().and_then(|f| f.tables().cmap) else { return map };
            for table in cmap.subtables.into_iter().filter(|t| t.is_unicode()) {
                table.codepoints(|cp| {
                    if let (Some(c), Some(g)) = (char::from_u32(cp), table.glyph_index(cp))
                        && g.0 != 0
                        && !matches!(cp, 0xE000..=0xF8FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0xF0000..)
                    {
                        let slot = map.entry(g.0).or_insert(c);
                        *slot = (*slot).min(c);
                    }
                });
            }
            map
        });
        map.get(&gid).copied()
    }

    pub(crate) fn shaper(&self) -> Option<&rustybuzz::Face<'static>> {
        self.shaper.as_ref()
    }

    /// Advance of glyph `gid` in em, as the PDF reader will take it.
    pub(crate) fn advance_of_glyph(&self, gid: u16) -> f32 {
        f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em
    }

    /// Advance width of `c` in em (0 for a character the face lacks).
    pub(crate) fn advance(&self, c: char) -> f32 {
        if (' '..='~').contains(&c) {
            return self.ascii[c as usize - 0x20];
        }
        self.glyph(c).map_or(0.0, |gid| self.advance_of_glyph(gid))
    }
}

static REGULAR: LazyLock<Option<Font>> = LazyLock::new(|| Font::parse(REGULAR_TTF));
static BOLD: LazyLock<Option<Font>> = LazyLock::new(|| Font::parse(BOLD_TTF));
/// Parsed on first use: most documents never need it (it is 4 MB).
static FALLBACK: LazyLock<Option<Font>> = LazyLock::new(|| Font::parse(FALLBACK_TTF));
/// Parsed on first use, like the CJK fallback; so are the three below.
static HANGUL: LazyLock<Option<Font>> = LazyLock::new(|| Font::parse(HANGUL_TTF));
static ARABIC: LazyLock<Option<Font>> = LazyLock::new(|| Font::parse(ARABIC_TTF));
static HEBREW: LazyLock<Option<Font>> = LazyLock::new(|| Font::parse(HEBREW_TTF));
static EMOJI: LazyLock<Option<Font>> = LazyLock::new(|| Font::parse(EMOJI_TTF));

/// The fallbacks in the order they are tried after the span's own face.
const FALLBACKS: [Face; 5] = [Face::Arabic, Face::Hebrew, Face::Fallback, Face::Hangul, Face::Emoji];

/// Right-to-left scripts the fallback faces cover: a text without any of
/// these characters needs no bidi pass.
pub(crate) fn is_rtl_script(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Characters that only modify the one before them and have no glyph of their
/// own in a text face: joiners, variation selectors, tag characters.
pub(crate) fn is_modifier(c: char) -> bool {
    matches!(c as u32, 0x200C | 0x200D | 0xFE00..=0xFE0F | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0x1F3FB..=0x1F3FF)
}

/// Spaces, digits and punctuation: inside Arabic or Hebrew text they stay in
/// its face, so a phrase is one shaped run.
fn is_neutral(c: char) -> bool {
    c == ' ' || c.is_ascii_punctuation() || c.is_ascii_digit() || ('\u{2010}'..='\u{2027}').contains(&c)
}

/// The faces a document is set in. Cheap to copy: it only holds references to
/// the process-wide parsed fonts.
#[derive(Clone, Copy)]
pub(crate) struct Fonts {
    regular: &'static Font,
    bold: &'static Font,
}

impl Fonts {
    /// Noto Sans Regular and Bold, parsed on first call. `None` only if a bundled
    /// font failed to parse, which the tests rule out.
    pub(crate) fn load() -> Option<Fonts> {
        Some(Fonts { regular: REGULAR.as_ref()?, bold: BOLD.as_ref()? })
    }

    /// The font behind `face`; `None` for the fallback if it failed to parse.
    pub(crate) fn get(&self, face: Face) -> Option<&'static Font> {
        match face {
            Face::Regular => Some(self.regular),
            Face::Bold => Some(self.bold),
            Face::Fallback => FALLBACK.as_ref(),
            Face::Hangul => HANGUL.as_ref(),
            Face::Arabic => ARABIC.as_ref(),
            Face::Hebrew => HEBREW.as_ref(),
            Face::Emoji => EMOJI.as_ref(),
        }
    }

    fn has(&self, face: Face, c: char) -> bool {
        self.get(face).is_some_and(|f| f.has(c))
    }

    fn primary(&self, bold: bool) -> (&'static Font, Face) {
        if bold { (self.bold, Face::Bold) } else { (self.regular, Face::Regular) }
    }

    /// The face to draw `c` with and the character actually drawn: `c` itself,
    /// or [`REPLACEMENT`] when no face has it.
    pub(crate) fn resolve(&self, c: char, bold: bool) -> (Face, char) {
        self.resolve_in(c, bold, None, None)
    }

    /// [`resolve`](Self::resolve) in context: `prev` is the face of the
    /// character before (on the same line), `next` the character after.
    pub(crate) fn resolve_in(&self, c: char, bold: bool, prev: Option<Face>, next: Option<char>) -> (Face, char) {
        if let Some(prev) = prev {
            if is_modifier(c) {
                // Drawn by the shaper as part of the sequence, or not at all.
                return (prev, c);
            }
            let attached = !c.is_ascii()
                && (is_emoji_modifier(c)
                    || c == '\u{20E3}'
                    || c.general_category_group() == GeneralCategoryGroup::Mark);
            let neutral = matches!(prev, Face::Arabic | Face::Hebrew) && is_neutral(c);
            if (attached || neutral) && self.has(prev, c) {
                return (prev, c);
            }
        }
        let emoji_next = match next {
            Some('\u{FE0F}' | '\u{20E3}') => true,
            Some(n) => (n == '\u{200D}' || is_emoji_modifier(n)) && !c.is_alphanumeric(),
            None => false,
        };
        if (emoji_next || is_emoji_modifier(c)) && self.has(Face::Emoji, c) {
            return (Face::Emoji, c);
        }
        let (font, face) = self.primary(bold);
        if font.has(c) {
            return (face, c);
        }
        for fallback in FALLBACKS {
            if self.has(fallback, c) {
                return (fallback, c);
            }
        }
        (face, REPLACEMENT)
    }

    /// Advance of `c` in em when drawn with `face`.
    pub(crate) fn advance(&self, face: Face, c: char) -> f32 {
        self.get(face).map_or(0.5, |f| f.advance(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_parse_and_cover_the_scripts_we_promise() {
        let fonts = Fonts::load().expect("Noto Sans parses");
        for c in ['a', 'é', 'ß', 'Ω', 'Ж', '€', '…', '•', REPLACEMENT] {
            assert_eq!(fonts.resolve(c, false), (Face::Regular, c), "{c:?}");
            assert_eq!(fonts.resolve(c, true), (Face::Bold, c), "{c:?}");
        }
        for c in ['日', '本', '中', 'あ', 'カ'] {
            assert_eq!(fonts.resolve(c, false), (Face::Fallback, c), "{c:?}");
        }
        for c in ['한', '국', '어'] {
            assert_eq!(fonts.resolve(c, false), (Face::Hangul, c), "{c:?}");
        }
        for c in ['\u{645}', '\u{6CC}', '\u{FEFB}'] {
            assert_eq!(fonts.resolve(c, false), (Face::Arabic, c), "{c:?}");
        }
        for c in ['\u{5D0}', '\u{5EA}', '\u{5B8}'] {
            assert_eq!(fonts.resolve(c, true), (Face::Hebrew, c), "{c:?}");
        }
        for c in ['\u{1F600}', '\u{1F44D}', '\u{1F3FD}', '\u{1F1E9}'] {
            assert_eq!(fonts.resolve(c, false), (Face::Emoji, c), "{c:?}");
        }
        assert_eq!(fonts.resolve('\u{E000}', false), (Face::Regular, REPLACEMENT));
        // In context: a mark and a joiner stay with their base; emoji
        // presentation asks for the emoji face; a space inside Hebrew stays Hebrew.
        assert_eq!(fonts.resolve_in('\u{5B8}', false, Some(Face::Hebrew), None), (Face::Hebrew, '\u{5B8}'));
        assert_eq!(fonts.resolve_in('\u{200D}', false, Some(Face::Emoji), None), (Face::Emoji, '\u{200D}'));
        assert_eq!(fonts.resolve_in('#', false, None, Some('\u{FE0F}')), (Face::Emoji, '#'));
        assert_eq!(fonts.resolve_in(' ', false, Some(Face::Hebrew), Some('x')), (Face::Hebrew, ' '));
        assert_eq!(fonts.resolve_in('a', false, Some(Face::Hebrew), None), (Face::Regular, 'a'));
        assert!(fonts.advance(Face::Regular, 'm') > fonts.advance(Face::Regular, 'i'));
        assert!(fonts.advance(Face::Bold, 'a') >= fonts.advance(Face::Regular, 'a'));
    }
}
