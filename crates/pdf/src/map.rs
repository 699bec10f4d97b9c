//! The relationship map: our people in a column on the left, theirs on the
//! right, ties as straight lines between them (curves when both people are on
//! the same side). Solid, dashed or dotted by kind of tie; thicker when stronger.
//! At most [`MAX_PER_SIDE`] people per side are drawn, then "+N more".

use std::collections::HashMap;

use super::fonts::Fonts;
use super::items::{Dash, Item, Path, Stroke};
use super::model::{Line as Tie, MapFigure, MapNode};
use super::style::*;
use super::text::{self, Line};

pub(crate) const MAX_PER_SIDE: usize = 12;

const PAD: f32 = 12.0;
const HEAD_H: f32 = 18.0;
const NODE_W: f32 = 158.0;
const NODE_H: f32 = 30.0;
const PITCH: f32 = 38.0;
const MORE_H: f32 = 16.0;
const LEGEND_H: f32 = 22.0;
const LABEL_SIZE: f32 = 8.5;
const DETAIL_SIZE: f32 = 7.0;
const SMALL: f32 = 7.5;

/// Where a drawn person sits.
#[derive(Clone, Copy)]
struct Slot {
    x: f32,
    y: f32,
    ours: bool,
}

impl Slot {
    fn mid_y(&self) -> f32 {
        self.y + NODE_H / 2.0
    }
    /// The x of the side facing the other column.
    fn inner_x(&self) -> f32 {
        if self.ours { self.x + NODE_W } else { self.x }
    }
}

/// The map as items relative to its top, with its height; `None` when there is
/// nobody to draw.
pub(crate) fn draw(fonts: &Fonts, figure: &MapFigure, x0: f32, w: f32) -> Option<(f32, Vec<Item>)> {
    let ours: Vec<&MapNode> = figure.nodes.iter().filter(|n| n.ours).collect();
    let theirs: Vec<&MapNode> = figure.nodes.iter().filter(|n| !n.ours).collect();
    if ours.is_empty() && theirs.is_empty() {
        return None;
    }
    let shown = |side: &[&MapNode]| side.len().min(MAX_PER_SIDE);
    let rows = shown(&ours).max(shown(&theirs));
    let more = ours.len() > MAX_PER_SIDE || theirs.len() > MAX_PER_SIDE;
    let nodes_h = rows as f32 * PITCH - (PITCH - NODE_H);
    let height = PAD + HEAD_H + nodes_h + if more { MORE_H } else { 0.0 } + 8.0 + LEGEND_H + PAD;

    let mut items = vec![Item::Shape {
        path: Path::rounded_rect(x0, 0.0, w, height, 6.0),
        fill: Some(MAP_BG),
        stroke: Some(Stroke::solid(RULE, 0.6)),
    }];
    let left_x = x0 + PAD;
    let right_x = x0 + w - PAD - NODE_W;
    let nodes_top = PAD + HEAD_H;
    let mut placed: Vec<(&MapNode, Slot)> = Vec::new();
    for (side, x, is_ours) in [(&ours, left_x, true), (&theirs, right_x, false)] {
        let count = shown(side);
        let top = nodes_top + (rows - count) as f32 * PITCH / 2.0;
        for (i, node) in side.iter().take(count).enumerate() {
            placed.push((node, Slot { x, y: top + i as f32 * PITCH, ours: is_ours }));
        }
    }
    // Ties find people by id; with a repeated id, the first one drawn.
    let mut slots: HashMap<&str, Slot> = HashMap::new();
    for (node, slot) in &placed {
        slots.entry(node.id.as_str()).or_insert(*slot);
    }

    let heading = if ours.is_empty() { None } else { Some("Our side") };
    column_title(fonts, heading, left_x, &mut items);
    let heading = if theirs.is_empty() { None } else { Some("Their side") };
    column_title(fonts, heading, right_x, &mut items);

    for edge in &figure.edges {
        if let (Some(a), Some(b)) = (slots.get(edge.from.as_str()), slots.get(edge.to.as_str()))
            && edge.from != edge.to
        {
            items.push(tie(a, b, edge.line, edge.strength, (right_x - left_x - NODE_W) / 2.0));
        }
    }
    for (node, slot) in &placed {
        person(fonts, node, slot, &mut items);
    }

    let more_y = nodes_top + nodes_h + 12.0;
    for (side, x) in [(&ours, left_x), (&theirs, right_x)] {
        if side.len() > MAX_PER_SIDE {
            let line = text::single(fonts, &format!("+{} more", side.len() - MAX_PER_SIDE), false, SMALL);
            let cx = x + (NODE_W - line.width) / 2.0;
            items.push(Item::Text { x: cx, baseline: more_y, size: SMALL, color: MUTED, line });
        }
    }
    let any_highlight = figure.nodes.iter().any(|n| n.highlight);
    legend(fonts, x0, w, height - PAD - LEGEND_H / 2.0, any_highlight, &mut items);
    Some((height, items))
}

fn column_title(fonts: &Fonts, title: Option<&str>, x: f32, items: &mut Vec<Item>) {
    let Some(title) = title else { return };
    let line = text::single(fonts, title, true, SMALL);
    let cx = x + (NODE_W - line.width) / 2.0;
    items.push(Item::Text { x: cx, baseline: PAD + 9.0, size: SMALL, color: MUTED, line });
}

/// Stroke of a tie: width from strength 1–5 (out-of-range values clamped).
fn tie_stroke(kind: Tie, strength: u8) -> Stroke {
    let s = f32::from(strength.clamp(1, 5));
    let dash = match kind {
        Tie::Solid => Dash::Solid,
        Tie::Dashed => Dash::Dashed,
        Tie::Dotted => Dash::Dotted,
    };
    let width = 0.6 + 0.45 * (s - 1.0);
    // Dots thinner than a point vanish in print.
    let width = if dash == Dash::Dotted { width.max(1.3) } else { width };
    Stroke { color: MAP_LINE, width, dash }
}

fn tie(a: &Slot, b: &Slot, kind: Tie, strength: u8, max_bulge: f32) -> Item {
    let stroke = Some(tie_stroke(kind, strength));
    let (p, q) = ((a.inner_x(), a.mid_y()), (b.inner_x(), b.mid_y()));
    let path = if a.ours != b.ours {
        Path::line(p.0, p.1, q.0, q.1)
    } else {
        // Same side: a curve bulging into the middle, away from the boxes.
        let bulge = (18.0 + 0.3 * (p.1 - q.1).abs()).min(max_bulge);
        let dx = if a.ours { bulge } else { -bulge };
        Path::curve(p, (p.0 + dx, p.1), (q.0 + dx, q.1), q)
    };
    Item::Shape { path, fill: None, stroke }
}

fn person(fonts: &Fonts, node: &MapNode, slot: &Slot, items: &mut Vec<Item>) {
    let (fill, edge) = if slot.ours { (MAP_OURS, MAP_OURS_EDGE) } else { (MAP_THEIRS, MAP_THEIRS_EDGE) };
    if node.highlight {
        items.push(Item::Shape {
            path: Path::rounded_rect(slot.x - 2.5, slot.y - 2.5, NODE_W + 5.0, NODE_H + 5.0, 7.5),
            fill: None,
            stroke: Some(Stroke::solid(HIGHLIGHT, 1.6)),
        });
    }
    items.push(Item::Shape {
        path: Path::rounded_rect(slot.x, slot.y, NODE_W, NODE_H, 5.0),
        fill: Some(fill),
        stroke: Some(Stroke::solid(edge, 0.6)),
    });
    let inner = NODE_W - 14.0;
    let label = text::truncate(fonts, &node.label, true, LABEL_SIZE, inner);
    let detail = node.detail.as_deref().map(|d| text::truncate(fonts, d, false, DETAIL_SIZE, inner));
    let centred = |line: &Line| slot.x + (NODE_W - line.width) / 2.0;
    match detail.filter(|d| !d.runs.is_empty()) {
        Some(detail) => {
            items.push(Item::Text {
                x: centred(&label),
                baseline: slot.y + 13.0,
                size: LABEL_SIZE,
                color: INK,
                line: label,
            });
            items.push(Item::Text {
                x: centred(&detail),
                baseline: slot.y + 23.5,
                size: DETAIL_SIZE,
                color: MUTED,
                line: detail,
            });
        }
        None => {
            let baseline = slot.y + NODE_H / 2.0 + 0.357 * LABEL_SIZE;
            items.push(Item::Text { x: centred(&label), baseline, size: LABEL_SIZE, color: INK, line: label });
        }
    }
}

/// The key: a sample of each kind of tie (and the ring, when one is drawn).
fn legend(fonts: &Fonts, x0: f32, w: f32, mid_y: f32, ring: bool, items: &mut Vec<Item>) {
    let sample_w = 24.0;
    let mut entries: Vec<(Option<Tie>, Line)> =
        [(Tie::Solid, "formal"), (Tie::Dashed, "personal"), (Tie::Dotted, "proxied")]
            .into_iter()
            .map(|(kind, label)| (Some(kind), text::single(fonts, label, false, SMALL)))
            .collect();
    if ring {
        entries.push((None, text::single(fonts, "highlighted", false, SMALL)));
    }
    let spacing = 18.0;
    let total: f32 =
        entries.iter().map(|(_, l)| sample_w + 5.0 + l.width).sum::<f32>() + spacing * (entries.len() - 1) as f32;
    let mut x = x0 + (w - total) / 2.0;
    for (kind, line) in entries {
        match kind {
            Some(kind) => {
                let path = Path::line(x, mid_y, x + sample_w, mid_y);
                items.push(Item::Shape { path, fill: None, stroke: Some(tie_stroke(kind, 2)) });
            }
            None => {
                let path = Path::rounded_rect(x + 2.0, mid_y - 5.0, sample_w - 4.0, 10.0, 3.0);
                items.push(Item::Shape { path, fill: None, stroke: Some(Stroke::solid(HIGHLIGHT, 1.4)) });
            }
        }
        x += sample_w + 5.0;
        let width = line.width;
        items.push(Item::Text { x, baseline: mid_y + 0.357 * SMALL, size: SMALL, color: MUTED, line });
        x += width + spacing;
    }
}
