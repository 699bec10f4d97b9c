//! The document model every Rapport PDF is built from — briefs, packs and later
//! reports. Builders (`brief`, …) turn data into a [`Document`]; the engine
//! ([`super::render`]) lays it out on A4 pages; the UI's brief preview reads
//! the same model (as JSON). A new brief section is one function that
//! returns blocks: nothing here knows about meetings.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A whole PDF: chapters in order, each starting on a new page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Document {
    /// The PDF's title (metadata and the first page header).
    pub title: String,
    /// The injected clock: printed in the header as the generation date and used
    /// for the PDF's metadata dates, so the same data and clock give the same bytes.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub generated: DateTime<Utc>,
    pub chapters: Vec<Chapter>,
    /// Who may read it, printed in the middle of every page's footer
    /// ("Internal — not for the customer"); none prints nothing.
    pub audience: Option<String>,
}

/// A run of pages with one running header. Chapters start on a new page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Chapter {
    /// Running header of its pages and its line in [`Block::Contents`].
    pub title: String,
    /// A diagonal DRAFT mark across every page of this chapter.
    pub draft: bool,
    /// Listed in a [`Block::Contents`] with the page it starts on.
    pub in_contents: bool,
    pub blocks: Vec<Block>,
}

/// One piece of a chapter, laid out top to bottom.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// The chapter's big title, with an optional line under it.
    Title {
        text: String,
        subtitle: Option<String>,
    },
    /// A section heading; never left alone at the foot of a page.
    Heading {
        text: String,
    },
    /// Wrapped text; spans may be strong (bold).
    Paragraph {
        spans: Vec<Span>,
    },
    /// Small grey text (an empty section, a caption, a source).
    Note {
        text: String,
    },
    /// Label → value pairs in two columns (who, when, where …). Values wrap.
    Facts {
        rows: Vec<Fact>,
    },
    Bullets {
        items: Vec<String>,
    },
    /// Items with an empty tick box in front.
    Checklist {
        items: Vec<String>,
    },
    /// A shaded box that stands out (the three things to know).
    Callout {
        title: String,
        items: Vec<String>,
    },
    /// A table that breaks across pages with its header repeated.
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    /// A small vector drawing of who knows whom.
    Map(MapFigure),
    /// One line per chapter with `in_contents`, with the page it starts on.
    Contents,
    /// Continue on a new page.
    PageBreak,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Span {
    pub text: String,
    pub strong: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Self { text: text.into(), strong: false }
    }
    pub fn strong(text: impl Into<String>) -> Self {
        Self { text: text.into(), strong: true }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Column {
    pub title: String,
    /// Share of the table's width, relative to the other columns.
    pub width: f32,
    pub align: Align,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Right,
}

/// People on two sides (ours on the left, theirs on the right) and their ties.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MapFigure {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub caption: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MapNode {
    /// Referenced by [`MapEdge::from`] / [`MapEdge::to`].
    pub id: String,
    pub label: String,
    /// A second, smaller line (title).
    pub detail: Option<String>,
    pub ours: bool,
    /// Drawn with a ring: a risk the brief talks about (e.g. a key person).
    pub highlight: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MapEdge {
    pub from: String,
    pub to: String,
    pub line: Line,
    /// 1 (weak) to 5 (strong): the stroke width.
    pub strength: u8,
}

/// How a tie is drawn: formal solid, personal dashed, proxied dotted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Line {
    Solid,
    Dashed,
    Dotted,
}
