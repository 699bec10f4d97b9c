//! Reads PDFs back with poppler-utils (`pdftotext`, `pdfinfo`, `pdffonts`,
//! `pdftoppm`), the way a reader's viewer would. A missing tool fails the test
//! with the package to install: nothing is skipped silently.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a poppler tool and returns its stdout; panics with a clear message when
/// the tool is missing or fails.
pub fn run(tool: &str, args: &[&str]) -> Vec<u8> {
    let output = match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not installed: install poppler-utils (apt-get install poppler-utils, or scripts/setup.sh --test)"
        ),
        Err(e) => panic!("could not run `{tool}`: {e}"),
    };
    assert!(
        output.status.success(),
        "`{tool} {}` failed ({}): {}",
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// Page count as `pdfinfo` reads it (it also validates the file's structure).
pub fn page_count(pdf: &Path) -> usize {
    let info = String::from_utf8(run("pdfinfo", &[arg(pdf)])).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo output:\n{info}"))
}

/// `pdfinfo`'s full output.
pub fn info(pdf: &Path) -> String {
    String::from_utf8(run("pdfinfo", &[arg(pdf)])).unwrap()
}

/// The text of every page (`pdftotext -layout`), one string per page.
pub fn pages_text(pdf: &Path) -> Vec<String> {
    let text = String::from_utf8(run("pdftotext", &["-layout", "-enc", "UTF-8", arg(pdf), "-"])).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The text of one page (1-based), read on its own (`-f N -l N`).
pub fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    String::from_utf8(run("pdftotext", &["-layout", "-enc", "UTF-8", "-f", &n, "-l", &n, arg(pdf), "-"])).unwrap()
}

/// One row of `pdffonts`.
#[derive(Debug, Clone)]
pub struct FontRow {
    pub name: String,
    pub embedded: bool,
    pub subset: bool,
}

pub fn fonts(pdf: &Path) -> Vec<FontRow> {
    let out = String::from_utf8(run("pdffonts", &[arg(pdf)])).unwrap();
    out.lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let tokens: Vec<&str> = l.split_whitespace().collect();
            assert!(tokens.len() >= 6, "unexpected pdffonts line: {l}");
            let n = tokens.len();
            // … emb sub uni object-number generation
            FontRow { name: tokens[0].to_string(), embedded: tokens[n - 5] == "yes", subset: tokens[n - 4] == "yes" }
        })
        .collect()
}

/// A greyscale raster of one page (0 black … 255 white).
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    /// Pixels darker than `threshold` in the rectangle [x0, x1) × [y0, y1).
    pub fn ink_in(&self, x0: usize, y0: usize, x1: usize, y1: usize, threshold: u8) -> usize {
        let mut n = 0;
        for y in y0..y1.min(self.height) {
            for x in x0..x1.min(self.width) {
                if self.at(x, y) < threshold {
                    n += 1;
                }
            }
        }
        n
    }

    fn parse(bytes: &[u8]) -> Gray {
        let (magic, width, height, pixels) = parse_pnm(bytes);
        assert_eq!(magic, "P5", "pdftoppm -gray writes binary PGM");
        Gray { width, height, pixels }
    }
}

/// A colour raster of one page, RGB per pixel.
#[allow(dead_code, reason = "the size is kept as Gray keeps it; no colour check measures it yet")]
pub struct Color {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<[u8; 3]>,
}

impl Color {
    /// Pixels within `tolerance` of `rgb` on every channel.
    pub fn count_near(&self, rgb: [u8; 3], tolerance: u8) -> usize {
        self.pixels.iter().filter(|p| p.iter().zip(rgb).all(|(&a, b)| a.abs_diff(b) <= tolerance)).count()
    }
}

/// Splits a binary PNM (P5/P6) into its magic, size and samples.
fn parse_pnm(bytes: &[u8]) -> (String, usize, usize, Vec<u8>) {
    // <magic> <w> <h> <max>\n<samples>
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).unwrap().to_string());
    }
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    let samples = bytes[i + 1..].to_vec();
    let channels = if fields[0] == "P6" { 3 } else { 1 };
    assert_eq!(samples.len(), width * height * channels, "truncated {}", fields[0]);
    (fields[0].clone(), width, height, samples)
}

/// Runs pdftoppm and returns the page images' bytes in page order.
fn rasterise(pdf: &Path, args: &[&str]) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let mut all: Vec<&str> = args.to_vec();
    all.extend([arg(pdf), arg(&prefix)]);
    run("pdftoppm", &all);
    let mut files: Vec<(usize, PathBuf)> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_string();
            let n = name.strip_prefix("p-")?.parse().ok()?;
            Some((n, p))
        })
        .collect();
    files.sort();
    files.into_iter().map(|(_, p)| std::fs::read(p).unwrap()).collect()
}

/// Every page rasterised by `pdftoppm -gray` at `dpi`, in page order.
pub fn raster(pdf: &Path, dpi: u32) -> Vec<Gray> {
    rasterise(pdf, &["-gray", "-r", &dpi.to_string()]).iter().map(|b| Gray::parse(b)).collect()
}

/// Every page rasterised in colour at `dpi`, in page order.
pub fn raster_color(pdf: &Path, dpi: u32) -> Vec<Color> {
    rasterise(pdf, &["-r", &dpi.to_string()])
        .iter()
        .map(|b| {
            let (magic, width, height, samples) = parse_pnm(b);
            assert_eq!(magic, "P6", "pdftoppm writes binary PPM");
            Color { width, height, pixels: samples.chunks(3).map(|c| [c[0], c[1], c[2]]).collect() }
        })
        .collect()
}
