//! User text on its way to the page: cleaning (no invisible or direction-changing
//! characters survive), shaping and measuring with the real glyph advances,
//! breaking into lines at the Unicode line-break opportunities (UAX #14), and
//! ordering each line for display by the Unicode bidi algorithm (UAX #9). A
//! word longer than the line is broken between clusters, so nothing ever runs
//! off the page.
//!
//! Text in Arabic, Hebrew and emoji faces, and any text that runs right to
//! left, goes through the shaper (rustybuzz): Arabic letters take their
//! joining forms, marks are placed, emoji sequences become one glyph, brackets
//! are mirrored. Each paragraph takes its direction from its first strong
//! character (left to right when it has none); lines stay left-aligned like the
//! rest of the document. Other text is drawn one glyph per character.

use std::ops::Range;

use unicode_bidi::{BidiInfo, Level};
use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{Face, Font, Fonts, is_modifier, is_rtl_script};

/// Cleans user text for drawing: removes what [`crate::invisible::strip_invisible`]
/// removes (bidi controls and overrides, zero-width and other invisible
/// characters, stray joiners and variation selectors) and control characters.
/// Tabs and other blank controls become a space; line breaks are kept as `\n`
/// when `multiline`, else become a space. A minus sign (U+2212), which no
/// bundled face has, becomes an en dash.
pub(crate) fn clean(text: &str, multiline: bool) -> String {
    let stripped = crate::invisible::strip_invisible(text);
    let mut out = String::with_capacity(stripped.len());
    let mut chars = stripped.chars().peekable();
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
        } else if !c.is_control() {
            out.push(c);
        }
    }
    out
}

/// Cleans a one-line field (titles, labels, cells of a header) and trims it.
pub(crate) fn clean_line(text: &str) -> String {
    clean(text, false).trim().to_string()
}

/// A glyph placed by the shaper, in points: its advance, its offset from the
/// pen (marks), and the text it stands for (so copying gives it back).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub gid: u16,
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
    pub text: String,
}

/// Text of one face drawn from `x` (relative to the line start). `glyphs`,
/// when not empty, are the shaped glyphs in display order (left to right);
/// otherwise `text` is drawn one glyph per character. `text` is always the
/// run's characters in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub face: Face,
    pub x: f32,
    pub text: String,
    pub glyphs: Vec<Placed>,
}

/// One laid-out line: its runs, left to right, its width in points, and its
/// text in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
    pub source: String,
}

impl Line {
    /// The runs' text, left to right (each run in reading order).
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// What a cluster draws.
#[derive(Debug, Clone)]
enum Ink {
    /// Nothing (a joiner or selector outside shaped text).
    None,
    /// One character, one glyph (a replacement mark when no face has it).
    Char(char),
    /// Shaped glyphs, in display order, as a range of [`Shaped::glyphs`].
    Glyphs(Range<usize>),
}

/// The smallest piece a line can be broken before: one character, or what the
/// shaper made one (a ligature, a letter with its marks, an emoji sequence).
#[derive(Debug, Clone)]
struct Cluster {
    /// Bytes of the joined text it covers.
    start: usize,
    end: usize,
    face: Face,
    level: Level,
    width: f32,
    ink: Ink,
    space: bool,
    newline: bool,
}

/// A paragraph's clusters in reading order, with the text they cover.
struct Shaped {
    joined: String,
    clusters: Vec<Cluster>,
    glyphs: Vec<Placed>,
}

impl Shaped {
    fn starts(&self) -> Vec<usize> {
        self.clusters.iter().map(|c| c.start).collect()
    }
}

/// Text to lay out: (already cleaned text, bold) spans and the font size.
pub(crate) struct Styled<'a> {
    pub spans: &'a [(String, bool)],
    pub size: f32,
}

/// One character of the joined text with its face, level and weight.
struct Char {
    byte: usize,
    ch: char,
    drawn: char,
    face: Face,
    level: Level,
}

/// Resolves every character of the spans to a face and a bidi level, then
/// shapes each run of one face and direction into clusters.
fn shape(fonts: &Fonts, text: &Styled) -> Shaped {
    let mut joined = String::new();
    let mut bolds = Vec::new();
    for (span, bold) in text.spans {
        for c in span.chars() {
            joined.push(c);
            bolds.push(*bold);
        }
    }
    let levels = if joined.chars().any(is_rtl_script) { Some(BidiInfo::new(&joined, None).levels) } else { None };
    let mut chars: Vec<Char> = Vec::with_capacity(bolds.len());
    let mut iter = joined.char_indices().zip(bolds).peekable();
    while let Some(((byte, ch), bold)) = iter.next() {
        let level = levels.as_ref().map_or(Level::ltr(), |l| l[byte]);
        let next = iter.peek().map(|((_, n), _)| *n);
        let (face, drawn) = if ch == '\n' {
            (Face::Regular, ch)
        } else {
            let prev = chars.last().filter(|p| p.ch != '\n').map(|p| p.face);
            fonts.resolve_in(ch, bold, prev, next)
        };
        chars.push(Char { byte, ch, drawn, face, level });
    }

    let mut shaped = Shaped { joined, clusters: Vec::with_capacity(chars.len()), glyphs: Vec::new() };
    let mut i = 0;
    while i < chars.len() {
        let first = &chars[i];
        let shapes = first.ch != '\n' && (first.face.complex() || first.level.is_rtl());
        if !shapes {
            push_simple(fonts, text.size, first, next_byte(&chars, i, shaped.joined.len()), &mut shaped.clusters);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && chars[j].ch != '\n' && chars[j].face == first.face && chars[j].level == first.level {
            j += 1;
        }
        let range = first.byte..next_byte(&chars, j - 1, shaped.joined.len());
        match fonts.get(first.face).filter(|f| f.shaper().is_some()) {
            Some(font) => shape_run(font, first.face, first.level, range, text.size, &mut shaped),
            None => {
                for k in i..j {
                    push_simple(
                        fonts,
                        text.size,
                        &chars[k],
                        next_byte(&chars, k, shaped.joined.len()),
                        &mut shaped.clusters,
                    );
                }
            }
        }
        i = j;
    }
    shaped
}

fn next_byte(chars: &[Char], i: usize, len: usize) -> usize {
    chars.get(i + 1).map_or(len, |c| c.byte)
}

/// One character as one glyph, with the advance of the face it resolved to.
fn push_simple(fonts: &Fonts, size: f32, c: &Char, end: usize, out: &mut Vec<Cluster>) {
    let (ink, width) = if c.ch == '\n' || is_modifier(c.ch) {
        (Ink::None, 0.0)
    } else {
        (Ink::Char(c.drawn), fonts.advance(c.face, c.drawn) * size)
    };
    out.push(Cluster {
        start: c.byte,
        end,
        face: c.face,
        level: c.level,
        width,
        ink,
        space: c.ch.is_whitespace() && c.ch != '\n',
        newline: c.ch == '\n',
    });
}

/// Shapes `range` of the joined text (one face, one level) and appends its
/// clusters in reading order.
fn shape_run(font: &Font, face: Face, level: Level, range: Range<usize>, size: f32, out: &mut Shaped) {
    let Some(shaper) = font.shaper() else { return };
    let text = &out.joined[range.clone()];
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if level.is_rtl() {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    buffer.set_flags(rustybuzz::BufferFlags::REMOVE_DEFAULT_IGNORABLES);
    let shaped = rustybuzz::shape(shaper, &[], buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let scale = size / font.units_per_em();

    // Consecutive glyphs of one cluster, in display order; then in reading order.
    let mut groups: Vec<(usize, Range<usize>)> = Vec::new();
    for (g, info) in infos.iter().enumerate() {
        let cluster = info.cluster as usize;
        match groups.last_mut() {
            Some((c, glyphs)) if *c == cluster => glyphs.end = g + 1,
            _ => groups.push((cluster, g..g + 1)),
        }
    }
    groups.sort_by_key(|(c, _)| *c);
    if groups.is_empty() {
        // Nothing visible (only ignorables): keep the text's place.
        out.clusters.push(Cluster {
            start: range.start,
            end: range.end,
            face,
            level,
            width: 0.0,
            ink: Ink::None,
            space: false,
            newline: false,
        });
        return;
    }
    for (k, (cluster, glyphs)) in groups.iter().enumerate() {
        let start = if k == 0 { 0 } else { *cluster };
        let end = groups.get(k + 1).map_or(text.len(), |(c, _)| *c);
        let cluster_text = &text[start..end];
        let first = out.glyphs.len();
        let mut width = 0.0;
        let mut claimed = vec![false; cluster_text.chars().count()];
        let mut placed: Vec<Placed> = Vec::with_capacity(glyphs.len());
        for g in glyphs.clone() {
            let gid = u16::try_from(infos[g].glyph_id).unwrap_or(0);
            let pos = positions[g];
            // A glyph that is some character's own glyph always stands for that
            // character (the PDF maps each glyph to one text, document-wide: a
            // mirrored bracket copies as the bracket it shows).
            let own = font.char_of(gid);
            if let Some(own) = own
                && let Some(n) = cluster_text.chars().enumerate().position(|(n, c)| !claimed[n] && c == own)
            {
                claimed[n] = true;
            }
            let advance = pos.x_advance as f32 * scale;
            width += advance;
            placed.push(Placed {
                gid,
                advance,
                dx: pos.x_offset as f32 * scale,
                dy: pos.y_offset as f32 * scale,
                text: own.map(String::from).unwrap_or_default(),
            });
        }
        // The characters no glyph stands for alone (a joining form, a
        // ligature, an emoji sequence) go to the first such glyph in reading order.
        let rest: String = cluster_text.chars().zip(&claimed).filter(|(_, c)| !**c).map(|(ch, _)| ch).collect();
        let mut reading: Vec<usize> = (0..placed.len()).collect();
        if level.is_rtl() {
            reading.reverse();
        }
        if let Some(&n) = reading.iter().find(|&&n| font.char_of(placed[n].gid).is_none()) {
            placed[n].text = rest;
        }
        out.glyphs.extend(placed);
        out.clusters.push(Cluster {
            start: range.start + start,
            end: range.start + end,
            face,
            level,
            width,
            ink: Ink::Glyphs(first..out.glyphs.len()),
            space: cluster_text.chars().all(char::is_whitespace),
            newline: false,
        });
    }
}

/// A stretch between two break opportunities, as cluster indices.
struct Segment {
    start: usize,
    end: usize,
    /// Width without the trailing spaces (what must fit on the line).
    ink: f32,
    /// Width with them (what the next segment starts after).
    full: f32,
    mandatory: bool,
}

fn segments(shaped: &Shaped) -> Vec<Segment> {
    let clusters = &shaped.clusters;
    let starts = shaped.starts();
    let mut out = Vec::new();
    let mut start = 0;
    let mut g = 0;
    for (byte, kind) in linebreaks(&shaped.joined) {
        while g < starts.len() && starts[g] < byte {
            g += 1;
        }
        if g == start && kind == BreakOpportunity::Allowed {
            continue;
        }
        let seg = &clusters[start..g];
        let full: f32 = seg.iter().map(|x| x.width).sum();
        let trailing: f32 = seg.iter().rev().take_while(|x| x.space).map(|x| x.width).sum();
        out.push(Segment { start, end: g, ink: full - trailing, full, mandatory: kind == BreakOpportunity::Mandatory });
        start = g;
    }
    out
}

/// Greedy line filling. Returns cluster ranges, one per line.
fn break_lines(clusters: &[Cluster], segments: &[Segment], max_width: f32) -> Vec<(usize, usize)> {
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
            // Longer than a whole line: break between clusters, never before a
            // zero-width one (a combining mark stays on its base character).
            let mut w = 0.0;
            for (i, g) in clusters.iter().enumerate().take(seg.end).skip(seg.start) {
                if i > line_start && g.width > 0.0 && !g.space && w + g.width > limit {
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
    if line_start < clusters.len() {
        lines.push((line_start, clusters.len()));
    }
    lines
}

/// Builds a drawable line from clusters `range` (reading order): trailing
/// spaces and line breaks dropped, the rest put in display order by the bidi
/// algorithm (rule L2), neighbouring clusters of one face and kind merged into
/// a run. `extra` is drawn after the clusters in reading order (an ellipsis).
fn build_line(shaped: &Shaped, range: Range<usize>, extra: &[Cluster], extra_glyphs: &[Placed]) -> Line {
    let clusters = &shaped.clusters[range];
    let keep = clusters.len() - clusters.iter().rev().take_while(|c| c.space || c.newline).count();
    let mut line: Vec<(&Cluster, &[Placed], &str)> =
        clusters[..keep].iter().map(|c| (c, &shaped.glyphs[..], &shaped.joined[c.start..c.end])).collect();
    line.extend(extra.iter().map(|c| (c, extra_glyphs, "\u{2026}")));
    let source: String = line.iter().map(|(_, _, t)| *t).collect();
    let order: Vec<usize> = if line.iter().any(|(c, _, _)| c.level.is_rtl()) {
        let levels: Vec<Level> = line.iter().map(|(c, _, _)| c.level).collect();
        BidiInfo::reorder_visual(&levels)
    } else {
        (0..line.len()).collect()
    };
    let mut out = Line { source, ..Line::default() };
    let mut last_rtl = false;
    for i in order {
        let (c, arena, text) = line[i];
        let rtl = c.level.is_rtl();
        let shaped_ink = matches!(c.ink, Ink::Glyphs(_));
        let text = match c.ink {
            Ink::None => continue,
            Ink::Char(ch) => ch.to_string(),
            Ink::Glyphs(_) => text.to_string(),
        };
        let fits = out.runs.last().is_some_and(|r: &Run| r.face == c.face && r.glyphs.is_empty() != shaped_ink);
        if !fits || last_rtl != rtl {
            last_rtl = rtl;
            out.runs.push(Run { face: c.face, x: out.width, text: String::new(), glyphs: Vec::new() });
        }
        let run = out.runs.last_mut().expect("a run");
        if rtl {
            run.text.insert_str(0, &text);
        } else {
            run.text.push_str(&text);
        }
        if let Ink::Glyphs(g) = &c.ink {
            run.glyphs.extend_from_slice(&arena[g.clone()]);
        }
        out.width += c.width;
    }
    out
}

/// Breaks styled text into lines no wider than `max_width` points. Blank lines
/// at the end are dropped; empty text gives no lines.
pub(crate) fn wrap(fonts: &Fonts, text: &Styled, max_width: f32) -> Vec<Line> {
    let shaped = shape(fonts, text);
    if shaped.clusters.is_empty() {
        return Vec::new();
    }
    let segs = segments(&shaped);
    let mut lines: Vec<Line> = break_lines(&shaped.clusters, &segs, max_width)
        .into_iter()
        .map(|(a, b)| build_line(&shaped, a..b, &[], &[]))
        .collect();
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
    let shaped = shape(fonts, &Styled { spans: &spans, size });
    let total: f32 = shaped.clusters.iter().map(|g| g.width).sum();
    if total <= max_width + 0.01 {
        return build_line(&shaped, 0..shaped.clusters.len(), &[], &[]);
    }
    // The ellipsis, shaped on its own at the paragraph's direction.
    let level = shaped.clusters.iter().find(|c| !c.space).map_or(Level::ltr(), |c| paragraph_level(&shaped, c));
    let (face, ch) = fonts.resolve('…', bold);
    let ellipsis = Cluster {
        start: 0,
        end: '…'.len_utf8(),
        face,
        level,
        width: fonts.advance(face, ch) * size,
        ink: Ink::Char(ch),
        space: false,
        newline: false,
    };
    let mut width = ellipsis.width;
    let mut kept = 0;
    for c in &shaped.clusters {
        if width + c.width > max_width {
            break;
        }
        width += c.width;
        kept += 1;
    }
    while kept > 0 && shaped.clusters[kept - 1].space {
        kept -= 1;
    }
    build_line(&shaped, 0..kept, &[ellipsis], &[])
}

/// The level of the paragraph `c` belongs to: even (left to right) unless the
/// text's first strong character is right to left.
fn paragraph_level(shaped: &Shaped, c: &Cluster) -> Level {
    if !shaped.joined.chars().any(is_rtl_script) {
        return Level::ltr();
    }
    let info = BidiInfo::new(&shaped.joined, None);
    info.paragraphs.iter().find(|p| p.range.contains(&c.start)).map_or(Level::ltr(), |p| p.level)
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
        let text = last.source.clone();
        *last = truncate(fonts, &format!("{text}\u{2026}"), bold, size, max_width);
        if !last.source.ends_with('\u{2026}') {
            let mut text = last.source.clone();
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
        // Joiners and selectors between visible characters stay for the
        // shaper (see `crate::invisible::strip_invisible`) but draw nothing.
        assert_eq!(clean(hostile, true), "abcde\u{200D}fghi j\u{FE0F}");
        let line = &wrap_plain(&fonts(), hostile, false, 10.0, 400.0, false)[0];
        assert_eq!(line.text(), "abcdefghi j");
        assert_eq!(clean("\u{200D}\u{FE0F}x \u{200D}", false), "x ");
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
        let lines = wrap_plain(&f, "ok \u{E000} 日本語", false, 10.0, 400.0, false);
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

    /// The glyphs of a line, left to right, with the text each stands for.
    fn drawn(line: &Line) -> Vec<(Face, String)> {
        let mut out = Vec::new();
        for run in &line.runs {
            if run.glyphs.is_empty() {
                out.extend(run.text.chars().map(|c| (run.face, c.to_string())));
            } else {
                out.extend(run.glyphs.iter().map(|g| (run.face, g.text.clone())));
            }
        }
        out
    }

    fn width_of(line: &Line) -> f32 {
        let f = fonts();
        line.runs
            .iter()
            .map(|r| {
                if r.glyphs.is_empty() {
                    r.text.chars().map(|c| f.advance(r.face, c) * 10.0).sum::<f32>()
                } else {
                    r.glyphs.iter().map(|g| g.advance).sum()
                }
            })
            .sum()
    }

    #[test]
    fn arabic_is_shaped_into_joining_forms_right_to_left() {
        let f = fonts();
        let arabic = f.get(Face::Arabic).expect("Noto Sans Arabic");
        // "salam": seen, lam, alef, meem.
        let line = &wrap_plain(&f, "\u{633}\u{644}\u{627}\u{645}", false, 10.0, 400.0, false)[0];
        assert_eq!(line.runs.len(), 1);
        let run = &line.runs[0];
        assert_eq!(run.face, Face::Arabic);
        assert_eq!(run.text, "\u{633}\u{644}\u{627}\u{645}", "reading order kept for copying");
        // Display order is right to left: meem is drawn first (leftmost), seen last.
        let texts: Vec<&str> = run.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts.first(), Some(&"\u{645}"), "{texts:?}");
        assert!(texts.last().unwrap().starts_with('\u{633}'), "{texts:?}");
        // Joined: the seen is its initial form, not the isolated glyph of the cmap.
        let seen = run.glyphs.last().unwrap().gid;
        assert_ne!(Some(seen), arabic.glyph('\u{633}'), "seen takes its initial form");
        assert!((line.width - width_of(line)).abs() < 0.01);
    }

    #[test]
    fn hebrew_inside_latin_is_reversed_and_latin_inside_hebrew_is_not() {
        let f = fonts();
        // "Meeting with שלום כהן today": the Hebrew words read right to left.
        let line = &wrap_plain(
            &f,
            "Meeting with \u{5E9}\u{5DC}\u{5D5}\u{5DD} \u{5DB}\u{5D4}\u{5DF} today",
            false,
            10.0,
            400.0,
            false,
        )[0];
        let glyphs: String = drawn(line).iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(glyphs, "Meeting with \u{5DF}\u{5D4}\u{5DB} \u{5DD}\u{5D5}\u{5DC}\u{5E9} today");
        assert!(line.runs.iter().any(|r| r.face == Face::Hebrew));
        assert_eq!(line.source, "Meeting with \u{5E9}\u{5DC}\u{5D5}\u{5DD} \u{5DB}\u{5D4}\u{5DF} today");

        // A Hebrew paragraph: Latin and numbers inside it keep their order, and
        // the Latin word, last in reading order, is drawn leftmost.
        let line = &wrap_plain(&f, "\u{5E9}\u{5DC}\u{5D5}\u{5DD} 2026 Nordlys", false, 10.0, 400.0, false)[0];
        let glyphs: String = drawn(line).iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(glyphs, "Nordlys 2026 \u{5DD}\u{5D5}\u{5DC}\u{5E9}");
        assert!((line.width - width_of(line)).abs() < 0.01);
    }

    #[test]
    fn brackets_are_mirrored_in_right_to_left_text() {
        let f = fonts();
        // "(שלום)" in a Hebrew paragraph: drawn as "(םולש)" left to right, the
        // opening bracket of the text on the right, mirrored to face the word.
        let line =
            &wrap_plain(&f, "\u{5E9}\u{5DC}\u{5D5}\u{5DD} (\u{5DB}\u{5D4}\u{5DF})", false, 10.0, 400.0, false)[0];
        let glyphs: String = drawn(line).iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(glyphs, "(\u{5DF}\u{5D4}\u{5DB}) \u{5DD}\u{5D5}\u{5DC}\u{5E9}");
    }

    #[test]
    fn emoji_are_drawn_and_sequences_are_one_glyph() {
        let f = fonts();
        let text = "ok \u{1F600} \u{1F469}\u{200D}\u{1F4BB} \u{1F44D}\u{1F3FD} \u{2764}\u{FE0F}";
        let line = &wrap_plain(&f, text, false, 10.0, 400.0, false)[0];
        assert!(!line.text().contains('\u{FFFD}'), "{}", line.text());
        let mut emoji: Vec<String> =
            drawn(line).into_iter().filter(|(face, _)| *face == Face::Emoji).map(|(_, t)| t).collect();
        // The heart is the font's own glyph for U+2764, with or without its
        // selector; a monochrome font shows no skin tone: the hand is drawn plain.
        emoji[3] = emoji[3].trim_end_matches('\u{FE0F}').to_string();
        assert_eq!(
            emoji,
            ["\u{1F600}", "\u{1F469}\u{200D}\u{1F4BB}", "\u{1F44D}", "\u{2764}"],
            "one glyph per emoji, the whole sequence copied back"
        );
        assert!(line.runs.iter().all(|r| r.face != Face::Emoji || !r.glyphs.iter().any(|g| g.gid == 0)));
    }

    #[test]
    fn a_right_to_left_line_cut_ends_with_the_ellipsis_on_its_left() {
        let f = fonts();
        let hebrew = "\u{5E9}\u{5DC}\u{5D5}\u{5DD} ".repeat(20);
        let line = truncate(&f, &hebrew, false, 10.0, 80.0);
        assert!(line.width <= 80.0);
        assert!(line.source.ends_with('…'), "{}", line.source);
        assert_eq!(line.runs[0].text, "…", "the end of a Hebrew line is its left");
    }
}
