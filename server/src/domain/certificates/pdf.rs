//! Printing certificates: A4 landscape PDF pages, one per certificate, with
//! the text in a CJK font embedded as a subset (only the glyphs used, so a
//! page weighs tens of kilobytes yet prints anywhere, rare characters such
//! as 㛃 and 䶮 included) and the QR code drawn as vector squares, so it
//! stays sharp at any print size.
//!
//! The font is a file the operator installs (Debian's `fonts-noto-cjk`
//! by default), read once on first use: bundling 20 MB of font in the binary
//! would weigh on every deploy. Many certificates go in one document so the
//! font subset is written once for a whole class.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use qrcode::{EcLevel, QrCode};

use super::credential::Fields;
use cultivator_shared::api::certificates::CertificateKind;

/// A4 landscape, in points.
const WIDTH: f32 = 841.89;
const HEIGHT: f32 = 595.28;

#[derive(Debug, Clone, thiserror::Error)]
pub enum PdfError {
    #[error(
        "the certificate font {path} could not be read ({cause}); install Debian's \
         fonts-noto-cjk or set CULTIVATOR_CERTIFICATE_FONT to a CJK OpenType font"
    )]
    FontMissing { path: String, cause: String },
    #[error("the certificate font {path} has no face {index}")]
    FontFace { path: String, index: u32 },
    #[error("the QR code cannot hold this link: {0}")]
    Qr(String),
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The configured font, loaded on first use and kept.
#[derive(Debug)]
pub struct FontSource {
    path: PathBuf,
    index: u32,
    loaded: OnceLock<Result<Font, PdfError>>,
}

impl FontSource {
    pub fn new(path: PathBuf, index: u32) -> Self {
        FontSource {
            path,
            index,
            loaded: OnceLock::new(),
        }
    }

    pub fn font(&self) -> Result<Font, PdfError> {
        self.loaded
            .get_or_init(|| load(&self.path, self.index))
            .clone()
    }
}

fn load(path: &Path, index: u32) -> Result<Font, PdfError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| PdfError::FontMissing {
        path: shown.clone(),
        cause: e.to_string(),
    })?;
    Font::new(Arc::new(bytes).into(), index).ok_or(PdfError::FontFace { path: shown, index })
}

/// A logo or seal: its file (PNG, JPEG, or for a platform's logo SVG) and
/// the picture read from it, decoded once however many pages print it.
#[derive(Clone)]
pub struct Picture {
    bytes: Arc<Vec<u8>>,
    mime: &'static str,
    drawing: Drawing,
}

/// A picture as it goes on the page: pixels, or an SVG drawn as vectors
/// (sharp at any size, and small).
#[derive(Clone)]
enum Drawing {
    Raster(Image),
    Vector(Arc<usvg::Tree>),
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Picture({}, {} bytes)", self.mime, self.bytes.len())
    }
}

pub const PNG: &str = "image/png";
pub const JPEG: &str = "image/jpeg";
pub const SVG: &str = "image/svg+xml";

/// The type of a picture file from its first bytes, not its name.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PNG)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(JPEG)
    } else {
        None
    }
}

/// Reads an SVG file with nothing from outside it: pictures it names by
/// path are left out (a logo must not print a file of the server's), and
/// text without fonts is dropped rather than looked up on this machine.
fn read_svg(bytes: &[u8]) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_data(bytes, &options).map_err(|e| format!("not a readable SVG: {e}"))
}

impl Picture {
    /// Reads a PNG or JPEG file (`mime` as [`sniff`] says), or an SVG.
    pub fn read(bytes: Vec<u8>, mime: &str) -> Result<Picture, String> {
        let bytes = Arc::new(bytes);
        let data: krilla::Data = bytes.clone().into();
        let (drawing, mime) = match mime {
            PNG => (Drawing::Raster(Image::from_png(data, true)?), PNG),
            JPEG => (Drawing::Raster(Image::from_jpeg(data, true)?), JPEG),
            SVG => (Drawing::Vector(Arc::new(read_svg(&bytes)?)), SVG),
            other => return Err(format!("{other} is neither PNG, JPEG nor SVG")),
        };
        Ok(Picture {
            bytes,
            mime,
            drawing,
        })
    }

    /// Width and height: pixels, or an SVG's own units rounded up.
    pub fn size(&self) -> (u32, u32) {
        match &self.drawing {
            Drawing::Raster(image) => image.size(),
            Drawing::Vector(tree) => {
                let size = tree.size();
                // An SVG's size is a finite positive f32: ceil then saturate.
                (size.width().ceil() as u32, size.height().ceil() as u32)
            }
        }
    }

    pub fn mime(&self) -> &'static str {
        self.mime
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Draws the picture at the surface's origin, `size` points large.
    fn draw(&self, surface: &mut krilla::surface::Surface<'_>, size: Size) {
        match &self.drawing {
            Drawing::Raster(image) => surface.draw_image(image.clone(), size),
            Drawing::Vector(tree) => {
                // An SVG with nothing to draw leaves its square empty.
                let _ = krilla_svg::SurfaceExt::draw_svg(
                    surface,
                    tree,
                    size,
                    krilla_svg::SvgSettings::default(),
                );
            }
        }
    }
}

/// Whether the whole picture decodes (a header can be right over a broken
/// body): it is put on a page of a document that is then written.
pub fn decodes(picture: &Picture) -> Result<(), String> {
    let mut document = Document::new();
    let settings = PageSettings::from_wh(100.0, 100.0).ok_or("page size")?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    if let Some(size) = Size::from_wh(100.0, 100.0) {
        picture.draw(&mut surface, size);
    }
    surface.finish();
    page.finish();
    document
        .finish()
        .map(|_| ())
        .map_err(|e| format!("the picture does not decode: {e:?}"))
}

/// What a programme's design adds to its certificates' pages; empty texts
/// print the defaults.
#[derive(Debug, Clone, Default)]
pub struct Look {
    pub heading: String,
    pub closing: String,
    pub issuer_en: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub logo: Option<Picture>,
    pub seal: Option<Picture>,
}

/// One certificate to print.
#[derive(Debug, Clone)]
pub struct Printable {
    pub look: Arc<Look>,
    pub fields: Fields,
    /// The QR code's text: the verify link with the signed credential.
    pub qr_text: String,
    /// The site's address, printed under the QR for those who type.
    pub verify_hint: String,
    pub revoked_on: Option<NaiveDate>,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

fn hours(fields: &Fields) -> String {
    fields.credit.to_string()
}

/// An approximate advance, for centring: CJK glyphs are one em wide,
/// Latin letters and digits about half.
fn approx_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum::<f32>()
        * size
}

/// Splits `text` into lines of about `per_line` em.
fn wrap(text: &str, per_line: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = if c.is_ascii() { 0.55 } else { 1.0 };
        if width + w > per_line && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            width = 0.0;
        }
        line.push(c);
        width += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn what(fields: &Fields, look: &Look) -> String {
    let kind = match fields.kind {
        CertificateKind::Course => "在线课程",
        CertificateKind::Class => "培训班",
        CertificateKind::Programme => "培训计划全部阶段",
    };
    let closing = match look.closing.as_str() {
        "" => "经考核合格，特发此证。",
        set => set,
    };
    format!(
        "于{}完成{}《{}》的学习，共计{}学时，{closing}",
        day(fields.completed_on),
        kind,
        fields.title,
        hours(fields)
    )
}

/// Renders `certificates` as one PDF, a page each.
pub fn render(font: &Font, certificates: &[Printable]) -> Result<Vec<u8>, PdfError> {
    let mut document = Document::new();
    let title = match certificates {
        [one] => format!("结业证书 {}", one.fields.number),
        _ => format!("结业证书（{}份）", certificates.len()),
    };
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language("zh-CN".to_owned())
            .creator("Cultivator".to_owned()),
    );
    for certificate in certificates {
        page(&mut document, font, certificate)?;
    }
    document
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))
}

fn fill(r: u8, g: u8, b: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        ..Fill::default()
    }
}

fn page(document: &mut Document, font: &Font, c: &Printable) -> Result<(), PdfError> {
    let settings =
        PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| PdfError::Write("page size".into()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let text = |surface: &mut krilla::surface::Surface<'_>, x: f32, y: f32, size: f32, s: &str| {
        surface.draw_text(
            Point::from_xy(x, y),
            font.clone(),
            size,
            s,
            false,
            TextDirection::Auto,
        );
    };
    let centred = |surface: &mut krilla::surface::Surface<'_>, y: f32, size: f32, s: &str| {
        let x = (WIDTH - approx_width(s, size)) / 2.0;
        text(surface, x, y, size, s);
    };

    // A double frame in the red of official seals.
    surface.set_fill(None);
    for (inset, width) in [(24.0, 3.0), (34.0, 1.0)] {
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(160, 30, 30).into(),
            width,
            ..Stroke::default()
        }));
        let mut frame = PathBuilder::new();
        if let Some(rect) = Rect::from_xywh(inset, inset, WIDTH - 2.0 * inset, HEIGHT - 2.0 * inset)
        {
            frame.push_rect(rect);
        }
        if let Some(path) = frame.finish() {
            surface.draw_path(&path);
        }
    }
    surface.set_stroke(None);

    let look = &c.look;
    if let Some(logo) = &look.logo {
        picture(&mut surface, logo, 60.0, 54.0, 90.0);
    }
    surface.set_fill(Some(fill(160, 30, 30)));
    let heading = match look.heading.as_str() {
        "" => "结 业 证 书",
        set => set,
    };
    centred(&mut surface, 120.0, 44.0, heading);
    surface.set_fill(Some(fill(90, 90, 90)));
    centred(&mut surface, 148.0, 13.0, "CERTIFICATE OF COMPLETION");

    surface.set_fill(Some(fill(20, 20, 20)));
    text(
        &mut surface,
        110.0,
        220.0,
        26.0,
        &format!("{} 同志：", c.fields.holder_name),
    );
    let mut y = 268.0;
    for line in wrap(&format!("　　{}", what(&c.fields, look)), 30.0) {
        text(&mut surface, 110.0, y, 19.0, &line);
        y += 32.0;
    }

    // The issuer and the date, right-aligned above the bottom margin.
    let right = WIDTH - 230.0;
    let issuer = &c.fields.issuer;
    text(
        &mut surface,
        right - approx_width(issuer, 17.0),
        470.0,
        17.0,
        issuer,
    );
    let issued = day(c.fields.issued_on);
    text(
        &mut surface,
        right - approx_width(&issued, 15.0),
        498.0,
        15.0,
        &issued,
    );
    if !look.issuer_en.is_empty() {
        surface.set_fill(Some(fill(90, 90, 90)));
        let en = &look.issuer_en;
        text(
            &mut surface,
            right - approx_width(en, 10.0),
            484.0,
            10.0,
            en,
        );
        surface.set_fill(Some(fill(20, 20, 20)));
    }
    let signatory = [look.signatory_title.as_str(), look.signatory_name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("  ");
    if !signatory.is_empty() {
        let line = format!("签发人：{signatory}");
        text(
            &mut surface,
            right - approx_width(&line, 15.0),
            440.0,
            15.0,
            &line,
        );
    }
    // The seal goes over the issuer and the date, as a stamp does.
    if let Some(seal) = &look.seal {
        picture(&mut surface, seal, right - 110.0, 405.0, 110.0);
    }

    // The number and how to check it, bottom left.
    surface.set_fill(Some(fill(60, 60, 60)));
    text(
        &mut surface,
        70.0,
        515.0,
        12.0,
        &format!("证书编号：{}", c.fields.number),
    );
    text(
        &mut surface,
        70.0,
        535.0,
        10.0,
        &format!("扫描右侧二维码，或访问 {} 输入编号查验真伪", c.verify_hint),
    );
    if let Some(revoked) = c.revoked_on {
        surface.set_fill(Some(fill(200, 0, 0)));
        centred(
            &mut surface,
            420.0,
            30.0,
            &format!("已于{}撤销 · REVOKED", day(revoked)),
        );
    }

    qr(&mut surface, &c.qr_text, WIDTH - 215.0, 385.0, 150.0)?;
    surface.finish();
    page.finish();
    Ok(())
}

/// Draws `picture` fitted in a `side`-point square whose top left is (x, y).
fn picture(
    surface: &mut krilla::surface::Surface<'_>,
    picture: &Picture,
    x: f32,
    y: f32,
    side: f32,
) {
    let (w, h) = picture.size();
    // Uploaded pictures are at most 1,200 pixels each way, exact as f32; an
    // SVG's units need not be exact to be fitted.
    let (w, h) = (w.max(1) as f32, h.max(1) as f32);
    let scale = side / w.max(h);
    let (dw, dh) = (w * scale, h * scale);
    let Some(size) = Size::from_wh(dw, dh) else {
        return;
    };
    let (dx, dy) = (x + (side - dw) / 2.0, y + (side - dh) / 2.0);
    surface.push_transform(&Transform::from_translate(dx, dy));
    picture.draw(surface, size);
    surface.pop();
}

/// Draws the QR code of `data` as dark squares in a `size`-point square.
fn qr(
    surface: &mut krilla::surface::Surface<'_>,
    data: &str,
    x: f32,
    y: f32,
    size: f32,
) -> Result<(), PdfError> {
    // Medium correction: a worn or creased paper copy still scans.
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Qr(e.to_string()))?;
    let modules = code.width();
    let colors = code.to_colors();
    // The quiet zone of four modules is inside the square.
    // A QR code is at most 177 modules wide: every count is exact as f32.
    let unit = size / (modules + 8) as f32;
    let mut builder = PathBuilder::new();
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (col, row) = ((i % modules) as f32, (i / modules) as f32);
        if let Some(rect) =
            Rect::from_xywh(x + (col + 4.0) * unit, y + (row + 4.0) * unit, unit, unit)
        {
            builder.push_rect(rect);
        }
    }
    surface.set_fill(Some(fill(0, 0, 0)));
    if let Some(path) = builder.finish() {
        surface.draw_path(&path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_logo_reads_nothing_from_the_servers_disk() {
        let here = std::env::temp_dir().join("cultivator-svg-href.png");
        // A whole 1×1 PNG, which the default resolver would embed.
        let png: [u8; 67] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
            0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
            0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ];
        std::fs::write(&here, png).ok();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="{}" width="10" height="10"/></svg>"#,
            here.display()
        );
        let picture = Picture::read(svg.into_bytes(), SVG);
        let _ = std::fs::remove_file(&here);
        let Ok(Picture {
            drawing: Drawing::Vector(tree),
            ..
        }) = picture
        else {
            panic!("an SVG reads as vectors");
        };
        assert!(!tree.root().has_children(), "the file was left out");
    }

    #[test]
    fn an_svg_is_sized_by_its_own_units() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="120.5" height="40"><rect width="10" height="10"/></svg>"#;
        let picture = Picture::read(svg.to_vec(), SVG).map_err(|e| e.to_string());
        assert_eq!(picture.map(|p| p.size()), Ok((121, 40)));
        assert!(Picture::read(b"<svg".to_vec(), SVG).is_err());
    }

    #[test]
    fn long_titles_wrap_within_the_page() {
        let lines = wrap(&"乡".repeat(70), 30.0);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.chars().count() <= 30));
    }
}
