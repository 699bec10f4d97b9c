//! Rapport's PDF engine: lays out a [`Document`] on A4 pages and writes it with
//! printpdf. Briefs, packs and reports are all built as a [`Document`] (see
//! [`model`]); this crate knows nothing about meetings or accounts, and imports
//! nothing from the domain, so editing the domain does not recompile it.
//!
//! The pipeline:
//! 1. `blocks` cleans, measures and wraps each block's text (`text`, with the
//!    bundled `fonts`) into rows, frames and figures (the map: `map`);
//! 2. `layout`'s pager places them on pages ([`paginate`] drives the two),
//!    keeping headings with what follows, avoiding widows and orphans,
//!    repeating table headers;
//! 3. `draw` turns the pages into PDF operations, adds the running header,
//!    "Page N of M" and the DRAFT mark, and writes the file: fonts subset,
//!    same document in, same bytes out.
//!
//! With the `html` feature (tests and the brief benchmark only), `html`
//! renders the same model as a standalone HTML page.
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
#[cfg(any(test, feature = "html"))]
pub mod html;
mod invisible;
mod items;
mod layout;
mod map;
pub mod model;
mod style;
mod text;

use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use blocks::Prep;
use items::Page;
use layout::Pager;

pub use invisible::strip_invisible;
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
        let (pages, starts) = paginate(doc, &fonts, progress)?;
        let bytes = draw::write(doc, &fonts, &pages, &starts)?;
        Ok(Rendered { bytes, pages: pages.len() })
    }))
    .unwrap_or_else(|_| Err(PdfError::Failed("internal error while writing the PDF".into())))
}

/// [`render_with`] without progress reports.
pub fn render(doc: &Document) -> Result<Rendered, PdfError> {
    render_with(doc, &mut |_, _| ControlFlow::Continue(()))
}

/// Lays out the whole document. Returns the pages and, per chapter, the index
/// of the page it starts on. `progress` runs after each chapter.
fn paginate(
    doc: &Document,
    fonts: &fonts::Fonts,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<(Vec<Page>, Vec<usize>), PdfError> {
    let mut pager = Pager::new();
    let mut starts = Vec::with_capacity(doc.chapters.len());
    let total = doc.chapters.len();
    if total == 0 {
        pager.start_chapter(None);
        place_all(&mut pager, blocks::prepare_empty(fonts, doc));
    }
    for (index, chapter) in doc.chapters.iter().enumerate() {
        starts.push(pager.start_chapter(Some(index)));
        place_all(&mut pager, blocks::prepare_chapter(fonts, doc, chapter));
        if progress(index + 1, total).is_break() {
            return Err(PdfError::Cancelled);
        }
    }
    Ok((pager.into_pages(), starts))
}

fn place_all(pager: &mut Pager, preps: Vec<Prep>) {
    let leads: Vec<f32> = (0..preps.len()).map(|i| Prep::following_lead(&preps[i + 1..])).collect();
    for (prep, lead) in preps.into_iter().zip(leads) {
        prep.place(pager, lead);
    }
}
