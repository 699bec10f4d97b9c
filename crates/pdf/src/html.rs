//! The same [`Document`] as a standalone HTML page (inline CSS, `@page A4`), to
//! compare with headless Chromium printing the brief (the `html` feature: tests
//! and the brief benchmark only; the app's preview draws the model in the UI).
//! All user text is cleaned like the PDF's (no bidi overrides, no invisible
//! characters) and HTML-escaped; the map is the PDF's drawing as inline SVG.

use std::fmt::Write;

use super::fonts::Fonts;
use super::items::{Dash, Item, Path};
use super::model::{Align, Block, Chapter, Column, Document, Fact, MapFigure, Span};
use super::style::{self, Rgb};
use super::text::{Line, clean, clean_line};

const CSS: &str = r#"
@page { size: A4; margin: 26mm 22mm 22mm 22mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt "Noto Sans", sans-serif; color: #6B7280; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Droid Sans Fallback", "NanumSquare", "Noto Emoji", sans-serif; font-size: 10pt; line-height: 1.45; color: #1F2933; }
.chapter { break-before: page; position: relative; }
.chapter:first-of-type { break-before: auto; }
.running { display: flex; justify-content: space-between; gap: 12pt; font-size: 8pt; color: #6B7280; border-bottom: 0.6pt solid #D5DAE1; padding-bottom: 3pt; margin-bottom: 14pt; }
.running b { color: #1D3F72; }
h1 { font-size: 22pt; line-height: 1.45; color: #1D3F72; margin: 0; }
.subtitle { font-size: 12pt; color: #6B7280; margin: 2pt 0 0; }
.title { border-bottom: 1.2pt solid #1D3F72; padding-bottom: 8pt; margin-bottom: 12pt; break-after: avoid; }
h2 { font-size: 13pt; color: #1D3F72; margin: 16pt 0 5pt; break-after: avoid; }
p { margin: 7pt 0 0; orphans: 2; widows: 2; }
.note { font-size: 8.5pt; color: #6B7280; margin-top: 5pt; }
.facts { display: grid; grid-template-columns: 27% 1fr; column-gap: 12pt; margin: 8pt 0 0; }
.facts dt, .facts dd { margin: 0; padding: 4pt 0; border-bottom: 0.5pt solid #D5DAE1; break-inside: avoid; }
.facts dt { font-weight: bold; font-size: 9pt; color: #6B7280; }
ul { margin: 7pt 0 0; padding-left: 14pt; }
li { margin-bottom: 3pt; break-inside: avoid; }
ul.bullets li::marker { color: #1D3F72; }
ul.check { list-style: none; padding-left: 16pt; }
ul.check li::before { content: ""; display: inline-block; width: 8pt; height: 8pt; border: 0.8pt solid #6B7280; border-radius: 1pt; margin: 0 8pt 0 -16pt; vertical-align: -1pt; }
.callout { background: #EEF3F9; border-left: 3pt solid #1D3F72; padding: 10pt 16pt; margin: 12pt 0 0; break-inside: avoid; }
.callout h3 { font-size: 10.5pt; color: #1D3F72; margin: 0 0 4pt; }
.callout ol { margin: 0; padding-left: 16pt; }
.callout li::marker { color: #1D3F72; font-weight: bold; }
table { width: 100%; border-collapse: collapse; margin: 10pt 0 0; font-size: 9pt; table-layout: fixed; }
th { background: #E6ECF4; color: #1D3F72; text-align: left; padding: 5pt; }
td { padding: 4pt 5pt; border-bottom: 0.5pt solid #D5DAE1; vertical-align: top; overflow-wrap: anywhere; }
tr { break-inside: avoid; }
.right { text-align: right; }
figure { margin: 12pt 0 0; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #6B7280; margin-top: 5pt; }
.contents { list-style: none; padding: 0; margin: 8pt 0 0; }
.contents li { display: flex; gap: 6pt; padding: 2.5pt 0; }
.contents .leader { flex: 1; border-bottom: 0.9pt dotted #6B7280; margin-bottom: 4pt; }
.page-break { break-after: page; }
.draft-mark { position: absolute; top: 120mm; left: 0; right: 0; text-align: center; font-size: 120pt; font-weight: bold; color: #F6D4D4; transform: rotate(-50deg); z-index: -1; pointer-events: none; }
p, li, dd, dt, td, th, h1, h2, h3 { overflow-wrap: anywhere; unicode-bidi: plaintext; text-align: left; }
"#;

/// Escapes text for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One-line user text, cleaned and escaped.
fn line(text: &str) -> String {
    esc(&clean_line(text))
}

/// Multi-line user text, cleaned and escaped, line breaks as `<br>`.
fn lines(text: &str) -> String {
    esc(clean(text, true).trim()).replace('\n', "<br>")
}

/// Renders the document as a standalone HTML page.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        line(&doc.title)
    );
    let date = doc.generated.format("%-d %b %Y").to_string();
    let fonts = Fonts::load();
    if doc.chapters.is_empty() {
        let _ = write!(
            out,
            "<section class=\"chapter\">\n<div class=\"title\"><h1>{}</h1></div>\n</section>\n",
            line(&doc.title)
        );
    }
    for chapter in &doc.chapters {
        render_chapter(&mut out, doc, chapter, &date, fonts.as_ref());
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn render_chapter(out: &mut String, doc: &Document, chapter: &Chapter, date: &str, fonts: Option<&Fonts>) {
    out.push_str("<section class=\"chapter\">\n");
    if chapter.draft {
        out.push_str("<div class=\"draft-mark\" aria-hidden=\"true\">DRAFT</div>\n");
    }
    let _ = writeln!(
        out,
        "<header class=\"running\"><span>{}</span><span><b>CONFIDENTIAL</b> · generated {}</span></header>",
        line(&chapter.title),
        esc(date)
    );
    for block in &chapter.blocks {
        render_block(out, doc, block, fonts);
    }
    out.push_str("</section>\n");
}

fn render_block(out: &mut String, doc: &Document, block: &Block, fonts: Option<&Fonts>) {
    match block {
        Block::Title { text, subtitle } => {
            let _ = write!(out, "<div class=\"title\"><h1>{}</h1>", line(text));
            if let Some(sub) = subtitle {
                let _ = write!(out, "<p class=\"subtitle\">{}</p>", line(sub));
            }
            out.push_str("</div>\n");
        }
        Block::Heading { text } => {
            let _ = writeln!(out, "<h2>{}</h2>", line(text));
        }
        Block::Paragraph { spans } => paragraph(out, spans),
        Block::Note { text } => {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", lines(text));
        }
        Block::Facts { rows } => facts(out, rows),
        Block::Bullets { items } => list(out, "bullets", items),
        Block::Checklist { items } => list(out, "check", items),
        Block::Callout { title, items } => {
            let _ = write!(out, "<aside class=\"callout\"><h3>{}</h3><ol>", line(title));
            for item in items {
                let _ = write!(out, "<li>{}</li>", lines(item));
            }
            out.push_str("</ol></aside>\n");
        }
        Block::Table { columns, rows } => table(out, columns, rows),
        Block::Map(figure) => map(out, figure, fonts),
        Block::Contents => {
            out.push_str("<ol class=\"contents\">");
            for chapter in doc.chapters.iter().filter(|c| c.in_contents) {
                let _ = write!(out, "<li><span>{}</span><span class=\"leader\"></span></li>", line(&chapter.title));
            }
            out.push_str("</ol>\n");
        }
        Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
    }
}

fn paragraph(out: &mut String, spans: &[Span]) {
    out.push_str("<p>");
    for span in spans {
        let text = esc(&clean(&span.text, true)).replace('\n', "<br>");
        if span.strong {
            let _ = write!(out, "<strong>{text}</strong>");
        } else {
            out.push_str(&text);
        }
    }
    out.push_str("</p>\n");
}

fn facts(out: &mut String, rows: &[Fact]) {
    out.push_str("<dl class=\"facts\">");
    for fact in rows {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", lines(&fact.label), lines(&fact.value));
    }
    out.push_str("</dl>\n");
}

fn list(out: &mut String, class: &str, items: &[String]) {
    let _ = write!(out, "<ul class=\"{class}\">");
    for item in items {
        let _ = write!(out, "<li>{}</li>", lines(item));
    }
    out.push_str("</ul>\n");
}

fn table(out: &mut String, columns: &[Column], rows: &[Vec<String>]) {
    if columns.is_empty() {
        return;
    }
    let widths: Vec<f32> = columns
        .iter()
        .map(|c| if c.width.is_finite() && c.width > 0.0 { c.width.clamp(1e-3, 1e3) } else { 1.0 })
        .collect();
    let sum: f32 = widths.iter().sum();
    out.push_str("<table><colgroup>");
    for w in &widths {
        let _ = write!(out, "<col style=\"width:{:.2}%\">", 100.0 * w / sum);
    }
    out.push_str("</colgroup><thead><tr>");
    let class = |c: &Column| if c.align == Align::Right { " class=\"right\"" } else { "" };
    for column in columns {
        let _ = write!(out, "<th{}>{}</th>", class(column), lines(&column.title));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, column) in columns.iter().enumerate() {
            let cell = row.get(i).map(String::as_str).unwrap_or("");
            let _ = write!(out, "<td{}>{}</td>", class(column), lines(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

fn hex(c: Rgb) -> String {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02X}{:02X}{:02X}", b(c.0), b(c.1), b(c.2))
}

fn svg_path(path: &Path) -> String {
    let mut d = String::new();
    let mut i = 0;
    while i < path.points.len() {
        let (x, y, bezier) = path.points[i];
        if i == 0 {
            let _ = write!(d, "M{x:.2} {y:.2}");
            i += 1;
        } else if bezier && i + 2 < path.points.len() {
            let (x2, y2, _) = path.points[i + 1];
            let (x3, y3, _) = path.points[i + 2];
            let _ = write!(d, " C{x:.2} {y:.2} {x2:.2} {y2:.2} {x3:.2} {y3:.2}");
            i += 3;
        } else {
            let _ = write!(d, " L{x:.2} {y:.2}");
            i += 1;
        }
    }
    if path.closed {
        d.push_str(" Z");
    }
    d
}

fn svg_text(line: &Line, x: f32, baseline: f32, size: f32, color: Rgb) -> String {
    let mut out = format!("<text y=\"{baseline:.2}\" font-size=\"{size}\" fill=\"{}\">", hex(color));
    for run in &line.runs {
        let weight = if run.face == super::fonts::Face::Bold { " font-weight=\"bold\"" } else { "" };
        let _ = write!(out, "<tspan x=\"{:.2}\"{weight}>{}</tspan>", x + run.x, esc(&run.text));
    }
    out.push_str("</text>");
    out
}

/// The PDF's map drawing, as inline SVG.
fn map(out: &mut String, figure: &MapFigure, fonts: Option<&Fonts>) {
    let drawn = fonts.and_then(|f| super::map::draw(f, figure, 0.0, style::CONTENT_W));
    out.push_str("<figure>");
    if let Some((height, items)) = drawn {
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.2} {height:.2}\" role=\"img\" font-family=\"Noto Sans, sans-serif\">",
            style::CONTENT_W
        );
        for item in &items {
            match item {
                Item::Text { x, baseline, size, color, line } => {
                    out.push_str(&svg_text(line, *x, *baseline, *size, *color))
                }
                Item::Fill { x, y, w, h, color } => {
                    let _ = write!(
                        out,
                        "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{}\"/>",
                        hex(*color)
                    );
                }
                Item::Shape { path, fill, stroke } => {
                    let fill = fill.map_or("none".to_string(), hex);
                    let stroke = stroke.map_or(String::new(), |s| {
                        let dash = match s.dash {
                            Dash::Solid => String::new(),
                            Dash::Dashed => {
                                format!(" stroke-dasharray=\"{:.1} {:.1}\"", 3.0 + 1.5 * s.width, 2.0 + s.width)
                            }
                            Dash::Dotted => {
                                format!(
                                    " stroke-dasharray=\"0.01 {:.1}\" stroke-linecap=\"round\"",
                                    2.2 + 1.6 * s.width
                                )
                            }
                        };
                        format!(" stroke=\"{}\" stroke-width=\"{:.2}\"{dash}", hex(s.color), s.width)
                    });
                    let _ = write!(out, "<path d=\"{}\" fill=\"{fill}\"{stroke}/>", svg_path(path));
                }
                Item::PageRef { .. } => {}
            }
        }
        out.push_str("</svg>");
    }
    if let Some(caption) = &figure.caption {
        let _ = write!(out, "<figcaption>{}</figcaption>", lines(caption));
    }
    out.push_str("</figure>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn escapes_and_cleans_user_text() {
        let doc = Document {
            audience: None,
            title: "<script>alert(1)</script>".into(),
            generated: chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
            chapters: vec![Chapter {
                title: "A & B \u{202E}gnp.exe".into(),
                draft: true,
                in_contents: true,
                blocks: vec![
                    Block::Paragraph { spans: vec![Span::strong("</p><img src=x onerror=alert(1)>")] },
                    Block::Contents,
                ],
            }],
        };
        let html = render(&doc);
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("A &amp; B gnp.exe"));
        assert!(!html.contains('\u{202E}'));
        assert!(html.contains("generated 23 Nov 2026"));
        assert!(html.contains("DRAFT"));
    }
}
