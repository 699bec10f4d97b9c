//! Rapport's PDF engine: lays out a [`Document`] on A4 pages and writes it with
//! printpdf. Briefs, packs and later reports are all built as a [`Document`]
//! (see [`model`]); this module knows nothing about meetings.
//!
//! The pipeline:
//! 1. `blocks` cleans, measures and wraps each block's text (`text`, with the
//!    bundled `fonts`) into rows, frames and figures (the map: `map`);
//! 2. `layout` places them on pages, keeping headings with what follows,
//!    avoiding widows and orphans, repeating table headers;
//! 3. `draw` turns the pages into PDF operations, adds the running header,
//!    "Page N of M" and the DRAFT mark, and writes the file: fonts subset,
//!    same document in, same bytes out.
//!
//! [`html`] renders the same model as a standalone HTML page.
//!
//! Scripts: Noto Sans (Regular, Bold) covers Latin, Greek and Cyrillic; Droid
//! Sans Fallback covers Chinese and Japanese (Han, kana) and is parsed and
//! embedded only when a document needs it; NanumSquare covers the Hangul
//! syllables Droid lacks, on the same terms; so do Noto Sans Arabic, Noto Sans
//! Hebrew (regular only: bold text in them is drawn regular) and Noto Emoji
//! (monochrome outlines). Arabic, Hebrew, emoji and right-to-left text are
//! shaped (`text`) and each line is ordered by the Unicode bidi algorithm.
//! Private-use characters and anything else no font has are drawn as U+FFFD
//! (�): visible, never silently dropped.

mod blocks;
mod draw;
mod fonts;
pub mod html;
mod items;
mod layout;
mod map;
pub mod model;
mod style;
mod text;

use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};

pub use model::*;

/// A written PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The progress callback asked to stop.
    #[error("cancelled")]
    Cancelled,
    #[error("the PDF could not be made: {0}")]
    Failed(String),
}

/// Lays out and writes the PDF. `progress(done_chapters, total_chapters)` is
/// called after each chapter; returning `ControlFlow::Break(())` cancels
/// (→ [`PdfError::Cancelled`]).
pub fn render_with(
    doc: &Document,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<Rendered, PdfError> {
    let fonts = fonts::Fonts::load().ok_or_else(|| PdfError::Failed("the bundled fonts could not be read".into()))?;
    // Layout is written not to panic on any input; should a dependency panic
    // all the same, the caller gets an error rather than a dead worker.
    catch_unwind(AssertUnwindSafe(|| {
        let (pages, starts) = layout::layout(doc, &fonts, progress)?;
        let bytes = draw::write(doc, &fonts, &pages, &starts)?;
        Ok(Rendered { bytes, pages: pages.len() })
    }))
    .unwrap_or_else(|_| Err(PdfError::Failed("internal error while writing the PDF".into())))
}

/// [`render_with`] without progress reports.
pub fn render(doc: &Document) -> Result<Rendered, PdfError> {
    render_with(doc, &mut |_, _| ControlFlow::Continue(()))
}
