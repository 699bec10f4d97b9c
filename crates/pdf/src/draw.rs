//! Drawing: laid-out pages become printpdf operations, with the running header,
//! the footer ("Page N of M") and the DRAFT mark added, then the PDF is written.
//!
//! The output is deterministic: fonts get fixed resource names (their subset tag
//! derives from them), metadata dates come from the document's clock, and the
//! trailer's `/ID`, which printpdf fills with a random string, is replaced by a
//! hash of the file.

use printpdf::{
    Codepoint, Color, FontId, Line as PdfLine, LineCapStyle, LineDashPattern, LinePoint, Mm, Op, PaintMode,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem,
    TextMatrix, WindingOrder,
};

use super::PdfError;
use super::fonts::{Face, Font, Fonts};
use super::items::{Dash, Item, Page, Path, Stroke};
use super::model::Document;
use super::style::*;
use super::text::{self, Line, Placed, clean_line};

fn color(c: Rgb) -> Color {
    let unit = |v: f32| if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 };
    Color::Rgb(printpdf::Rgb::new(unit(c.0), unit(c.1), unit(c.2), None))
}

/// PDF space: y grows upwards from the page bottom.
fn point(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(PAGE_H - y) }
}

/// Distance between the dots of a dotted stroke of `width`.
pub(crate) fn dot_gap(width: f32) -> f32 {
    2.2 + 1.6 * width
}

/// Collects one page's operations and the faces they use.
struct Canvas {
    ops: Vec<Op>,
    used: [bool; Face::ALL.len()],
    fonts: Fonts,
}

impl Canvas {
    fn new(fonts: Fonts) -> Canvas {
        Canvas { ops: Vec::new(), used: [false; Face::ALL.len()], fonts }
    }

    fn face_used(&mut self, face: Face) {
        self.used[face as usize] = true;
    }

    /// A line of text; `rotation` (degrees, anticlockwise) turns it about its start.
    fn text(&mut self, x: f32, baseline: f32, size: f32, fill: Rgb, line: &Line, rotation: f32) {
        if line.runs.is_empty() {
            return;
        }
        let (sin, cos) = rotation.to_radians().sin_cos();
        // `along` the baseline and `up` from it, relative to the line start.
        let matrix = |along: f32, up: f32| {
            let origin = point(x + cos * along - sin * up, baseline - sin * along - cos * up);
            if rotation == 0.0 {
                TextMatrix::Translate(origin.x, origin.y)
            } else {
                TextMatrix::Raw([cos, sin, -sin, cos, origin.x.0, origin.y.0])
            }
        };
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: color(fill) });
        for run in &line.runs {
            self.face_used(run.face);
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(run.face.resource_id().into())),
                size: Pt(size),
            });
            if run.glyphs.is_empty() {
                self.ops.push(Op::SetTextMatrix { matrix: matrix(run.x, 0.0) });
                self.ops.push(Op::ShowText { items: vec![TextItem::Text(run.text.clone())] });
            } else if let Some(font) = self.fonts.get(run.face) {
                self.glyphs(font, size, &run.glyphs, run.x, &matrix);
            }
        }
        self.ops.push(Op::EndTextSection);
    }

    /// Shaped glyphs from `x`: each moved by the shaper's advance (a `TJ`
    /// adjustment where it differs from the font's own); a glyph the shaper
    /// offsets (a mark) is set on its own.
    fn glyphs(&mut self, font: &Font, size: f32, glyphs: &[Placed], x: f32, matrix: &dyn Fn(f32, f32) -> TextMatrix) {
        let mut pen = x;
        let mut batch: Vec<Codepoint> = Vec::new();
        let mut batch_x = pen;
        let flush = |ops: &mut Vec<Op>, batch: &mut Vec<Codepoint>, at: f32| {
            if !batch.is_empty() {
                ops.push(Op::SetTextMatrix { matrix: matrix(at, 0.0) });
                ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(std::mem::take(batch))] });
            }
        };
        for g in glyphs {
            let natural = font.advance_of_glyph(g.gid) * size;
            let adjust = if size > 0.0 { (natural - g.advance) / size * 1000.0 } else { 0.0 };
            let code = Codepoint {
                gid: g.gid,
                offset: if adjust.abs() < 0.01 { 0.0 } else { adjust },
                cid: Some(g.text.clone()),
            };
            if g.dx.abs() > 0.001 || g.dy.abs() > 0.001 {
                flush(&mut self.ops, &mut batch, batch_x);
                self.ops.push(Op::SetTextMatrix { matrix: matrix(pen + g.dx, g.dy) });
                self.ops
                    .push(Op::ShowText { items: vec![TextItem::GlyphIds(vec![Codepoint { offset: 0.0, ..code }])] });
                pen += g.advance;
                batch_x = pen;
            } else {
                if batch.is_empty() {
                    batch_x = pen;
                }
                batch.push(code);
                pen += g.advance;
            }
        }
        flush(&mut self.ops, &mut batch, batch_x);
    }

    fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        self.ops.push(Op::SetFillColor { col: color(fill) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(PAGE_H - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    fn shape(&mut self, path: &Path, fill: Option<Rgb>, stroke: Option<Stroke>) {
        if path.points.len() < 2 || (fill.is_none() && stroke.is_none()) {
            return;
        }
        let points: Vec<LinePoint> =
            path.points.iter().map(|&(x, y, bezier)| LinePoint { p: point(x, y), bezier }).collect();
        self.ops.push(Op::SaveGraphicsState);
        if let Some(fill) = fill {
            self.ops.push(Op::SetFillColor { col: color(fill) });
        }
        if let Some(stroke) = stroke {
            self.ops.push(Op::SetOutlineColor { col: color(stroke.color) });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(stroke.width) });
            match stroke.dash {
                Dash::Solid => {}
                Dash::Dashed => {
                    let (on, off) = (3.0 + 1.5 * stroke.width, 2.0 + stroke.width);
                    self.ops.push(Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[on, off]) });
                }
                Dash::Dotted => {
                    self.ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Round });
                    let gap = dot_gap(stroke.width) - 0.01;
                    self.ops.push(Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[0.01, gap]) });
                }
            }
        }
        if path.closed {
            let mode = match (fill.is_some(), stroke.is_some()) {
                (true, true) => PaintMode::FillStroke,
                (true, false) => PaintMode::Fill,
                _ => PaintMode::Stroke,
            };
            let polygon = Polygon { rings: vec![PolygonRing { points }], mode, winding_order: WindingOrder::NonZero };
            self.ops.push(Op::DrawPolygon { polygon });
        } else if stroke.is_some() {
            self.ops.push(Op::DrawLine { line: PdfLine { points, is_closed: false } });
        }
        self.ops.push(Op::RestoreGraphicsState);
    }
}

/// Text that is the same on many pages, laid out once.
struct Furniture {
    /// Per chapter (and the document, for a page without one): header title.
    chapter_titles: Vec<Line>,
    doc_title: Line,
    confidential: Line,
    /// "· generated 23 Nov 2026", a space after CONFIDENTIAL.
    generated: Line,
    space: f32,
    footer_title: Line,
    /// Who may read the document, centred in the footer.
    audience: Option<Line>,
}

impl Furniture {
    fn new(fonts: &Fonts, doc: &Document) -> Furniture {
        let confidential = text::single(fonts, "CONFIDENTIAL", true, HEADER_SIZE);
        let date = doc.generated.format("%-d %b %Y").to_string();
        let generated = text::single(fonts, &format!("· generated {date}"), false, HEADER_SIZE);
        let space = fonts.advance(Face::Regular, ' ') * HEADER_SIZE;
        let title_room = CONTENT_W - confidential.width - space - generated.width - 24.0;
        let header_title = |t: &str| text::truncate(fonts, t, false, HEADER_SIZE, title_room);
        Furniture {
            chapter_titles: doc.chapters.iter().map(|c| header_title(&c.title)).collect(),
            doc_title: header_title(&doc.title),
            confidential,
            generated,
            space,
            // The title gives the audience line room when there is one.
            footer_title: text::truncate(
                fonts,
                &doc.title,
                false,
                HEADER_SIZE,
                CONTENT_W * if doc.audience.is_some() { 0.5 } else { 0.6 },
            ),
            audience: doc.audience.as_deref().map(|a| text::truncate(fonts, a, true, HEADER_SIZE, CONTENT_W * 0.3)),
        }
    }
}

/// The diagonal DRAFT across the page, centred, drawn under the text. It is
/// drawn from Noto Sans Bold's glyph outlines rather than as text, so it never
/// mixes into text a reader copies or a tool extracts.
fn draft_mark(canvas: &mut Canvas, fonts: &Fonts) {
    let Some(bold) = fonts.get(Face::Bold) else { return };
    let angle: f32 = 50.0;
    let (sin, cos) = angle.to_radians().sin_cos();
    let scale = DRAFT_SIZE / bold.units_per_em();
    let glyphs: Vec<u16> = "DRAFT".chars().filter_map(|c| bold.glyph(c)).collect();
    let width: f32 = glyphs.iter().map(|&g| f32::from(bold.parsed.get_horizontal_advance(g)) * scale).sum();
    let cap = 0.714 * DRAFT_SIZE;
    // PDF space (y up): the text's centre (width/2, cap/2) at the page centre.
    let ox = PAGE_W / 2.0 - cos * width / 2.0 + sin * cap / 2.0;
    let oy = PAGE_H / 2.0 - sin * width / 2.0 - cos * cap / 2.0;
    let mut rings = Vec::new();
    let mut pen = 0.0;
    for gid in glyphs {
        if let Some(glyph) = bold.parsed.get_or_decode_glyph(gid)
            && let (Some(points), Some(on), Some(ends)) =
                (&glyph.raw_points, &glyph.raw_on_curve, &glyph.raw_contour_ends)
        {
            let mut start = 0;
            for &end in ends {
                let end = usize::from(end) + 1;
                if end <= start || end > points.len().min(on.len()) {
                    break;
                }
                let place = |&(x, y): &(i16, i16)| {
                    let (tx, ty) = (pen + f32::from(x) * scale, f32::from(y) * scale);
                    (ox + cos * tx - sin * ty, oy + sin * tx + cos * ty)
                };
                let contour: Vec<(f32, f32)> = points[start..end].iter().map(place).collect();
                rings.push(quadratic_contour(&contour, &on[start..end]));
                start = end;
            }
        }
        pen += f32::from(bold.parsed.get_horizontal_advance(gid)) * scale;
    }
    let rings = rings
        .into_iter()
        .filter(|r| r.len() > 2)
        .map(|r| PolygonRing {
            points: r.into_iter().map(|(x, y, bezier)| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier }).collect(),
        })
        .collect();
    canvas.ops.push(Op::SetFillColor { col: color(DRAFT) });
    canvas.ops.push(Op::DrawPolygon {
        polygon: Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
    });
}

/// A closed TrueType contour (quadratic B-spline: on- and off-curve points) as
/// a path of lines and cubic Béziers: (x, y, is a control point).
fn quadratic_contour(points: &[(f32, f32)], on: &[bool]) -> Vec<(f32, f32, bool)> {
    let n = points.len();
    if n == 0 {
        return Vec::new();
    }
    let mid = |a: (f32, f32), b: (f32, f32)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    let (start, order): ((f32, f32), Vec<usize>) = match on.iter().position(|&b| b) {
        Some(i) => (points[i], (1..=n).map(|k| (i + k) % n).collect()),
        None => (mid(points[n - 1], points[0]), (0..n).collect()),
    };
    let mut out = vec![(start.0, start.1, false)];
    let mut current = start;
    let mut control: Option<(f32, f32)> = None;
    let quad = |out: &mut Vec<(f32, f32, bool)>, from: (f32, f32), c: (f32, f32), to: (f32, f32)| {
        let c1 = (from.0 + 2.0 / 3.0 * (c.0 - from.0), from.1 + 2.0 / 3.0 * (c.1 - from.1));
        let c2 = (to.0 + 2.0 / 3.0 * (c.0 - to.0), to.1 + 2.0 / 3.0 * (c.1 - to.1));
        out.extend([(c1.0, c1.1, true), (c2.0, c2.1, true), (to.0, to.1, false)]);
    };
    for idx in order {
        let p = points[idx];
        if on[idx] {
            match control.take() {
                Some(c) => quad(&mut out, current, c, p),
                None => out.push((p.0, p.1, false)),
            }
            current = p;
        } else {
            if let Some(c) = control {
                let m = mid(c, p);
                quad(&mut out, current, c, m);
                current = m;
            }
            control = Some(p);
        }
    }
    if let Some(c) = control {
        quad(&mut out, current, c, start);
    }
    out
}

fn header_and_footer(
    canvas: &mut Canvas,
    furniture: &Furniture,
    title: &Line,
    number: usize,
    total: usize,
    fonts: &Fonts,
) {
    canvas.text(MARGIN_X, HEADER_BASELINE, HEADER_SIZE, MUTED, title, 0.0);
    let right = MARGIN_X + CONTENT_W;
    let generated_x = right - furniture.generated.width;
    canvas.text(generated_x, HEADER_BASELINE, HEADER_SIZE, MUTED, &furniture.generated, 0.0);
    let confidential_x = generated_x - furniture.space - furniture.confidential.width;
    canvas.text(confidential_x, HEADER_BASELINE, HEADER_SIZE, ACCENT, &furniture.confidential, 0.0);
    canvas.shape(&Path::line(MARGIN_X, HEADER_RULE, right, HEADER_RULE), None, Some(Stroke::solid(RULE, 0.6)));

    canvas.text(MARGIN_X, FOOTER_BASELINE, HEADER_SIZE, MUTED, &furniture.footer_title, 0.0);
    let page = text::single(fonts, &format!("Page {number} of {total}"), false, HEADER_SIZE);
    canvas.text(right - page.width, FOOTER_BASELINE, HEADER_SIZE, MUTED, &page, 0.0);
    if let Some(audience) = &furniture.audience {
        let x = right - page.width - 3.0 * furniture.space - audience.width;
        canvas.text(x, FOOTER_BASELINE, HEADER_SIZE, ACCENT, audience, 0.0);
    }
}

fn draw_item(canvas: &mut Canvas, item: &Item, fonts: &Fonts, starts: &[usize]) {
    match item {
        Item::Text { x, baseline, size, color, line } => canvas.text(*x, *baseline, *size, *color, line, 0.0),
        Item::Fill { x, y, w, h, color } => canvas.fill_rect(*x, *y, *w, *h, *color),
        Item::Shape { path, fill, stroke } => canvas.shape(path, *fill, *stroke),
        Item::PageRef { chapter, x_right, baseline, size, color, leader_from } => {
            let page = starts.get(*chapter).map_or(0, |p| p + 1);
            let number = text::single(fonts, &page.to_string(), false, *size);
            let x = x_right - number.width;
            canvas.text(x, *baseline, *size, *color, &number, 0.0);
            // Dots on a grid from the margin, so they line up from entry to entry.
            let dots = Stroke { color: MUTED, width: 0.9, dash: Dash::Dotted };
            let pitch = dot_gap(dots.width);
            let from = MARGIN_X + ((leader_from - MARGIN_X) / pitch).ceil() * pitch;
            let to = x - 5.0;
            if to - from > pitch {
                let y = baseline - 0.5;
                canvas.shape(&Path::line(from, y, to, y), None, Some(dots));
            }
        }
    }
}

/// Draws the laid-out pages and writes the PDF.
pub(crate) fn write(doc: &Document, fonts: &Fonts, pages: &[Page], starts: &[usize]) -> Result<Vec<u8>, PdfError> {
    let furniture = Furniture::new(fonts, doc);
    let total = pages.len();
    let mut used = [false; Face::ALL.len()];
    let mut pdf_pages = Vec::with_capacity(total);
    for (i, page) in pages.iter().enumerate() {
        let mut canvas = Canvas::new(*fonts);
        let chapter = page.chapter.and_then(|c| doc.chapters.get(c).map(|ch| (c, ch)));
        if chapter.is_some_and(|(_, ch)| ch.draft) {
            draft_mark(&mut canvas, fonts);
        }
        let title = chapter.map_or(&furniture.doc_title, |(c, _)| &furniture.chapter_titles[c]);
        header_and_footer(&mut canvas, &furniture, title, i + 1, total, fonts);
        for item in &page.items {
            draw_item(&mut canvas, item, fonts, starts);
        }
        for (u, c) in used.iter_mut().zip(canvas.used) {
            *u |= c;
        }
        pdf_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), canvas.ops));
    }

    let mut pdf = PdfDocument::new(&clean_line(&doc.title));
    let info = &mut pdf.metadata.info;
    // A date the PDF cannot express (beyond year 9999) leaves the epoch.
    let date = printpdf::OffsetDateTime::from_unix_timestamp(doc.generated.timestamp()).unwrap_or(info.creation_date);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.creator = "Rapport".into();
    info.producer = "Rapport".into();
    for face in Face::ALL {
        if used[face as usize] {
            let font = fonts.get(face).ok_or_else(|| PdfError::Failed("a bundled font could not be read".into()))?;
            pdf.resources.fonts.map.insert(FontId(face.resource_id().into()), PdfFont::new(font.parsed.clone()));
        }
    }
    pdf.pages = pdf_pages;
    let options = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut bytes = pdf.save(&options, &mut warnings);
    for warning in warnings.iter().filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error) {
        tracing::warn!(message = %warning.msg, "PDF writer");
    }
    if bytes.is_empty() {
        return Err(PdfError::Failed("the PDF writer produced nothing".into()));
    }
    blank_out(&mut bytes, b"/GTS_PDFXVersion()");
    stable_id(&mut bytes);
    Ok(bytes)
}

/// Replaces the two random strings of the trailer's `/ID [(…)(…)]` by a hash
/// of the file (same length, so no offset moves).
fn stable_id(bytes: &mut [u8]) {
    let Some(id) = find_last(bytes, b"/ID") else { return };
    let mut spans = Vec::new();
    let mut i = id + 3;
    while spans.len() < 2 && i < bytes.len() {
        match bytes[i] {
            b'(' => {
                let Some(len) = bytes[i + 1..].iter().position(|&b| b == b')') else { return };
                spans.push((i + 1, i + 1 + len));
                i += len + 2;
            }
            b'[' | b' ' | b'\n' | b'\r' => i += 1,
            _ => return,
        }
    }
    for &(a, b) in &spans {
        bytes[a..b].fill(b'0');
    }
    let digest = format!("{:016x}{:016x}", fnv1a(bytes, 0xcbf2_9ce4_8422_2325), fnv1a(bytes, 0x6c62_272e_07bb_0142));
    for &(a, b) in &spans {
        for (dst, src) in bytes[a..b].iter_mut().zip(digest.bytes().cycle()) {
            *dst = src;
        }
    }
}

/// printpdf writes an empty `/GTS_PDFXVersion` into the document info, which
/// readers take as a PDF/X claim this file does not make: blank it to spaces
/// (same length, so no offset moves).
fn blank_out(bytes: &mut [u8], entry: &[u8]) {
    if let Some(at) = find_last(bytes, entry) {
        bytes[at..at + entry.len()].fill(b' ');
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    bytes.iter().fold(seed, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}
