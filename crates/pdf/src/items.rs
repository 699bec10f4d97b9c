//! What layout produces and drawing consumes: positioned text, fills and
//! paths on a page, in points from the page's top-left corner (drawing flips
//! them into PDF space).

use super::style::Rgb;
use super::text::Line;

/// How a stroke is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    Dashed,
    Dotted,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub color: Rgb,
    pub width: f32,
    pub dash: Dash,
}

impl Stroke {
    pub(crate) fn solid(color: Rgb, width: f32) -> Stroke {
        Stroke { color, width, dash: Dash::Solid }
    }
}

/// A path of straight segments and cubic Béziers. Each point is (x, y, is a
/// Bézier control point); a curve is two control points then its end point.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Path {
    pub points: Vec<(f32, f32, bool)>,
    pub closed: bool,
}

/// The circle-to-Bézier constant.
const KAPPA: f32 = 0.552_284_8;

impl Path {
    pub(crate) fn line(x1: f32, y1: f32, x2: f32, y2: f32) -> Path {
        Path { points: vec![(x1, y1, false), (x2, y2, false)], closed: false }
    }

    pub(crate) fn curve(p0: (f32, f32), c1: (f32, f32), c2: (f32, f32), p3: (f32, f32)) -> Path {
        Path {
            points: vec![(p0.0, p0.1, false), (c1.0, c1.1, true), (c2.0, c2.1, true), (p3.0, p3.1, false)],
            closed: false,
        }
    }

    /// A rectangle with corners rounded by `r`.
    pub(crate) fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Path {
        let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
        let k = r * KAPPA;
        let (x2, y2) = (x + w, y + h);
        let mut points = vec![(x + r, y, false), (x2 - r, y, false)];
        points.extend([(x2 - r + k, y, true), (x2, y + r - k, true), (x2, y + r, false)]);
        points.push((x2, y2 - r, false));
        points.extend([(x2, y2 - r + k, true), (x2 - r + k, y2, true), (x2 - r, y2, false)]);
        points.push((x + r, y2, false));
        points.extend([(x + r - k, y2, true), (x, y2 - r + k, true), (x, y2 - r, false)]);
        points.push((x, y + r, false));
        points.extend([(x, y + r - k, true), (x + r - k, y, true), (x + r, y, false)]);
        Path { points, closed: true }
    }

    fn shift(&mut self, dy: f32) {
        for p in &mut self.points {
            p.1 += dy;
        }
    }
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// A line of text with its baseline at `baseline`.
    Text { x: f32, baseline: f32, size: f32, color: Rgb, line: Line },
    /// A filled rectangle.
    Fill { x: f32, y: f32, w: f32, h: f32, color: Rgb },
    /// A path, filled and/or stroked.
    Shape { path: Path, fill: Option<Rgb>, stroke: Option<Stroke> },
    /// The page a chapter starts on, right-aligned at `x_right`, with a dotted
    /// leader from `leader_from`: known only once the whole document is laid out.
    PageRef { chapter: usize, x_right: f32, baseline: f32, size: f32, color: Rgb, leader_from: f32 },
}

impl Item {
    /// Moves the item down by `dy`.
    pub(crate) fn shift(&mut self, dy: f32) {
        match self {
            Item::Text { baseline, .. } | Item::PageRef { baseline, .. } => *baseline += dy,
            Item::Fill { y, .. } => *y += dy,
            Item::Shape { path, .. } => path.shift(dy),
        }
    }
}

/// A laid-out page: the chapter whose running header it carries (`None` for the
/// single page of an empty document) and what is drawn on it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    pub chapter: Option<usize>,
    pub items: Vec<Item>,
}
