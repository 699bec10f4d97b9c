//! The look of every Rapport PDF in one place: page geometry, type sizes,
//! colours and spacing. All lengths are PDF points (1/72 in).

/// Millimetres to points.
pub(crate) const MM: f32 = 72.0 / 25.4;

/// A4 portrait.
pub(crate) const PAGE_W: f32 = 210.0 * MM;
pub(crate) const PAGE_H: f32 = 297.0 * MM;

/// Left and right margin of the body, header and footer.
pub(crate) const MARGIN_X: f32 = 22.0 * MM;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Running header: its baseline and the rule under it (from the page top).
pub(crate) const HEADER_BASELINE: f32 = 14.0 * MM;
pub(crate) const HEADER_RULE: f32 = 16.5 * MM;
/// The body, from the page top.
pub(crate) const BODY_TOP: f32 = 26.0 * MM;
pub(crate) const BODY_BOTTOM: f32 = PAGE_H - 22.0 * MM;
pub(crate) const BODY_H: f32 = BODY_BOTTOM - BODY_TOP;
/// Footer baseline (from the page top).
pub(crate) const FOOTER_BASELINE: f32 = PAGE_H - 12.0 * MM;

/// An RGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    const fn hex(v: u32) -> Rgb {
        Rgb(((v >> 16) & 0xFF) as f32 / 255.0, ((v >> 8) & 0xFF) as f32 / 255.0, (v & 0xFF) as f32 / 255.0)
    }
}

/// Body text.
pub(crate) const INK: Rgb = Rgb::hex(0x1F2933);
/// Titles, headings, rules that matter: a deep blue.
pub(crate) const ACCENT: Rgb = Rgb::hex(0x1D3F72);
/// Notes, labels, header and footer.
pub(crate) const MUTED: Rgb = Rgb::hex(0x6B7280);
/// Hairlines between rows.
pub(crate) const RULE: Rgb = Rgb::hex(0xD5DAE1);
/// Callout background.
pub(crate) const SHADE: Rgb = Rgb::hex(0xEEF3F9);
/// Table header background.
pub(crate) const TABLE_HEAD: Rgb = Rgb::hex(0xE6ECF4);
/// The DRAFT mark: light enough to read the text through it.
pub(crate) const DRAFT: Rgb = Rgb::hex(0xF6D4D4);
/// Map: our people, their people, lines, the ring of a highlighted person.
pub(crate) const MAP_BG: Rgb = Rgb::hex(0xF8FAFC);
pub(crate) const MAP_OURS: Rgb = Rgb::hex(0xE3ECF8);
pub(crate) const MAP_OURS_EDGE: Rgb = Rgb::hex(0x9DB4D6);
pub(crate) const MAP_THEIRS: Rgb = Rgb::hex(0xF1EEE8);
pub(crate) const MAP_THEIRS_EDGE: Rgb = Rgb::hex(0xC8BFAF);
pub(crate) const MAP_LINE: Rgb = Rgb::hex(0x52627A);
pub(crate) const HIGHLIGHT: Rgb = Rgb::hex(0xC2410C);

/// Type sizes.
pub(crate) const BODY_SIZE: f32 = 10.0;
pub(crate) const NOTE_SIZE: f32 = 8.5;
pub(crate) const TITLE_SIZE: f32 = 22.0;
pub(crate) const SUBTITLE_SIZE: f32 = 12.0;
pub(crate) const HEADING_SIZE: f32 = 13.0;
pub(crate) const LABEL_SIZE: f32 = 9.0;
pub(crate) const TABLE_SIZE: f32 = 9.0;
pub(crate) const CALLOUT_TITLE_SIZE: f32 = 10.5;
pub(crate) const HEADER_SIZE: f32 = 8.0;
pub(crate) const DRAFT_SIZE: f32 = 120.0;

/// Line height for a type size, rounded to half a point.
pub(crate) fn leading(size: f32) -> f32 {
    (size * 1.45 * 2.0).round() / 2.0
}

/// Where the baseline sits in a line box of height `lh` for type of `size`:
/// capitals centred in the box.
pub(crate) fn baseline_in(size: f32, lh: f32) -> f32 {
    (lh + 0.714 * size) / 2.0
}

/// Space before each kind of block (dropped at the top of a page).
pub(crate) mod gap {
    pub(crate) const HEADING: f32 = 16.0;
    pub(crate) const PARAGRAPH: f32 = 7.0;
    pub(crate) const NOTE: f32 = 5.0;
    pub(crate) const FACTS: f32 = 8.0;
    pub(crate) const LIST: f32 = 7.0;
    pub(crate) const CALLOUT: f32 = 12.0;
    pub(crate) const TABLE: f32 = 10.0;
    pub(crate) const MAP: f32 = 12.0;
    pub(crate) const CONTENTS: f32 = 8.0;
    /// After a heading, before what it introduces.
    pub(crate) const AFTER_HEADING: f32 = 5.0;
}
