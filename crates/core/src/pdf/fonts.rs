//! The bundled fonts: Noto Sans Regular and Bold for Latin, Greek and Cyrillic,
//! Droid Sans Fallback for Chinese and Japanese, and NanumSquare for Korean. They are compiled into the
//! binary (licences in `crates/core/assets/fonts/LICENSES.md`) so a PDF looks the
//! same on every machine, parsed once per process, and written into each PDF as
//! subsets of the glyphs it uses.
//!
//! Every character is drawn from the first face that has it: the span's own weight,
//! then the fallback. A character no face has is drawn as U+FFFD (�) from Noto,
//! so nothing the user typed silently disappears.

use std::sync::LazyLock;

use printpdf::ParsedFont;

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
const FALLBACK_TTF: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");
const HANGUL_TTF: &[u8] = include_bytes!("../../assets/fonts/NanumSquareR.ttf");

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
}

impl Face {
    pub(crate) const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Fallback, Face::Hangul];

    /// The PDF resource name. Its first six letters also make the subset tag
    /// (`RAPREG+NotoSans-Regular`), so they are fixed capitals: no random ids.
    pub(crate) fn resource_id(self) -> &'static str {
        match self {
            Face::Regular => "RAPREG",
            Face::Bold => "RAPBLD",
            Face::Fallback => "RAPCJK",
            Face::Hangul => "RAPKOR",
        }
    }
}

/// One parsed face with the metrics layout needs.
pub(crate) struct Font {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    /// Advance widths of U+0020..U+007E in em, the hot path of measuring.
    ascii: [f32; 95],
}

impl Font {
    fn parse(bytes: &[u8]) -> Option<Font> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let mut font = Font { parsed, units_per_em, ascii: [0.0; 95] };
        for (i, c) in (' '..='~').enumerate() {
            font.ascii[i] = font.glyph(c).map_or(0.5, |gid| font.advance_of_glyph(gid));
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
        (' '..='~').contains(&c) || self.glyph(c).is_some()
    }

    fn advance_of_glyph(&self, gid: u16) -> f32 {
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
/// Parsed on first use, like the CJK fallback.
static HANGUL: LazyLock<Option<Font>> = LazyLock::new(|| Font::parse(HANGUL_TTF));

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
        }
    }

    fn primary(&self, bold: bool) -> (&'static Font, Face) {
        if bold { (self.bold, Face::Bold) } else { (self.regular, Face::Regular) }
    }

    /// The face to draw `c` with and the character actually drawn: `c` itself,
    /// or [`REPLACEMENT`] when no face has it.
    pub(crate) fn resolve(&self, c: char, bold: bool) -> (Face, char) {
        let (font, face) = self.primary(bold);
        if font.has(c) {
            return (face, c);
        }
        if let Some(fallback) = FALLBACK.as_ref()
            && fallback.has(c)
        {
            return (Face::Fallback, c);
        }
        if let Some(hangul) = HANGUL.as_ref()
            && hangul.has(c)
        {
            return (Face::Hangul, c);
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
        for c in ['\u{1F600}', '\u{E000}'] {
            assert_eq!(fonts.resolve(c, false), (Face::Regular, REPLACEMENT), "{c:?}");
        }
        assert!(fonts.advance(Face::Regular, 'm') > fonts.advance(Face::Regular, 'i'));
        assert!(fonts.advance(Face::Bold, 'a') >= fonts.advance(Face::Regular, 'a'));
    }
}
