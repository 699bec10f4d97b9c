//! The PDF engine read back the way a reader sees it: poppler's pdfinfo,
//! pdftotext, pdffonts and pdftoppm (poppler-utils must be installed; a missing
//! tool fails the test). Set `RAPPORT_PDF_OUT=<dir>` to keep the PDFs made here.

use crate::common::poppler;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use rapport_core::pdf::{
    self, Align, Block, Chapter, Column, Document, Fact, Line, MapEdge, MapFigure, MapNode, PdfError, Span,
};

fn generated() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

const HEADER: &str = "CONFIDENTIAL · generated 23 Nov 2026";

/// A written PDF kept alive for the tools to read.
struct Written {
    _dir: tempfile::TempDir,
    path: PathBuf,
    pages: usize,
    bytes: usize,
}

fn write(name: &str, doc: &Document) -> Written {
    let rendered = pdf::render(doc).expect("renders");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, &rendered.bytes).unwrap();
    if let Ok(out) = std::env::var("RAPPORT_PDF_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(Path::new(&out).join(format!("{name}.pdf")), &rendered.bytes).unwrap();
    }
    Written { _dir: dir, path, pages: rendered.pages, bytes: rendered.bytes.len() }
}

fn chapter(title: &str, blocks: Vec<Block>) -> Chapter {
    Chapter { title: title.into(), draft: false, in_contents: true, blocks }
}

fn para(text: &str) -> Block {
    Block::Paragraph { spans: vec![Span::plain(text)] }
}

fn heading(text: &str) -> Block {
    Block::Heading { text: text.into() }
}

fn node(id: &str, label: &str, detail: Option<&str>, ours: bool, highlight: bool) -> MapNode {
    MapNode { id: id.into(), label: label.into(), detail: detail.map(Into::into), ours, highlight }
}

fn edge(from: &str, to: &str, line: Line, strength: u8) -> MapEdge {
    MapEdge { from: from.into(), to: to.into(), line, strength }
}

fn attendee_columns() -> Vec<Column> {
    vec![
        Column { title: "Attendee".into(), width: 3.0, align: Align::Left },
        Column { title: "Organisation".into(), width: 3.0, align: Align::Left },
        Column { title: "Side".into(), width: 1.3, align: Align::Left },
        Column { title: "Last met".into(), width: 1.8, align: Align::Right },
    ]
}

fn map_figure(ours: usize, theirs: usize) -> MapFigure {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for i in 0..ours {
        nodes.push(node(&format!("o{i}"), &format!("Our person {i}"), Some("Account director"), true, i == 1));
    }
    for i in 0..theirs {
        nodes.push(node(&format!("t{i}"), &format!("Their person {i}"), Some("VP Operations"), false, i == 0));
    }
    let kinds = [Line::Solid, Line::Dashed, Line::Dotted];
    for i in 0..ours.max(theirs) {
        if ours > 0 && theirs > 0 {
            edges.push(edge(
                &format!("o{}", i % ours),
                &format!("t{}", (i * 7) % theirs),
                kinds[i % 3],
                (i % 5 + 1) as u8,
            ));
        }
    }
    MapFigure { nodes, edges, caption: Some("Lines show who knows whom; thicker is stronger.".into()) }
}

/// A realistic brief: what a CEO reads before a meeting.
fn brief_blocks() -> Vec<Block> {
    vec![
        Block::Title {
            text: "Quarterly review with Northwind Logistics".into(),
            subtitle: Some("Tuesday 24 November 2026, 10:00–11:00 · Northwind HQ, Rotterdam".into()),
        },
        Block::Facts {
            rows: vec![
                Fact {
                    label: "Who".into(),
                    value: "Maren Kovač (COO), Pieter de Vries (Head of Procurement), Aiko Tanaka (CFO)".into(),
                },
                Fact { label: "When".into(), value: "Tuesday 24 November 2026, 10:00–11:00 CET".into() },
                Fact {
                    label: "Where".into(),
                    value: "Northwind HQ, Wilhelminakade 91, Rotterdam — 4th floor, room Maas".into(),
                },
                Fact { label: "Account owner".into(), value: "Ines Okafor".into() },
                Fact {
                    label: "Objective".into(),
                    value:
                        "Renew the fleet-telemetry contract for three years and open the door to the Hamburg depots."
                            .into(),
                },
            ],
        },
        Block::Callout {
            title: "Three things to know".into(),
            items: vec![
                "Maren Kovač decides; Pieter de Vries runs the numbers and will push on price per vehicle.".into(),
                "The March outage cost them two days of routing data: acknowledge it before they raise it.".into(),
                "Aiko Tanaka joined in September from a competitor's customer and has not met us yet.".into(),
            ],
        },
        heading("Who is in the room"),
        Block::Table {
            columns: attendee_columns(),
            rows: vec![
                vec!["Maren Kovač".into(), "Northwind Logistics".into(), "Theirs".into(), "3 Nov 2026".into()],
                vec!["Pieter de Vries".into(), "Northwind Logistics".into(), "Theirs".into(), "12 Oct 2026".into()],
                vec!["Aiko Tanaka".into(), "Northwind Logistics".into(), "Theirs".into(), "—".into()],
                vec!["Ines Okafor".into(), "Rapport Demo Ltd".into(), "Ours".into(), "—".into()],
                vec!["Tom Becker".into(), "Rapport Demo Ltd".into(), "Ours".into(), "—".into()],
            ],
        },
        heading("Relationship map"),
        Block::Map(MapFigure {
            nodes: vec![
                node("ines", "Ines Okafor", Some("Account director"), true, false),
                node("tom", "Tom Becker", Some("Solutions engineer"), true, false),
                node("sara", "Sara Lindqvist", Some("CEO"), true, false),
                node("raj", "Raj Patel", Some("Support lead"), true, false),
                node("maren", "Maren Kovač", Some("COO"), false, true),
                node("pieter", "Pieter de Vries", Some("Head of Procurement"), false, false),
                node("aiko", "Aiko Tanaka", Some("CFO"), false, false),
            ],
            edges: vec![
                edge("ines", "maren", Line::Solid, 4),
                edge("ines", "pieter", Line::Solid, 3),
                edge("tom", "pieter", Line::Dashed, 2),
                edge("sara", "maren", Line::Dashed, 5),
                edge("raj", "aiko", Line::Dotted, 1),
                edge("ines", "sara", Line::Solid, 2),
            ],
            caption: Some("Ties from the last twelve months of meetings and introductions.".into()),
        }),
        heading("Open commitments"),
        Block::Bullets {
            items: vec![
                "Send the outage post-mortem with the new failover design (Tom, promised 3 Nov).".into(),
                "Quote for 40 extra trailers in Hamburg, priced per vehicle per month.".into(),
                "Introduce Aiko Tanaka to our CFO.".into(),
                "Confirm the data-retention clause with Northwind's legal team.".into(),
            ],
        },
        heading("Before the meeting"),
        Block::Checklist {
            items: vec![
                "Read the March outage post-mortem.".into(),
                "Bring the three-year pricing sheet (two options).".into(),
                "Check whether Hamburg depots run the same telematics boxes.".into(),
                "Agree with Tom who answers technical questions.".into(),
            ],
        },
        heading("Recent history"),
        Block::Paragraph {
            spans: vec![
                Span::plain("Northwind has been a customer since 2021. "),
                Span::strong("Renewal is due on 31 January 2027"),
                Span::plain(
                    " and procurement has asked two competitors for quotes. The relationship is warm at the top: \
                     Maren Kovač and Sara Lindqvist sit on the same logistics council, and the last steering \
                     meeting ended with a request for a Hamburg proposal. The weak point is finance, where the \
                     new CFO has no history with us.",
                ),
            ],
        },
        Block::Note { text: "Sources: CRM notes, meeting log, support tickets (last 12 months).".into() },
    ]
}

fn brief_doc() -> Document {
    Document {
        audience: None,
        title: "Brief — Northwind Logistics".into(),
        generated: generated(),
        chapters: vec![chapter("Northwind Logistics — quarterly review", brief_blocks())],
    }
}

fn long_table(rows: usize) -> Block {
    Block::Table {
        columns: attendee_columns(),
        rows: (1..=rows)
            .map(|i| {
                vec![
                    format!("Person number {i}"),
                    format!("Organisation {}", i % 17),
                    if i % 2 == 0 { "Ours".into() } else { "Theirs".into() },
                    format!("{} Oct 2026", i % 28 + 1),
                ]
            })
            .collect(),
    }
}

/// Every block type over several chapters: a contents chapter, a brief, a draft
/// chapter, a long table and an empty chapter.
fn pack_doc() -> Document {
    let mut contents =
        chapter("Contents", vec![Block::Title { text: "Account pack".into(), subtitle: None }, Block::Contents]);
    contents.in_contents = false;
    let mut draft = chapter(
        "Hamburg expansion (draft)",
        vec![
            heading("Working notes"),
            para("These notes are not agreed yet. The Hamburg depots run older telematics boxes."),
            Block::PageBreak,
            para("Second page of the draft chapter, after an explicit page break."),
        ],
    );
    draft.draft = true;
    Document {
        audience: None,
        title: "Account pack — Northwind".into(),
        generated: generated(),
        chapters: vec![
            contents,
            chapter("Northwind Logistics — quarterly review", brief_blocks()),
            draft,
            chapter("Attendee history", vec![heading("Everyone we met"), long_table(150)]),
            chapter("Closing chapter without blocks", vec![]),
        ],
    }
}

fn page_of(pages: &[String], needle: &str) -> Option<usize> {
    pages.iter().position(|p| p.contains(needle)).map(|i| i + 1)
}

#[test]
fn every_block_type_renders_a_valid_pdf_with_header_and_footer() {
    let pdf = write("pack", &pack_doc());
    assert_eq!(poppler::page_count(&pdf.path), pdf.pages);
    assert!(pdf.pages >= 7, "contents, brief (2), draft (2), table (3+), empty: got {}", pdf.pages);
    let info = poppler::info(&pdf.path);
    assert!(info.contains("Account pack — Northwind"), "{info}");
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");

    let pages = poppler::pages_text(&pdf.path);
    assert_eq!(pages.len(), pdf.pages);
    let all = pages.join("\n");
    for text in [
        "Quarterly review with Northwind Logistics",
        "Tuesday 24 November 2026, 10:00–11:00 · Northwind HQ, Rotterdam",
        "Account owner",
        "Renew the fleet-telemetry contract",
        "Three things to know",
        "Acknowledge".to_lowercase().as_str(),
        "Who is in the room",
        "Pieter de Vries",
        "Maren Kovač",
        "Head of Procurement",
        "Our side",
        "Their side",
        "formal",
        "personal",
        "proxied",
        "Ties from the last twelve months",
        "Quote for 40 extra trailers in Hamburg",
        "Bring the three-year pricing sheet",
        "Renewal is due on 31 January 2027",
        "Sources: CRM notes",
        "Second page of the draft chapter",
        "Person number 150",
    ] {
        assert!(all.contains(text), "missing {text:?}");
    }
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {}", i + 1, pdf.pages)), "page {} footer:\n{page}", i + 1);
        assert!(page.contains(HEADER), "page {} header:\n{page}", i + 1);
    }
    let fonts = poppler::fonts(&pdf.path);
    assert!(fonts.len() >= 2, "{fonts:?}");
    for font in &fonts {
        assert!(font.embedded && font.subset, "{font:?}");
    }
    assert!(!fonts.iter().any(|f| f.name.contains("Droid")), "no CJK here, so no fallback font: {fonts:?}");
}

#[test]
fn a_two_page_brief_is_small_and_two_pages() {
    let pdf = write("brief", &brief_doc());
    assert_eq!(pdf.pages, 2, "the realistic brief fits on two pages");
    assert!(pdf.bytes < 200_000, "{} bytes", pdf.bytes);
    let pages = poppler::pages_text(&pdf.path);
    // Reading order within a line: the facts' label and value.
    assert!(pages[0].lines().any(|l| l.contains("Account owner") && l.contains("Ines Okafor")), "{}", pages[0]);
    assert!(pages[0].lines().any(|l| l.contains("Maren Kovač") && l.contains("Theirs") && l.contains("3 Nov 2026")));
}

#[test]
fn a_long_table_repeats_its_header_on_every_page_it_covers() {
    let doc = Document {
        audience: None,
        title: "Table".into(),
        generated: generated(),
        chapters: vec![chapter("Table", vec![long_table(150)])],
    };
    let pdf = write("table", &doc);
    assert!(pdf.pages >= 3, "150 rows span several pages, got {}", pdf.pages);
    let mut seen = Vec::new();
    for page in 1..=pdf.pages {
        let text = poppler::page_text(&pdf.path, page);
        let header =
            text.lines().find(|l| l.contains("Attendee")).unwrap_or_else(|| panic!("no header on page {page}"));
        for title in ["Organisation", "Side", "Last met"] {
            assert!(header.contains(title), "page {page}: {header}");
        }
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("Person number ") {
                let n: usize = rest.split_whitespace().next().unwrap().parse().unwrap();
                seen.push(n);
            }
        }
    }
    assert_eq!(seen, (1..=150).collect::<Vec<_>>(), "every row once, in order");
}

#[test]
fn contents_page_numbers_match_where_chapters_start() {
    let pdf = write("pack-contents", &pack_doc());
    let pages = poppler::pages_text(&pdf.path);
    let doc = pack_doc();
    let listed: Vec<&Chapter> = doc.chapters.iter().filter(|c| c.in_contents).collect();
    let first = &pages[0];
    for chapter in listed {
        let line = first
            .lines()
            .find(|l| l.contains(&chapter.title))
            .unwrap_or_else(|| panic!("{} not listed", chapter.title));
        let number: usize = line.split_whitespace().last().unwrap().parse().expect("a page number ends the line");
        // The running header names the chapter from its first page on, and the
        // page before belongs to another chapter.
        let header = |p: usize| pages[p - 1].lines().find(|l| l.contains("CONFIDENTIAL")).unwrap().to_string();
        assert!(
            header(number).contains(&chapter.title),
            "{} listed on page {number}: {}",
            chapter.title,
            header(number)
        );
        assert!(!header(number - 1).contains(&chapter.title), "{} starts before page {number}", chapter.title);
    }
}

/// The DRAFT mark's colour (it is drawn as shapes, not text).
const DRAFT_RGB: [u8; 3] = [0xF6, 0xD4, 0xD4];

#[test]
fn draft_mark_is_on_the_draft_chapter_pages_only() {
    let pdf = write("pack-draft", &pack_doc());
    let pages = poppler::pages_text(&pdf.path);
    let header = |page: &String| page.lines().find(|l| l.contains("CONFIDENTIAL")).unwrap_or_default().to_string();
    let draft_pages: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| header(p).contains("Hamburg expansion (draft)"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(draft_pages.len(), 2, "the draft chapter has two pages");
    let rasters = poppler::raster_color(&pdf.path, 30);
    for (i, page) in rasters.iter().enumerate() {
        let marked = page.count_near(DRAFT_RGB, 6);
        if draft_pages.contains(&(i + 1)) {
            assert!(marked > 2000, "page {}: no DRAFT mark ({marked} px)", i + 1);
        } else {
            assert!(marked < 50, "page {}: DRAFT mark on a final chapter ({marked} px)", i + 1);
        }
        // The mark is a drawing: it never mixes into the text.
        assert!(!pages[i].contains("DRAFT") && !pages[i].contains("DR\n"), "page {}", i + 1);
    }
}

/// Pixel checks at 40 dpi: no page is blank, the body of every page carries
/// ink (but those listed in `empty_bodies`), and nothing is drawn in the outer 3 mm.
fn assert_inked_within_margins(pdf: &Written, empty_bodies: &[usize]) {
    let rasters = poppler::raster(&pdf.path, 40);
    assert_eq!(rasters.len(), pdf.pages);
    let mm = 40.0 / 25.4;
    for (i, page) in rasters.iter().enumerate() {
        let (w, h) = (page.width, page.height);
        assert!(page.ink_in(0, 0, w, h, 200) > 0, "page {} is blank", i + 1);
        let edge = (3.0 * mm) as usize + 1;
        let outside = page.ink_in(0, 0, w, edge, 250)
            + page.ink_in(0, h - edge, w, h, 250)
            + page.ink_in(0, 0, edge, h, 250)
            + page.ink_in(w - edge, 0, w, h, 250);
        assert_eq!(outside, 0, "page {}: ink in the outer 3 mm", i + 1);
        let body = page.ink_in(0, (28.0 * mm) as usize, w, h - (24.0 * mm) as usize, 200);
        assert_eq!(body == 0, empty_bodies.contains(&(i + 1)), "page {}: body ink {body}", i + 1);
    }
}

#[test]
fn pages_are_inked_and_stay_inside_their_margins() {
    let pdf = write("pack-raster", &pack_doc());
    // The last chapter has no blocks: only its header and footer.
    assert_inked_within_margins(&pdf, &[pdf.pages]);
}

fn hostile_doc() -> Document {
    let long_word = "w".repeat(10_000);
    let zalgo =
        "Z\u{337}\u{322}a\u{336}l\u{334}g\u{335}o\u{338} Z\u{337}\u{322}\u{327}\u{35c}\u{35e}a\u{336}\u{34f}\u{35d}";
    let overrides =
        "Invoice \u{202E}fdp.exe\u{202C} from \u{2067}evil\u{2069} zero\u{200B}width\u{200D}joined\u{FEFF}bom\u{200E}";
    let mut map = map_figure(20, 14);
    map.nodes.push(node("x", &"Very long name that cannot fit ".repeat(8), Some(&"detail ".repeat(30)), true, true));
    map.edges.push(edge("o0", "o5", Line::Dashed, 9));
    map.edges.push(edge("t1", "t9", Line::Dotted, 0));
    map.edges.push(edge("nobody", "t1", Line::Solid, 3));
    let mut draft = chapter(
        "Ελληνικά και Русский — 日本語 中文 한국어",
        vec![
            Block::Title {
                text: overrides.into(),
                subtitle: Some("\u{1F600} emoji \u{E000} private use \u{1F1EB}\u{1F1F7}".into()),
            },
            para(
                "Greek: Καλημέρα κόσμε. Cyrillic: Съешь же ещё этих мягких французских булок. Accents: Œuvre, façade, Ångström, naïve, Dvořák, Łódź.",
            ),
            para("CJK: 日本語のテキスト 中文文本 한국어 텍스트"),
            para(zalgo),
            Block::Paragraph { spans: vec![Span::strong("Long word: "), Span::plain(long_word.as_str())] },
            Block::Note { text: "tabs\there\tand\u{7}bells\u{1b}[31m and\r\nCRLF lines\n\n\nand blanks".into() },
            Block::Facts {
                rows: vec![
                    Fact { label: "".into(), value: "".into() },
                    Fact { label: long_word.clone(), value: zalgo.into() },
                ],
            },
            Block::Bullets { items: vec!["".into(), "\u{200B}".into(), "x\u{0301}\u{0301}\u{0301}".into()] },
            Block::Checklist { items: vec![long_word.clone()] },
            Block::Callout { title: "".into(), items: vec![] },
            Block::Callout { title: overrides.into(), items: vec![long_word.clone()] },
            Block::Table { columns: vec![], rows: vec![vec!["orphan cell".into()]] },
            Block::Table {
                columns: vec![
                    Column { title: "NaN width".into(), width: f32::NAN, align: Align::Left },
                    Column { title: "Negative".into(), width: -3.0, align: Align::Right },
                    Column { title: "".into(), width: 0.0, align: Align::Left },
                    Column { title: long_word.clone(), width: 1e30, align: Align::Left },
                ],
                rows: vec![vec![], vec![long_word.clone(), zalgo.into(), "extra".into(), "ignored".into()]],
            },
            Block::Map(map),
            Block::Map(MapFigure { nodes: vec![], edges: vec![], caption: None }),
            Block::Contents,
            Block::PageBreak,
            Block::PageBreak,
            heading(""),
            Block::Heading { text: "Heading at the very end".into() },
        ],
    );
    draft.draft = true;
    Document {
        audience: None,
        title: overrides.into(),
        generated: generated(),
        chapters: vec![draft, chapter("", vec![])],
    }
}

#[test]
fn hostile_text_renders_without_panicking_and_stays_readable() {
    let doc = hostile_doc();
    let pdf = write("hostile", &doc);
    assert_eq!(poppler::page_count(&pdf.path), pdf.pages);
    let text = poppler::pages_text(&pdf.path).join("\n");
    for needle in [
        "Καλημέρα κόσμε",
        "Съешь же ещё этих мягких французских булок",
        "Œuvre,",
        "façade, Ångström, naïve, Dvořák, Łódź",
        "日本語のテキスト",
        "中文文本",
        "Invoice fdp.exe from evil",
        "zerowidthjoinedbom",
        "CRLF lines",
        "Heading at the very end",
        "+9 more",
        "+2 more",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    assert!(text.contains('\u{FFFD}'), "private-use characters show a replacement mark");
    for invisible in ['\u{202E}', '\u{2067}', '\u{200B}', '\u{FEFF}', '\u{7}', '\u{1b}'] {
        assert!(!text.contains(invisible), "{invisible:?} reached the page");
    }
    // The 10,000-character word wraps over many lines: count its letters back.
    // (Three copies: paragraph, checklist item and callout item; the fact label
    // and table cell copies hold more.)
    let ws = text.chars().filter(|&c| c == 'w').count();
    assert!(ws >= 30_000, "the long word lost letters: {ws}");
    for font in poppler::fonts(&pdf.path) {
        assert!(font.embedded && font.subset, "{font:?}");
    }
    assert!(poppler::fonts(&pdf.path).iter().any(|f| f.name.contains("Droid")), "CJK comes from the fallback font");
    // The last chapter has no blocks: only its header and footer.
    assert_inked_within_margins(&pdf, &[pdf.pages]);
}

const ARABIC: &str = "\u{645}\u{631}\u{62D}\u{628}\u{627} \u{628}\u{627}\u{644}\u{639}\u{627}\u{644}\u{645}"; // "marhaban bil-alam"
const SHALOM: &str = "\u{5E9}\u{5DC}\u{5D5}\u{5DD}";
const COHEN: &str = "\u{5DB}\u{5D4}\u{5DF}";

/// Right-to-left scripts and emoji in every place text goes: title, facts,
/// paragraphs, a table with a right-aligned column, a map.
fn scripts_doc() -> Document {
    let mut map = map_figure(2, 1);
    map.nodes[2].label = format!("{SHALOM} {COHEN}");
    map.nodes[2].detail = Some(ARABIC.into());
    Document {
        audience: None,
        title: format!("Brief \u{2014} {SHALOM} \u{1F91D}"),
        generated: generated(),
        chapters: vec![chapter(
            &format!("{ARABIC} \u{2014} {SHALOM}"),
            vec![
                Block::Title { text: format!("Meeting with {SHALOM} {COHEN} today"), subtitle: Some(ARABIC.into()) },
                Block::Facts {
                    rows: vec![
                        Fact { label: "Who".into(), value: format!("{SHALOM} {COHEN} (CEO), {ARABIC}") },
                        Fact {
                            label: "Mood".into(),
                            value: "Thanks \u{1F44D}\u{1F3FD} \u{1F469}\u{200D}\u{1F4BB} \u{2764}\u{FE0F} \u{1F389}"
                                .into(),
                        },
                    ],
                },
                para(&format!("Arabic: {ARABIC}.")),
                para(&format!("{SHALOM} {COHEN} 2026 Nordlys (\u{5D1}\u{5E2}\u{5F4}\u{5DE})")),
                para(&format!(
                    "{ARABIC} {ARABIC} {ARABIC} {ARABIC} {ARABIC} {ARABIC} {ARABIC} {ARABIC} {ARABIC} {ARABIC}"
                )),
                para("Emoji: \u{1F600} \u{1F389} \u{1F680} \u{2705} \u{1F1E9}\u{1F1EA} \u{0031}\u{FE0F}\u{20E3}"),
                Block::Table {
                    columns: vec![
                        Column { title: "Name".into(), width: 3.0, align: Align::Left },
                        Column { title: "\u{5E2}\u{5D9}\u{5E8}".into(), width: 2.0, align: Align::Right },
                    ],
                    rows: vec![
                        vec![ARABIC.into(), format!("{SHALOM} \u{1F600}")],
                        vec![format!("{COHEN} \u{202E}gnp.exe"), "Tel Aviv".into()],
                    ],
                },
                Block::Map(map),
            ],
        )],
    }
}

#[test]
fn arabic_hebrew_and_emoji_are_drawn_shaped_and_in_reading_order() {
    let pdf = write("scripts", &scripts_doc());
    let raw = poppler::pages_text(&pdf.path).join("\n");
    assert!(!raw.contains('\u{FFFD}'), "a replacement mark reached the page:\n{raw}");
    assert!(raw.contains("gnp.exe"), "the override was cleaned, the letters stay in typed order");
    assert!(
        !raw.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c) || c >= '\u{F0000}'),
        "private-use text:\n{raw}"
    );
    // pdftotext wraps lines holding right-to-left text in its own bidi
    // embeddings (U+202A–202C) and lists their pieces right to left: drop the
    // embeddings and look for each piece in reading order.
    let text: String = raw.chars().filter(|c| !('\u{202A}'..='\u{202E}').contains(c)).collect();
    // Every Arabic letter is on the page, copied back as the letter it is
    // (not a presentation form), and words read right to left.
    let arabic = text.chars().filter(|c| ('\u{600}'..='\u{6FF}').contains(c)).count();
    assert!(arabic >= 12 * 12, "Arabic letters: {arabic}\n{text}");
    assert!(!text.chars().any(|c| ('\u{FB1D}'..='\u{FDFF}').contains(&c) || ('\u{FE70}'..='\u{FEFF}').contains(&c)));
    assert!(text.matches(ARABIC).count() >= 12, "{text}");
    // Hebrew: both words in reading order, on the line with the Latin around them.
    let line = text.lines().find(|l| l.contains("Meeting with")).expect("the title line");
    assert!(line.contains(&format!("{SHALOM} {COHEN}")) && line.contains("today"), "{line}");
    assert!(text.contains("\u{5D1}\u{5E2}\u{5F4}\u{5DE}") && text.contains("Nordlys 2026"), "{text}");
    // Emoji: each drawn as itself, sequences copied back whole.
    for emoji in [
        "\u{1F600}",
        "\u{1F389}",
        "\u{1F680}",
        "\u{2705}",
        "\u{1F44D}",
        "\u{2764}",
        "\u{1F91D}",
        "\u{1F469}",
        "\u{1F4BB}",
    ] {
        assert!(text.contains(emoji), "missing {emoji:?} in\n{text}");
    }
    let fonts = poppler::fonts(&pdf.path);
    for name in ["NotoSansArabic", "NotoSansHebrew", "NotoEmoji"] {
        let font = fonts.iter().find(|f| f.name.contains(name)).unwrap_or_else(|| panic!("{name} missing: {fonts:?}"));
        assert!(font.embedded && font.subset, "{font:?}");
    }
    assert_inked_within_margins(&pdf, &[]);
}

#[test]
fn korean_is_drawn_from_the_hangul_font() {
    let doc = Document {
        audience: None,
        title: "K".into(),
        generated: generated(),
        chapters: vec![chapter("K", vec![para("한국어 텍스트")])],
    };
    let pdf = write("korean", &doc);
    let text = poppler::pages_text(&pdf.path).join("\n");
    let hangul = text.chars().filter(|c| ('\u{AC00}'..='\u{D7A3}').contains(c)).count();
    assert_eq!(hangul, 6, "every syllable is on the page: {text}");
    assert!(poppler::fonts(&pdf.path).iter().any(|f| f.name.contains("Nanum")), "Hangul comes from NanumSquare");
}

#[test]
fn same_document_gives_the_same_bytes() {
    let doc = pack_doc();
    let a = pdf::render(&doc).unwrap();
    let b = pdf::render(&doc).unwrap();
    assert!(a.bytes == b.bytes, "two renders differ");
    let hostile = hostile_doc();
    assert!(pdf::render(&hostile).unwrap().bytes == pdf::render(&hostile).unwrap().bytes);

    let mut later = doc.clone();
    later.generated = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    let c = pdf::render(&later).unwrap();
    assert!(a.bytes != c.bytes, "the generation date is in the file");
    let text = String::from_utf8_lossy(&a.bytes);
    assert!(text.contains("D:20261123093000"), "metadata dates come from the document's clock");
}

/// Filler paragraphs of one line each, then a heading and its paragraph.
fn heading_after(fillers: usize) -> Document {
    let mut blocks: Vec<Block> = (0..fillers).map(|i| para(&format!("Filler paragraph number {i}."))).collect();
    blocks.push(heading("The heading that must not be stranded"));
    blocks.push(para(&"This paragraph follows the heading and has several lines of text. ".repeat(4)));
    Document {
        audience: None,
        title: "Widows".into(),
        generated: generated(),
        chapters: vec![chapter("Widows", blocks)],
    }
}

#[test]
fn a_heading_near_the_foot_of_a_page_moves_to_the_next_page() {
    let mut moved = 0;
    for fillers in 28..42 {
        let pdf = write(&format!("heading-{fillers}"), &heading_after(fillers));
        let pages = poppler::pages_text(&pdf.path);
        let heading = page_of(&pages, "The heading that must not be stranded").unwrap();
        let follows = page_of(&pages, "This paragraph follows the heading").unwrap();
        assert_eq!(heading, follows, "{fillers} fillers: the heading is left alone at the foot of page {heading}");
        let last_filler = page_of(&pages, &format!("Filler paragraph number {}.", fillers - 1)).unwrap();
        if heading == 2 && last_filler == 1 {
            moved += 1;
        }
    }
    assert!(moved > 0, "some filler count puts the heading at the top of page 2");
}

#[test]
fn a_paragraph_never_leaves_one_line_alone_across_a_page_break() {
    for fillers in 40..48 {
        let mut blocks: Vec<Block> = (0..fillers).map(|i| para(&format!("Filler {i}."))).collect();
        let words: Vec<String> = (0..60).map(|i| format!("word{i:02}")).collect();
        blocks.push(para(&words.join(" ")));
        let doc = Document {
            audience: None,
            title: "Orphans".into(),
            generated: generated(),
            chapters: vec![chapter("Orphans", blocks)],
        };
        let pdf = write(&format!("orphans-{fillers}"), &doc);
        let pages = poppler::pages_text(&pdf.path);
        let lines_on = |page: &String| page.lines().filter(|l| l.contains("word")).count();
        let counts: Vec<usize> = pages.iter().map(lines_on).filter(|&n| n > 0).collect();
        assert!(counts.iter().all(|&n| n >= 2), "{fillers} fillers: lines per page {counts:?}");
    }
}

#[test]
fn a_callout_is_kept_whole() {
    for fillers in 30..46 {
        let mut blocks: Vec<Block> = (0..fillers).map(|i| para(&format!("Filler {i}."))).collect();
        blocks.extend(brief_blocks().into_iter().filter(|b| matches!(b, Block::Callout { .. })));
        let doc = Document {
            audience: None,
            title: "Callout".into(),
            generated: generated(),
            chapters: vec![chapter("Callout", blocks)],
        };
        let pdf = write("callout", &doc);
        let pages = poppler::pages_text(&pdf.path);
        let title = page_of(&pages, "Three things to know").unwrap();
        let last = page_of(&pages, "has not met us yet").unwrap();
        assert_eq!(title, last, "{fillers} fillers: the callout is split");
    }
}

#[test]
fn cancelling_from_the_progress_callback_stops_the_render() {
    let doc = pack_doc();
    let mut calls = Vec::new();
    let result = pdf::render_with(&doc, &mut |done, total| {
        calls.push((done, total));
        if done == 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    });
    assert!(matches!(result, Err(PdfError::Cancelled)), "{result:?}");
    assert_eq!(calls, [(1, 5), (2, 5)]);

    let mut calls = Vec::new();
    let rendered = pdf::render_with(&doc, &mut |done, total| {
        calls.push((done, total));
        ControlFlow::Continue(())
    });
    assert!(rendered.is_ok());
    assert_eq!(calls, (1..=5).map(|d| (d, 5)).collect::<Vec<_>>());
}

#[test]
fn empty_documents_still_make_valid_pdfs() {
    let nothing = Document { audience: None, title: "".into(), generated: generated(), chapters: vec![] };
    let pdf = write("empty", &nothing);
    assert_eq!(pdf.pages, 1);
    assert_eq!(poppler::page_count(&pdf.path), 1);
    assert!(poppler::pages_text(&pdf.path)[0].contains("Page 1 of 1"));

    let titled = Document { audience: None, title: "Nothing to show".into(), generated: generated(), chapters: vec![] };
    let pdf = write("empty-titled", &titled);
    assert!(poppler::pages_text(&pdf.path)[0].contains("Nothing to show"));

    let empty_blocks = Document {
        audience: None,
        title: "Empty blocks".into(),
        generated: generated(),
        chapters: vec![chapter(
            "",
            vec![
                Block::Title { text: "".into(), subtitle: Some("".into()) },
                Block::Paragraph { spans: vec![] },
                Block::Paragraph { spans: vec![Span::plain(""), Span::strong("  ")] },
                Block::Note { text: "".into() },
                Block::Facts { rows: vec![] },
                Block::Bullets { items: vec![] },
                Block::Checklist { items: vec![] },
                Block::Table { columns: attendee_columns(), rows: vec![] },
                Block::Map(MapFigure {
                    nodes: vec![],
                    edges: vec![edge("a", "b", Line::Solid, 1)],
                    caption: Some("".into()),
                }),
                Block::Contents,
            ],
        )],
    };
    let pdf = write("empty-blocks", &empty_blocks);
    assert_eq!(poppler::page_count(&pdf.path), 1);
    assert!(poppler::pages_text(&pdf.path)[0].contains("Attendee"), "an empty table still shows its header");

    // A clock beyond what PDF dates can say still renders (metadata falls back).
    let far = Document {
        audience: None,
        title: "Far".into(),
        generated: Utc.with_ymd_and_hms(12_000, 1, 1, 0, 0, 0).unwrap(),
        chapters: vec![],
    };
    let pdf = write("far-future", &far);
    assert_eq!(poppler::page_count(&pdf.path), 1);
}

#[test]
fn html_renders_the_same_sections_escaped() {
    let html = pdf::html::render(&pack_doc());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page") && html.contains("size: A4"));
    assert_eq!(html.matches("<section class=\"chapter\">").count(), 5);
    for text in ["Quarterly review with Northwind Logistics", "Three things to know", "Person number 150", "<svg"] {
        assert!(html.contains(text), "missing {text:?}");
    }
    let hostile = pdf::html::render(&hostile_doc());
    assert!(!hostile.contains('\u{202E}') && !hostile.contains('\u{200B}'));
    if let Ok(out) = std::env::var("RAPPORT_PDF_OUT") {
        std::fs::write(Path::new(&out).join("pack.html"), &html).unwrap();
    }
}

#[test]
fn maps_of_every_size_stay_in_their_box() {
    let mut blocks = Vec::new();
    for n in [1, 2, 5, 12, 13, 40] {
        blocks.push(heading(&format!("Map with {n} per side")));
        blocks.push(Block::Map(map_figure(n, n.saturating_sub(1).max(1))));
    }
    blocks.push(Block::Map(map_figure(0, 3)));
    blocks.push(Block::Map(map_figure(3, 0)));
    let doc = Document {
        audience: None,
        title: "Maps".into(),
        generated: generated(),
        chapters: vec![chapter("Maps", blocks)],
    };
    let pdf = write("maps", &doc);
    let text = poppler::pages_text(&pdf.path).join("\n");
    assert!(text.contains("+1 more") && text.contains("+28 more") && text.contains("+27 more"), "{text}");
    assert!(text.contains("Our person 11") && !text.contains("Our person 12 "), "twelve per side at most");
    assert_inked_within_margins(&pdf, &[]);
}

/// Timings and sizes (run with `--ignored --nocapture`).
#[test]
#[ignore = "prints timings"]
fn timings() {
    let brief = brief_doc();
    let start = Instant::now();
    pdf::render(&brief).unwrap();
    eprintln!("first render (parses Noto Sans): {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    let start = Instant::now();
    let runs = 20;
    let mut size = 0;
    for _ in 0..runs {
        size = pdf::render(&brief).unwrap().bytes.len();
    }
    eprintln!("2-page brief: {:.1} ms, {size} bytes", start.elapsed().as_secs_f64() * 1000.0 / runs as f64);

    let mut pack = Document { audience: None, title: "Pack".into(), generated: generated(), chapters: Vec::new() };
    for i in 0..50 {
        pack.chapters.push(chapter(&format!("Meeting {i}"), brief_blocks()));
    }
    let start = Instant::now();
    let rendered = pdf::render(&pack).unwrap();
    eprintln!(
        "50-chapter pack: {:.0} ms, {} pages, {} bytes",
        start.elapsed().as_secs_f64() * 1000.0,
        rendered.pages,
        rendered.bytes.len()
    );
    let hostile = hostile_doc();
    for run in ["first, parses the CJK fallback", "again"] {
        let start = Instant::now();
        let rendered = pdf::render(&hostile).unwrap();
        eprintln!(
            "hostile document ({run}): {:.0} ms, {} pages, {} bytes",
            start.elapsed().as_secs_f64() * 1000.0,
            rendered.pages,
            rendered.bytes.len()
        );
    }
    let mut cjk = brief_doc();
    cjk.chapters[0].blocks.push(para("会議の要点: 日本語 中文"));
    let start = Instant::now();
    let rendered = pdf::render(&cjk).unwrap();
    eprintln!(
        "2-page brief with some CJK: {:.1} ms, {} bytes",
        start.elapsed().as_secs_f64() * 1000.0,
        rendered.bytes.len()
    );
}
