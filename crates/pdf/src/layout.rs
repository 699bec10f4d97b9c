//! Pagination: places prepared rows on A4 pages (the blocks that make them
//! are in `blocks`, which drives the [`Pager`]; this module knows no block).
//!
//! Everything flows as [`Row`]s: a paragraph is one row of one cell, a fact is
//! a row of two cells, a table row a row of many. The [`Pager`] places rows top
//! to bottom and decides the breaks:
//! - a row that must stay whole (a fact, a list item, a table row) moves to the
//!   next page when it does not fit, and is split only if taller than a page;
//! - a paragraph splits between lines, never leaving a single line at the foot
//!   or the head of a page (widows and orphans);
//! - titles and headings move with the start of what follows them;
//! - a callout box and the map move whole to the next page;
//! - a table repeats its header row on every page it covers.

use super::items::{Item, Page, Path, Stroke};
use super::style::{BODY_BOTTOM, BODY_H, BODY_TOP, baseline_in};
use super::text::Line;

/// A column of wrapped lines in a row.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub x: f32,
    pub w: f32,
    pub right: bool,
    pub lines: Vec<Line>,
    pub size: f32,
    pub lh: f32,
    pub color: super::style::Rgb,
}

impl Cell {
    fn height(&self) -> f32 {
        self.lines.len() as f32 * self.lh
    }
}

/// Drawn beside a row's first line: a bullet, a number or a tick box.
#[derive(Debug, Clone)]
pub(crate) enum Marker {
    Text { x: f32, line: Line, size: f32, color: super::style::Rgb },
    Checkbox { x: f32, color: super::style::Rgb },
}

/// A horizontal band of cells placed as a unit (it may split between lines).
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    pub pad_top: f32,
    pub pad_bottom: f32,
    /// Least height of the content (an empty table row still takes a line).
    pub min_h: f32,
    /// Background across the row: x, width, colour.
    pub fill: Option<(f32, f32, super::style::Rgb)>,
    /// A hairline under the row: x, width, stroke.
    pub rule_below: Option<(f32, f32, Stroke)>,
    pub marker: Option<Marker>,
    /// Contents entry: the chapter whose first page is printed at the right.
    pub page_ref: Option<(usize, f32)>,
}

impl Row {
    pub(crate) fn height(&self) -> f32 {
        let content = self.cells.iter().map(Cell::height).fold(self.min_h, f32::max);
        self.pad_top + content + self.pad_bottom
    }

    /// Height of the row's start that must stay with a heading above it: the
    /// two lines a split leaves at least at a page foot (a cell of three lines
    /// or fewer does not split at all).
    pub(crate) fn lead(&self) -> f32 {
        let first = |c: &Cell| c.lh * if c.lines.len() <= 3 { c.lines.len() } else { 2 } as f32;
        let content = self.cells.iter().map(first).fold(self.min_h, f32::max);
        self.pad_top + content + self.pad_bottom
    }

    /// Splits the row so that the first part fits in `avail`. With
    /// `widows_orphans`, a cell never leaves one line behind or carries one
    /// line alone. `None` if nothing can go in the first part.
    fn split(&self, avail: f32, widows_orphans: bool) -> Option<(Row, Row)> {
        let room = avail - self.pad_top - self.pad_bottom;
        let counts: Vec<usize> = self
            .cells
            .iter()
            .map(|c| {
                let len = c.lines.len();
                let fit = if c.lh > 0.0 { ((room + 0.01) / c.lh).floor().max(0.0) as usize } else { len };
                let mut n = fit.min(len);
                if widows_orphans && len >= 2 {
                    if len - n == 1 {
                        n -= 1;
                    }
                    if n == 1 {
                        n = 0;
                    }
                }
                n
            })
            .collect();
        let all_none = counts.iter().all(|&n| n == 0);
        let all_in = counts.iter().zip(&self.cells).all(|(&n, c)| n == c.lines.len());
        if all_none || all_in {
            return None;
        }
        let mut first = self.clone();
        let mut rest = self.clone();
        for ((a, b), &n) in first.cells.iter_mut().zip(rest.cells.iter_mut()).zip(&counts) {
            a.lines.truncate(n);
            b.lines.drain(..n);
        }
        first.rule_below = None;
        first.page_ref = None;
        rest.marker = None;
        rest.min_h = 0.0;
        Some((first, rest))
    }

    /// The row's items with its top at `y`.
    fn draw(&self, y: f32, out: &mut Vec<Item>) {
        let h = self.height();
        if let Some((x, w, color)) = self.fill {
            out.push(Item::Fill { x, y, w, h, color });
        }
        let top = y + self.pad_top;
        for cell in &self.cells {
            for (i, line) in cell.lines.iter().enumerate() {
                let x = if cell.right { cell.x + (cell.w - line.width).max(0.0) } else { cell.x };
                let baseline = top + i as f32 * cell.lh + baseline_in(cell.size, cell.lh);
                out.push(Item::Text { x, baseline, size: cell.size, color: cell.color, line: line.clone() });
            }
        }
        if let (Some(marker), Some(first)) = (&self.marker, self.cells.first()) {
            let baseline = top + baseline_in(first.size, first.lh);
            match marker {
                Marker::Text { x, line, size, color } => {
                    out.push(Item::Text { x: *x, baseline, size: *size, color: *color, line: line.clone() })
                }
                Marker::Checkbox { x, color } => {
                    let side = 0.8 * first.size;
                    let bottom = baseline + 0.08 * first.size;
                    let path = Path::rounded_rect(*x, bottom - side, side, side, 1.0);
                    out.push(Item::Shape { path, fill: None, stroke: Some(Stroke::solid(*color, 0.8)) });
                }
            }
        }
        if let (Some((chapter, x_right)), Some(first)) = (self.page_ref, self.cells.first()) {
            let last = first.lines.len().saturating_sub(1);
            let baseline = top + last as f32 * first.lh + baseline_in(first.size, first.lh);
            let leader_from = first.x + first.lines.last().map_or(0.0, |l| l.width) + 6.0;
            out.push(Item::PageRef { chapter, x_right, baseline, size: first.size, color: first.color, leader_from });
        }
        if let Some((x, w, stroke)) = self.rule_below {
            out.push(Item::Shape { path: Path::line(x, y + h, x + w, y + h), fill: None, stroke: Some(stroke) });
        }
    }
}

/// A background box drawn behind rows (the callout), per page it covers.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub x: f32,
    pub w: f32,
    pub pad: f32,
    pub fill: super::style::Rgb,
    /// A bar down the left edge: width and colour.
    pub bar: Option<(f32, super::style::Rgb)>,
}

struct OpenFrame {
    frame: Frame,
    top: f32,
    /// Where the background goes in the page's items: under the text.
    at: usize,
}

/// Places rows on pages.
pub(crate) struct Pager {
    pages: Vec<Page>,
    chapter: Option<usize>,
    y: f32,
    /// Nothing placed on this page yet (a repeated table header does not count).
    fresh: bool,
    /// Drawn at the top of every new page (a table's header row).
    running_header: Option<Row>,
    frame: Option<OpenFrame>,
}

impl Pager {
    pub(crate) fn new() -> Pager {
        Pager { pages: Vec::new(), chapter: None, y: BODY_TOP, fresh: true, running_header: None, frame: None }
    }

    fn items(&mut self) -> &mut Vec<Item> {
        if self.pages.is_empty() {
            self.pages.push(Page { chapter: self.chapter, items: Vec::new() });
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].items
    }

    fn remaining(&self) -> f32 {
        BODY_BOTTOM - self.y
    }

    /// Room on a page that only carries the running header.
    fn page_room(&self) -> f32 {
        BODY_H - self.running_header.as_ref().map_or(0.0, Row::height)
    }

    /// Starts a chapter (`None`: a document without one) on a new page; returns its index.
    pub(crate) fn start_chapter(&mut self, chapter: Option<usize>) -> usize {
        self.chapter = chapter;
        self.running_header = None;
        self.new_page();
        self.pages.len() - 1
    }

    pub(crate) fn new_page(&mut self) {
        self.close_frame();
        self.pages.push(Page { chapter: self.chapter, items: Vec::new() });
        self.y = BODY_TOP;
        self.fresh = true;
        if let Some(header) = self.running_header.clone() {
            self.draw_row(&header);
        }
        self.reopen_frame();
    }

    /// Vertical space before a block, dropped at the top of a page.
    pub(crate) fn gap(&mut self, gap: f32) {
        if !self.fresh {
            self.y += gap;
        }
    }

    /// Starts a new page unless `h` fits here (or this page is still empty).
    pub(crate) fn ensure(&mut self, h: f32) {
        if h > self.remaining() + 0.01 && !self.fresh {
            self.new_page();
        }
    }

    fn draw_row(&mut self, row: &Row) {
        let y = self.y;
        row.draw(y, self.items());
        self.y += row.height();
    }

    /// Places a row, moving or splitting it as the rules in the module docs say.
    pub(crate) fn place_row(&mut self, row: Row, keep_whole: bool) {
        let mut row = row;
        loop {
            let h = row.height();
            if h <= self.remaining() + 0.01 {
                self.draw_row(&row);
                self.fresh = false;
                return;
            }
            if keep_whole && !self.fresh && h <= self.page_room() {
                self.new_page();
                continue;
            }
            let remaining = self.remaining();
            let split =
                row.split(remaining, true).or_else(|| if self.fresh { row.split(remaining, false) } else { None });
            match split {
                Some((first, rest)) => {
                    self.draw_row(&first);
                    self.fresh = false;
                    self.new_page();
                    row = rest;
                }
                None if self.fresh => {
                    // Not even one line fits on an empty page: draw it anyway
                    // rather than loop (no size used here comes near this).
                    self.draw_row(&row);
                    self.fresh = false;
                    return;
                }
                None => self.new_page(),
            }
        }
    }

    /// Places a table: the header row, repeated on every page the rows cover.
    pub(crate) fn place_table(&mut self, header: Row, rows: Vec<Row>) {
        // Rows are placed whole when they fit a page, so the header keeps
        // the whole first row with it (not just its start): never alone at a foot.
        let first = rows.first().map_or(0.0, |r| r.height().min(BODY_H - header.height()));
        self.ensure(header.height() + first);
        self.draw_row(&header);
        self.fresh = false;
        self.running_header = Some(header);
        for row in rows {
            self.place_row(row, true);
        }
        self.running_header = None;
    }

    /// Places rows inside a shaded frame; the frame is drawn on each page the
    /// rows reach. The whole box moves to the next page if it fits on one.
    pub(crate) fn place_framed(&mut self, frame: Frame, rows: Vec<Row>) {
        let total: f32 = 2.0 * frame.pad + rows.iter().map(Row::height).sum::<f32>();
        if total <= BODY_H {
            self.ensure(total);
        } else {
            self.ensure(2.0 * frame.pad + rows.first().map_or(0.0, Row::lead));
        }
        let at = self.items().len();
        self.frame = Some(OpenFrame { frame, top: self.y, at });
        self.y += self.frame.as_ref().map_or(0.0, |f| f.frame.pad);
        self.fresh = false;
        for row in rows {
            self.place_row(row, true);
        }
        self.close_frame();
        self.frame = None;
    }

    /// Draws the open frame's background up to the cursor, under its rows.
    fn close_frame(&mut self) {
        let Some(open) = self.frame.as_ref() else { return };
        let (frame, top, at) = (open.frame.clone(), open.top, open.at);
        self.y += frame.pad;
        let h = self.y - top;
        let mut background = vec![Item::Fill { x: frame.x, y: top, w: frame.w, h, color: frame.fill }];
        if let Some((width, color)) = frame.bar {
            background.push(Item::Fill { x: frame.x, y: top, w: width, h, color });
        }
        let items = self.items();
        let at = at.min(items.len());
        items.splice(at..at, background);
    }

    /// After a page break inside a frame: the frame continues on the new page.
    fn reopen_frame(&mut self) {
        let len = self.items().len();
        let y = self.y;
        if let Some(open) = self.frame.as_mut() {
            open.top = y;
            open.at = len;
            self.y += open.frame.pad;
        }
    }

    /// Places a fixed drawing of height `h` (items relative to its top).
    pub(crate) fn place_figure(&mut self, h: f32, items: &[Item]) {
        self.ensure(h);
        let y = self.y;
        let out = self.items();
        out.extend(items.iter().cloned().map(|mut item| {
            item.shift(y);
            item
        }));
        self.y += h;
        self.fresh = false;
    }

    pub(crate) fn is_fresh(&self) -> bool {
        self.fresh
    }

    pub(crate) fn remaining_height(&self) -> f32 {
        self.remaining()
    }

    /// The pages placed so far.
    pub(crate) fn into_pages(self) -> Vec<Page> {
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::INK;

    fn lines(n: usize) -> Vec<Line> {
        vec![Line::default(); n]
    }

    /// A one-cell row of `n` lines, 10 pt apart.
    fn row(n: usize) -> Row {
        Row {
            cells: vec![Cell { x: 0.0, w: 100.0, right: false, lines: lines(n), size: 10.0, lh: 10.0, color: INK }],
            ..Row::default()
        }
    }

    fn counts(split: Option<(Row, Row)>) -> Option<(usize, usize)> {
        split.map(|(a, b)| (a.cells[0].lines.len(), b.cells[0].lines.len()))
    }

    #[test]
    fn split_keeps_two_lines_on_each_side() {
        assert_eq!(counts(row(10).split(45.0, true)), Some((4, 6)));
        // 9 of 10 fit: one would be left alone at the top of the next page.
        assert_eq!(counts(row(10).split(95.0, true)), Some((8, 2)));
        // One line fits: it would be alone at the foot of the page.
        assert_eq!(counts(row(10).split(15.0, true)), None);
        assert_eq!(counts(row(3).split(25.0, true)), None);
        // Without the rule (an empty page), whatever fits.
        assert_eq!(counts(row(10).split(15.0, false)), Some((1, 9)));
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_not_looped_over() {
        let mut pager = Pager::new();
        pager.start_chapter(Some(0));
        pager.place_row(row(500), true);
        let pages = pager.pages.len();
        assert!(pages >= 7, "{pages}");
        let drawn: usize = pager.pages.iter().map(|p| p.items.len()).sum();
        assert_eq!(drawn, 500, "every line drawn once");
    }
}
