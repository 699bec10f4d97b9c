//! Turns each [`Block`] of the model into rows, frames and figures ready to be
//! placed: text cleaned, measured and wrapped to its column, nothing positioned
//! vertically yet.

use super::fonts::Fonts;
use super::items::{Item, Stroke};
use super::layout::{Cell, Frame, Marker, Pager, Row};
use super::model::{Align, Block, Chapter, Column, Document, Fact, MapFigure, Span};
use super::style::*;
use super::text::{self, Line, Styled, clean};

/// What a prepared block is made of.
pub(crate) enum Body {
    /// Rows in order; `keep_whole` rows move rather than split.
    Rows {
        rows: Vec<Row>,
        keep_whole: bool,
    },
    /// Rows in a shaded box (the callout).
    Framed {
        frame: Frame,
        rows: Vec<Row>,
    },
    Table {
        header: Row,
        rows: Vec<Row>,
    },
    /// A fixed drawing (the map); items relative to its top.
    Figure {
        height: f32,
        items: Vec<Item>,
    },
    PageBreak,
}

/// A block ready to place.
pub(crate) struct Prep {
    /// Space before it (dropped at a page top) and after it.
    gap: f32,
    after: f32,
    /// Never the last thing on a page (titles, headings, the map and its caption).
    keep_with_next: bool,
    body: Body,
}

impl Prep {
    fn new(gap: f32, body: Body) -> Prep {
        Prep { gap, after: 0.0, keep_with_next: false, body }
    }

    fn height(&self) -> f32 {
        let rows = |rows: &[Row]| rows.iter().map(Row::height).sum::<f32>();
        self.after
            + match &self.body {
                Body::Rows { rows: r, .. } => rows(r),
                Body::Framed { frame, rows: r } => 2.0 * frame.pad + rows(r),
                Body::Table { header, rows: r } => header.height() + rows(r),
                Body::Figure { height, .. } => *height,
                Body::PageBreak => 0.0,
            }
    }

    /// The height of its beginning: what a heading above must stay with.
    fn lead(&self) -> f32 {
        let first = |rows: &[Row], whole: bool| {
            rows.first().map_or(0.0, |r| if whole { r.height().min(BODY_H) } else { r.lead() })
        };
        match &self.body {
            Body::Rows { rows, keep_whole } => first(rows, *keep_whole),
            Body::Framed { frame, rows } => {
                let total = self.height();
                if total <= BODY_H { total } else { 2.0 * frame.pad + first(rows, false) }
            }
            Body::Table { header, rows } => header.height() + first(rows, true).min(BODY_H - header.height()),
            Body::Figure { height, .. } => *height,
            Body::PageBreak => 0.0,
        }
    }

    /// How much of the blocks in `next` must share a page with whatever comes
    /// before them: the following titles/headings whole, then the start of the
    /// first other block.
    pub(crate) fn following_lead(next: &[Prep]) -> f32 {
        let mut need = 0.0;
        for prep in next {
            if matches!(prep.body, Body::PageBreak) {
                break;
            }
            if prep.keep_with_next {
                need += prep.gap + prep.height();
            } else {
                need += prep.gap + prep.lead();
                break;
            }
        }
        need
    }

    /// Places the block; `next_lead` is [`Prep::following_lead`] of the blocks after it.
    pub(crate) fn place(self, pager: &mut Pager, next_lead: f32) {
        if matches!(self.body, Body::PageBreak) {
            if !pager.is_fresh() {
                pager.new_page();
            }
            return;
        }
        pager.gap(self.gap);
        if self.keep_with_next {
            let need = self.height() + next_lead;
            if need <= BODY_H && need > pager.remaining_height() {
                pager.ensure(need);
            }
        }
        match self.body {
            Body::Rows { rows, keep_whole } => {
                for row in rows {
                    pager.place_row(row, keep_whole);
                }
            }
            Body::Framed { frame, rows } => pager.place_framed(frame, rows),
            Body::Table { header, rows } => pager.place_table(header, rows),
            Body::Figure { height, items } => pager.place_figure(height, &items),
            Body::PageBreak => {}
        }
        pager.gap(self.after);
    }
}

const X0: f32 = MARGIN_X;
const W: f32 = CONTENT_W;

/// A cell of wrapped lines.
fn cell(x: f32, w: f32, lines: Vec<Line>, size: f32, lh: f32, color: Rgb) -> Cell {
    Cell { x, w, right: false, lines, size, lh, color }
}

/// A row holding one cell.
fn text_row(cell: Cell) -> Row {
    Row { cells: vec![cell], ..Row::default() }
}

fn plain(fonts: &Fonts, text: &str, bold: bool, size: f32, w: f32) -> Vec<Line> {
    text::wrap_plain(fonts, text, bold, size, w, true)
}

/// Prepares a chapter's blocks.
pub(crate) fn prepare_chapter(fonts: &Fonts, doc: &Document, chapter: &Chapter) -> Vec<Prep> {
    let mut out = Vec::new();
    for block in &chapter.blocks {
        prepare_block(fonts, doc, block, &mut out);
    }
    out
}

/// The page of a document without chapters: its title.
pub(crate) fn prepare_empty(fonts: &Fonts, doc: &Document) -> Vec<Prep> {
    let mut out = Vec::new();
    prepare_block(fonts, doc, &Block::Title { text: doc.title.clone(), subtitle: None }, &mut out);
    out
}

fn prepare_block(fonts: &Fonts, doc: &Document, block: &Block, out: &mut Vec<Prep>) {
    let prep = match block {
        Block::Title { text, subtitle } => title(fonts, text, subtitle.as_deref()),
        Block::Heading { text } => heading(fonts, text),
        Block::Paragraph { spans } => paragraph(fonts, spans),
        Block::Note { text } => note(fonts, text, gap::NOTE),
        Block::Facts { rows } => facts(fonts, rows),
        Block::Bullets { items } => list(fonts, items, false),
        Block::Checklist { items } => list(fonts, items, true),
        Block::Callout { title, items } => callout(fonts, title, items),
        Block::Table { columns, rows } => table(fonts, columns, rows),
        Block::Map(figure) => {
            map(fonts, figure, out);
            None
        }
        Block::Contents => contents(fonts, doc),
        Block::PageBreak => Some(Prep::new(0.0, Body::PageBreak)),
    };
    out.extend(prep);
}

fn title(fonts: &Fonts, text: &str, subtitle: Option<&str>) -> Option<Prep> {
    let mut rows = Vec::new();
    let lines = plain(fonts, text, true, TITLE_SIZE, W);
    if !lines.is_empty() {
        rows.push(text_row(cell(X0, W, lines, TITLE_SIZE, leading(TITLE_SIZE), ACCENT)));
    }
    let sub = subtitle.map(|s| plain(fonts, s, false, SUBTITLE_SIZE, W)).unwrap_or_default();
    if !sub.is_empty() {
        let mut row = text_row(cell(X0, W, sub, SUBTITLE_SIZE, leading(SUBTITLE_SIZE), MUTED));
        row.pad_top = 2.0;
        rows.push(row);
    }
    let last = rows.last_mut()?;
    last.pad_bottom = 8.0;
    last.rule_below = Some((X0, W, Stroke::solid(ACCENT, 1.2)));
    Some(Prep { gap: 0.0, after: 12.0, keep_with_next: true, body: Body::Rows { rows, keep_whole: true } })
}

fn heading(fonts: &Fonts, text: &str) -> Option<Prep> {
    let lines = plain(fonts, text, true, HEADING_SIZE, W);
    if lines.is_empty() {
        return None;
    }
    let rows = vec![text_row(cell(X0, W, lines, HEADING_SIZE, leading(HEADING_SIZE), ACCENT))];
    Some(Prep {
        gap: gap::HEADING,
        after: gap::AFTER_HEADING,
        keep_with_next: true,
        body: Body::Rows { rows, keep_whole: true },
    })
}

/// Spans cleaned, with the paragraph's leading and trailing blank space removed.
fn clean_spans(spans: &[Span]) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = spans.iter().map(|s| (clean(&s.text, true), s.strong)).collect();
    for (text, _) in out.iter_mut() {
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            text.clear();
        } else {
            *text = trimmed.to_string();
            break;
        }
    }
    for (text, _) in out.iter_mut().rev() {
        let trimmed = text.trim_end();
        if trimmed.is_empty() {
            text.clear();
        } else {
            *text = trimmed.to_string();
            break;
        }
    }
    out.retain(|(t, _)| !t.is_empty());
    out
}

fn paragraph(fonts: &Fonts, spans: &[Span]) -> Option<Prep> {
    let spans = clean_spans(spans);
    let lines = text::wrap(fonts, &Styled { spans: &spans, size: BODY_SIZE }, W);
    if lines.is_empty() {
        return None;
    }
    let rows = vec![text_row(cell(X0, W, lines, BODY_SIZE, leading(BODY_SIZE), INK))];
    Some(Prep::new(gap::PARAGRAPH, Body::Rows { rows, keep_whole: false }))
}

fn note(fonts: &Fonts, text: &str, gap: f32) -> Option<Prep> {
    let lines = plain(fonts, text, false, NOTE_SIZE, W);
    if lines.is_empty() {
        return None;
    }
    let rows = vec![text_row(cell(X0, W, lines, NOTE_SIZE, leading(NOTE_SIZE), MUTED))];
    Some(Prep::new(gap, Body::Rows { rows, keep_whole: false }))
}

fn facts(fonts: &Fonts, facts: &[Fact]) -> Option<Prep> {
    let label_w = (W * 0.27).round();
    let value_x = X0 + label_w + 12.0;
    let value_w = W - label_w - 12.0;
    let lh = leading(BODY_SIZE);
    let rows: Vec<Row> = facts
        .iter()
        .filter_map(|fact| {
            let label = plain(fonts, &fact.label, true, LABEL_SIZE, label_w);
            let value = plain(fonts, &fact.value, false, BODY_SIZE, value_w);
            if label.is_empty() && value.is_empty() {
                return None;
            }
            Some(Row {
                cells: vec![
                    cell(X0, label_w, label, LABEL_SIZE, lh, MUTED),
                    cell(value_x, value_w, value, BODY_SIZE, lh, INK),
                ],
                pad_top: 4.0,
                pad_bottom: 4.0,
                rule_below: Some((X0, W, Stroke::solid(RULE, 0.5))),
                ..Row::default()
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(Prep::new(gap::FACTS, Body::Rows { rows, keep_whole: true }))
}

fn list(fonts: &Fonts, items: &[String], checklist: bool) -> Option<Prep> {
    let indent = if checklist { 16.0 } else { 14.0 };
    let lh = leading(BODY_SIZE);
    let rows: Vec<Row> = items
        .iter()
        .filter_map(|item| {
            let lines = plain(fonts, item, false, BODY_SIZE, W - indent);
            if lines.is_empty() {
                return None;
            }
            let marker = if checklist {
                Marker::Checkbox { x: X0 + 1.0, color: MUTED }
            } else {
                Marker::Text {
                    x: X0 + 3.0,
                    line: text::single(fonts, "•", false, BODY_SIZE),
                    size: BODY_SIZE,
                    color: ACCENT,
                }
            };
            Some(Row {
                cells: vec![cell(X0 + indent, W - indent, lines, BODY_SIZE, lh, INK)],
                pad_bottom: 3.0,
                marker: Some(marker),
                ..Row::default()
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(Prep::new(gap::LIST, Body::Rows { rows, keep_whole: true }))
}

fn callout(fonts: &Fonts, title: &str, items: &[String]) -> Option<Prep> {
    let pad_x = 16.0;
    let inner_x = X0 + pad_x;
    let inner_w = W - 2.0 * pad_x;
    let mut rows = Vec::new();
    let title_lines = plain(fonts, title, true, CALLOUT_TITLE_SIZE, inner_w);
    if !title_lines.is_empty() {
        let mut row =
            text_row(cell(inner_x, inner_w, title_lines, CALLOUT_TITLE_SIZE, leading(CALLOUT_TITLE_SIZE), ACCENT));
        row.pad_bottom = 4.0;
        rows.push(row);
    }
    let number_w = 16.0;
    let mut n = 0;
    for item in items {
        let lines = plain(fonts, item, false, BODY_SIZE, inner_w - number_w);
        if lines.is_empty() {
            continue;
        }
        n += 1;
        let number = text::single(fonts, &format!("{n}."), true, BODY_SIZE);
        rows.push(Row {
            cells: vec![cell(inner_x + number_w, inner_w - number_w, lines, BODY_SIZE, leading(BODY_SIZE), INK)],
            pad_bottom: 3.0,
            marker: Some(Marker::Text { x: inner_x, line: number, size: BODY_SIZE, color: ACCENT }),
            ..Row::default()
        });
    }
    if rows.is_empty() {
        return None;
    }
    let frame = Frame { x: X0, w: W, pad: 10.0, fill: SHADE, bar: Some((3.0, ACCENT)) };
    Some(Prep::new(gap::CALLOUT, Body::Framed { frame, rows }))
}

/// Column widths in points: shares of the table width by relative width (a
/// bad one, zero, negative or not a number, counts as 1), except that no column
/// is narrower than [`MIN_COLUMN`] (or an equal share, with very many columns).
fn column_widths(columns: &[Column]) -> Vec<f32> {
    let rel: Vec<f32> = columns
        .iter()
        .map(|c| if c.width.is_finite() && c.width > 0.0 { c.width.clamp(1e-3, 1e3) } else { 1.0 })
        .collect();
    let min = (W / columns.len().max(1) as f32).min(MIN_COLUMN);
    let mut fixed = vec![false; rel.len()];
    loop {
        let free: f32 = rel.iter().zip(&fixed).filter(|(_, f)| !**f).map(|(r, _)| r).sum();
        let room = W - min * fixed.iter().filter(|f| **f).count() as f32;
        let widths: Vec<f32> =
            rel.iter().zip(&fixed).map(|(r, f)| if *f || free <= 0.0 { min } else { room * r / free }).collect();
        let mut changed = false;
        for (w, f) in widths.iter().zip(fixed.iter_mut()) {
            if !*f && *w < min {
                *f = true;
                changed = true;
            }
        }
        if !changed {
            return widths;
        }
    }
}

/// The narrowest a table column gets: room for a short word.
const MIN_COLUMN: f32 = 36.0;

fn table(fonts: &Fonts, columns: &[Column], rows: &[Vec<String>]) -> Option<Prep> {
    if columns.is_empty() {
        return None;
    }
    let widths = column_widths(columns);
    let pad = 5.0;
    let lh = leading(TABLE_SIZE);
    // Header cells keep to a few lines: the header repeats on every page.
    let cells = |texts: &mut dyn Iterator<Item = Option<&str>>, header: bool, color: Rgb| -> Vec<Cell> {
        let mut x = X0;
        let mut out = Vec::with_capacity(columns.len());
        for ((column, w), text) in columns.iter().zip(&widths).zip(texts) {
            let inner = (w - 2.0 * pad).max(1.0);
            let mut lines = text.map(|t| plain(fonts, t, header, TABLE_SIZE, inner)).unwrap_or_default();
            if header {
                lines = text::clamp_lines(fonts, lines, 3, true, TABLE_SIZE, inner);
            }
            out.push(Cell {
                right: column.align == Align::Right,
                ..cell(x + pad, inner, lines, TABLE_SIZE, lh, color)
            });
            x += w;
        }
        out
    };
    let header = Row {
        cells: cells(&mut columns.iter().map(|c| Some(c.title.as_str())), true, ACCENT),
        pad_top: 5.0,
        pad_bottom: 5.0,
        min_h: lh,
        fill: Some((X0, W, TABLE_HEAD)),
        ..Row::default()
    };
    let body = rows
        .iter()
        .map(|row| {
            let mut texts = (0..columns.len()).map(|i| row.get(i).map(String::as_str));
            Row {
                cells: cells(&mut texts, false, INK),
                pad_top: 4.0,
                pad_bottom: 4.0,
                min_h: lh,
                rule_below: Some((X0, W, Stroke::solid(RULE, 0.5))),
                ..Row::default()
            }
        })
        .collect();
    Some(Prep::new(gap::TABLE, Body::Table { header, rows: body }))
}

fn map(fonts: &Fonts, figure: &MapFigure, out: &mut Vec<Prep>) {
    let caption = figure.caption.as_deref().and_then(|c| note(fonts, c, 5.0));
    if let Some((height, items)) = super::map::draw(fonts, figure, X0, W) {
        let keep_with_next = caption.is_some();
        out.push(Prep { gap: gap::MAP, after: 0.0, keep_with_next, body: Body::Figure { height, items } });
    }
    out.extend(caption);
}

fn contents(fonts: &Fonts, doc: &Document) -> Option<Prep> {
    let number_w = 44.0;
    let rows: Vec<Row> = doc
        .chapters
        .iter()
        .enumerate()
        .filter(|(_, c)| c.in_contents)
        .map(|(i, c)| {
            let lines = plain(fonts, &c.title, false, BODY_SIZE, W - number_w);
            let lines = if lines.is_empty() { vec![Line::default()] } else { lines };
            Row {
                cells: vec![cell(X0, W - number_w, lines, BODY_SIZE, leading(BODY_SIZE), INK)],
                pad_top: 2.5,
                pad_bottom: 2.5,
                page_ref: Some((i, X0 + W)),
                ..Row::default()
            }
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(Prep::new(gap::CONTENTS, Body::Rows { rows, keep_whole: true }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(widths: &[f32]) -> Vec<Column> {
        widths.iter().map(|&width| Column { title: String::new(), width, align: Align::Left }).collect()
    }

    #[test]
    fn column_widths_follow_the_shares_and_keep_a_minimum() {
        let w = column_widths(&columns(&[3.0, 1.0]));
        assert!((w[0] - W * 0.75).abs() < 0.01 && (w[1] - W * 0.25).abs() < 0.01, "{w:?}");
        let w = column_widths(&columns(&[1e30, f32::NAN, -1.0, 0.0]));
        assert!(w.iter().all(|&x| x >= MIN_COLUMN - 0.01), "{w:?}");
        assert!((w.iter().sum::<f32>() - W).abs() < 0.1, "{w:?}");
        let many = column_widths(&columns(&[1.0; 40]));
        assert!((many.iter().sum::<f32>() - W).abs() < 0.1);
    }
}
