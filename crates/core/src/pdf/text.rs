//! User text on its way to the page: cleaning (no invisible or direction-changing
//! characters survive), measuring with the real glyph advances, and breaking into
//! lines at the Unicode line-break opportunities (UAX #14). A word longer than
//! the line is broken between characters, so nothing ever runs off the page.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{Face, Fonts};

/// Cleans user text for drawing. Removes control characters, bidi controls and
/// overrides (so text cannot reorder itself), zero-width and other format
/// characters, and variation selectors. Tabs and other blank controls become a
/// space; line breaks are kept as `\n` when `multiline`, else become a space.
/// A minus sign (U+2212), which no bundled face has, becomes an en dash.
pub(crate) fn clean(text: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                '\n'
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => '\n',
            '\t' | '\u{0B}' | '\u{0C}' => ' ',
            // The bundled faces have no minus sign; the en dash is drawn like one.
            '\u{2212}' => '\u{2013}',
            c => c,
        };
        if c == '\n' {
            out.push(if multiline { '\n' } else { ' ' });
        } else if !is_invisible(c) {
            out.push(c);
        }
    }
    out
}

/// Cleans a one-line field (titles, labels, cells of a header) and trims it.
pub(crate) fn clean_line(text: &str) -> String {
    clean(text, false).trim().to_string()
}

/// Characters that draw nothing or change how other characters are shown:
/// controls (Cc), format characters (Cf: bidi embeddings, overrides, isolates
/// and marks, zero-width space/joiners, word joiner, BOM, soft hyphen, tags …)
/// and variation selectors.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c as u32,
            0x00AD
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x0890..=0x0891
                | 0x08E2
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFF9..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE0FFF
        )
}

/// Text of one face drawn from `x` (relative to the line start).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub face: Face,
    pub x: f32,
    pub text: String,
}

/// One laid-out line: its runs, left to right, and its width in points.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

impl Line {
    /// The line's text, as a reader would copy it.
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A character as it will be drawn: the face that has it, the character drawn
/// (a replacement mark when no face has it) and its advance in points.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    ch: char,
    face: Face,
    width: f32,
}

impl Glyph {
    fn is_space(&self) -> bool {
        self.ch.is_whitespace()
    }
}

/// Text to lay out: (already cleaned text, bold) spans and the font size.
pub(crate) struct Styled<'a> {
    pub spans: &'a [(String, bool)],
    pub size: f32,
}

/// Resolves every character of the spans to a glyph, and returns them with the
/// joined text and the byte offset where each glyph starts in it.
fn shape(fonts: &Fonts, text: &Styled) -> (String, Vec<Glyph>, Vec<usize>) {
    let mut joined = String::new();
    let mut glyphs = Vec::new();
    let mut starts = Vec::new();
    for (span, bold) in text.spans {
        for c in span.chars() {
            starts.push(joined.len());
            joined.push(c);
            let glyph = if c == '\n' {
                Glyph { ch: '\n', face: Face::Regular, width: 0.0 }
            } else {
                let (face, ch) = fonts.resolve(c, *bold);
                Glyph { ch, face, width: fonts.advance(face, ch) * text.size }
            };
            glyphs.push(glyph);
        }
    }
    (joined, glyphs, starts)
}

/// A stretch between two break opportunities, as glyph indices.
struct Segment {
    start: usize,
    end: usize,
    /// Width without the trailing spaces (what must fit on the line).
    ink: f32,
    /// Width with them (what the next segment starts after).
    full: f32,
    mandatory: bool,
}

fn segments(joined: &str, glyphs: &[Glyph], starts: &[usize]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut g = 0;
    for (byte, kind) in linebreaks(joined) {
        while g < starts.len() && starts[g] < byte {
            g += 1;
        }
        if g == start && kind == BreakOpportunity::Allowed {
            continue;
        }
        let seg = &glyphs[start..g];
        let full: f32 = seg.iter().map(|x| x.width).sum();
        let trailing: f32 = seg.iter().rev().take_while(|x| x.is_space()).map(|x| x.width).sum();
        out.push(Segment { start, end: g, ink: full - trailing, full, mandatory: kind == BreakOpportunity::Mandatory });
        start = g;
    }
    out
}

/// Greedy line filling. Returns glyph ranges, one per line.
fn break_lines(glyphs: &[Glyph], segments: &[Segment], max_width: f32) -> Vec<(usize, usize)> {
    let limit = max_width.max(1.0) + 0.01;
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut width = 0.0;
    let mut empty = true;
    for seg in segments {
        if !empty && width + seg.ink > limit {
            lines.push((line_start, seg.start));
            line_start = seg.start;
            width = 0.0;
            empty = true;
        }
        if empty && seg.ink > limit {
            // Longer than a whole line: break between characters, never before a
            // zero-width one (a combining mark stays on its base character).
            let mut w = 0.0;
            for (i, g) in glyphs.iter().enumerate().take(seg.end).skip(seg.start) {
                if i > line_start && g.width > 0.0 && !g.is_space() && w + g.width > limit {
                    lines.push((line_start, i));
                    line_start = i;
                    w = 0.0;
                }
                w += g.width;
            }
            width = w;
        } else {
            width += seg.full;
        }
        empty = false;
        if seg.mandatory {
            lines.push((line_start, seg.end));
            line_start = seg.end;
            width = 0.0;
            empty = true;
        }
    }
    if line_start < glyphs.len() {
        lines.push((line_start, glyphs.len()));
    }
    lines
}

/// Builds a drawable line from glyphs: trailing spaces and line breaks dropped,
/// consecutive glyphs of one face merged into a run.
fn build_line(glyphs: &[Glyph]) -> Line {
    let end = glyphs.len() - glyphs.iter().rev().take_while(|g| g.is_space() || g.ch == '\n').count();
    let mut line = Line::default();
    for g in &glyphs[..end] {
        match line.runs.last_mut() {
            Some(run) if run.face == g.face => run.text.push(g.ch),
            _ => line.runs.push(Run { face: g.face, x: line.width, text: g.ch.to_string() }),
        }
        line.width += g.width;
    }
    line
}

/// Breaks styled text into lines no wider than `max_width` points. Blank lines
/// at the end are dropped; empty text gives no lines.
pub(crate) fn wrap(fonts: &Fonts, text: &Styled, max_width: f32) -> Vec<Line> {
    let (joined, glyphs, starts) = shape(fonts, text);
    if glyphs.is_empty() {
        return Vec::new();
    }
    let segs = segments(&joined, &glyphs, &starts);
    let mut lines: Vec<Line> =
        break_lines(&glyphs, &segs, max_width).into_iter().map(|(a, b)| build_line(&glyphs[a..b])).collect();
    while lines.last().is_some_and(|l| l.runs.is_empty()) {
        lines.pop();
    }
    lines
}

/// [`wrap`] for a single (uncleaned) string of one weight.
pub(crate) fn wrap_plain(
    fonts: &Fonts,
    text: &str,
    bold: bool,
    size: f32,
    max_width: f32,
    multiline: bool,
) -> Vec<Line> {
    let spans = [(clean(text, multiline).trim().to_string(), bold)];
    wrap(fonts, &Styled { spans: &spans, size }, max_width)
}

/// One line of (uncleaned) text cut to `max_width`, ending in "…" when cut.
pub(crate) fn truncate(fonts: &Fonts, text: &str, bold: bool, size: f32, max_width: f32) -> Line {
    let spans = [(clean_line(text), bold)];
    let (_, glyphs, _) = shape(fonts, &Styled { spans: &spans, size });
    let total: f32 = glyphs.iter().map(|g| g.width).sum();
    if total <= max_width + 0.01 {
        return build_line(&glyphs);
    }
    let (face, ch) = fonts.resolve('…', bold);
    let ellipsis = Glyph { ch, face, width: fonts.advance(face, ch) * size };
    let mut kept = Vec::new();
    let mut width = ellipsis.width;
    for g in glyphs {
        if width + g.width > max_width {
            break;
        }
        width += g.width;
        kept.push(g);
    }
    while kept.last().is_some_and(Glyph::is_space) {
        kept.pop();
    }
    kept.push(ellipsis);
    build_line(&kept)
}

/// Keeps at most `max` lines; when some are dropped, the last kept line ends
/// in "…" (cut to `max_width`).
pub(crate) fn clamp_lines(
    fonts: &Fonts,
    mut lines: Vec<Line>,
    max: usize,
    bold: bool,
    size: f32,
    max_width: f32,
) -> Vec<Line> {
    if lines.len() <= max || max == 0 {
        lines.truncate(max);
        return lines;
    }
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        let text: String = last.runs.iter().map(|r| r.text.as_str()).collect();
        *last = truncate(fonts, &format!("{text}\u{2026}"), bold, size, max_width);
        if !last.runs.last().is_some_and(|r| r.text.ends_with('\u{2026}')) {
            let mut text: String = last.runs.iter().map(|r| r.text.as_str()).collect();
            text.pop();
            *last = truncate(fonts, &format!("{text}\u{2026}"), bold, size, max_width);
        }
    }
    lines
}

/// One line of text as is (no wrapping).
pub(crate) fn single(fonts: &Fonts, text: &str, bold: bool, size: f32) -> Line {
    truncate(fonts, text, bold, size, f32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().expect("fonts")
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn clean_strips_invisible_and_direction_characters() {
        let hostile = "a\u{202E}b\u{2066}c\u{200B}d\u{FEFF}e\u{200D}f\u{061C}g\u{200F}h\u{7}i\tj\u{FE0F}";
        assert_eq!(clean(hostile, true), "abcdefghi j");
        assert_eq!(clean("one\r\ntwo\rthree\u{2028}four", true), "one\ntwo\nthree\nfour");
        assert_eq!(clean("one\ntwo", false), "one two");
        assert_eq!(clean("Z\u{337}\u{322}a\u{336}", false), "Z\u{337}\u{322}a\u{336}", "combining marks stay");
        assert_eq!(clean("trend \u{2212}5 points", false), "trend \u{2013}5 points", "no face has U+2212");
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let f = fonts();
        let lines = wrap_plain(&f, "the quick brown fox jumps over the lazy dog", false, 10.0, 80.0, false);
        assert!(lines.len() > 2, "{:?}", texts(&lines));
        for line in &lines {
            assert!(line.width <= 80.01, "{} is {}", line.text(), line.width);
            assert!(!line.text().starts_with(' ') && !line.text().ends_with(' '));
        }
        assert_eq!(texts(&lines).join(" "), "the quick brown fox jumps over the lazy dog");
    }

    #[test]
    fn a_word_longer_than_the_line_is_hard_broken() {
        let f = fonts();
        let word = "x".repeat(10_000);
        let lines = wrap_plain(&f, &word, false, 10.0, 100.0, false);
        assert!(lines.len() > 100);
        assert!(lines.iter().all(|l| l.width <= 100.01 && !l.runs.is_empty()));
        assert_eq!(texts(&lines).concat(), word);
    }

    #[test]
    fn keeps_line_breaks_and_mixes_weights() {
        let f = fonts();
        let spans = [("Bold start ".to_string(), true), ("then plain\nsecond line".to_string(), false)];
        let lines = wrap(&f, &Styled { spans: &spans, size: 10.0 }, 400.0);
        assert_eq!(texts(&lines), ["Bold start then plain", "second line"]);
        let first = &lines[0];
        assert_eq!(first.runs.len(), 2);
        assert_eq!(first.runs[0].face, Face::Bold);
        assert_eq!(first.runs[1].face, Face::Regular);
        assert!(first.runs[1].x > 0.0);
    }

    #[test]
    fn blank_text_gives_no_lines() {
        let f = fonts();
        assert!(wrap_plain(&f, "", false, 10.0, 100.0, true).is_empty());
        assert!(wrap_plain(&f, " \n\u{200B} ", false, 10.0, 100.0, true).is_empty());
    }

    #[test]
    fn missing_glyphs_become_a_visible_mark_and_cjk_uses_the_fallback() {
        let f = fonts();
        let lines = wrap_plain(&f, "ok \u{1F600} 日本語", false, 10.0, 400.0, false);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text(), "ok \u{FFFD} 日本語");
        assert!(lines[0].runs.iter().any(|r| r.face == Face::Fallback && r.text == "日本語"));
    }

    #[test]
    fn combining_marks_do_not_start_a_hard_broken_line() {
        let f = fonts();
        let zalgo = "Z\u{337}\u{322}a\u{336}l\u{334}g\u{335}o\u{338}".repeat(50);
        let lines = wrap_plain(&f, &zalgo, false, 10.0, 60.0, false);
        assert!(lines.len() > 1);
        for line in &lines {
            let first = line.text().chars().next().unwrap();
            assert!(first.is_ascii_alphabetic(), "line starts with {first:?}");
        }
    }

    #[test]
    fn clamp_lines_marks_the_cut_with_an_ellipsis() {
        let f = fonts();
        let lines = wrap_plain(&f, &"word ".repeat(100), true, 9.0, 80.0, false);
        assert!(lines.len() > 3);
        let clamped = clamp_lines(&f, lines, 3, true, 9.0, 80.0);
        assert_eq!(clamped.len(), 3);
        assert!(clamped[2].text().ends_with('…'), "{}", clamped[2].text());
        assert!(clamped[2].width <= 80.0);
    }

    #[test]
    fn truncate_ends_with_an_ellipsis_within_the_width() {
        let f = fonts();
        let line = truncate(&f, "A rather long chapter title that will not fit", false, 10.0, 90.0);
        assert!(line.width <= 90.0);
        assert!(line.text().ends_with('…'));
        let short = truncate(&f, "Short", false, 10.0, 90.0);
        assert_eq!(short.text(), "Short");
    }
}
