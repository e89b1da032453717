//! The dashboard's two charts, drawn by `plotters` into SVG text: target
//! against trained per child region (a bullet chart: the wide pale bar is the
//! target, the narrow dark bar inside it what has been reached), and people
//! newly trained per month, online and offline stacked.
//!
//! Charts are drawn at the width of the screen they are shown on, so text
//! stays at its real size on a phone and on a projector.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::i18n::coord::count;

pub const GREEN: RGBColor = RGBColor(47, 125, 50);
pub const PALE_GREEN: RGBColor = RGBColor(196, 224, 197);
pub const ONLINE: RGBColor = RGBColor(27, 79, 138);
pub const OFFLINE: RGBColor = RGBColor(214, 132, 18);

/// Height of one region's band in the bullet chart, in pixels.
pub const BAND: u32 = 30;
/// Space above the bands and below them (for the axis), in pixels.
pub const TOP: u32 = 6;
pub const AXIS: u32 = 30;
const FONT: (&str, u32) = ("sans-serif", 14);

/// One region's bar: its name, target and trained people.
pub struct Bar {
    pub name: String,
    pub target: u64,
    pub trained: u64,
}

fn failed(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Pixels wide enough for the longest region name.
fn label_width(bars: &[Bar], width: u32) -> u32 {
    let longest = bars
        .iter()
        .map(|b| {
            b.name
                .chars()
                .map(|c| if c.is_ascii() { 8 } else { 15 })
                .sum::<u32>()
        })
        .max()
        .unwrap_or(0);
    (longest + 12).clamp(48, width / 3)
}

/// The bullet chart of `bars`, first bar on top. Its height is
/// `TOP + BAND × bars + AXIS`, which the page uses to lay clickable links
/// over the bands.
pub fn bullet_chart(bars: &[Bar], width: u32) -> Result<String, String> {
    let n = bars.len();
    let rows = u32::try_from(n).unwrap_or(u32::MAX);
    let height = TOP + BAND * rows + AXIS;
    let max = bars
        .iter()
        .map(|b| b.target.max(b.trained))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(TOP)
            .margin_right(18)
            .x_label_area_size(AXIS)
            .y_label_area_size(label_width(bars, width))
            .build_cartesian_2d(0..max + max / 20, (0..n).into_segmented())
            .map_err(failed)?;
        // Row 0 is drawn at the top; the y axis counts upwards.
        let slot = |i: usize| n.saturating_sub(i + 1);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(k) => bars
                    .get(n.saturating_sub(k + 1))
                    .map(|b| b.name.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .x_labels(((width / 110) as usize).max(2))
            .x_label_formatter(&|v| count(*v))
            .label_style(FONT)
            .light_line_style(RGBColor(235, 238, 235))
            .draw()
            .map_err(failed)?;
        let band = |i: usize, value: u64, inset: u32, color: RGBColor| {
            let mut bar = Rectangle::new(
                [
                    (0, SegmentValue::Exact(slot(i))),
                    (value, SegmentValue::Exact(slot(i) + 1)),
                ],
                color.filled(),
            );
            bar.set_margin(inset, inset, 0, 0);
            bar
        };
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| band(i, b.target, 4, PALE_GREEN)),
            )
            .map_err(failed)?;
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| band(i, b.trained, 10, GREEN)),
            )
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// One month's column: its label and people trained online and offline.
pub struct Column {
    pub label: String,
    pub online: u64,
    pub offline: u64,
}

/// People trained per month, online at the bottom and offline stacked on top.
pub fn monthly_chart(columns: &[Column], width: u32) -> Result<String, String> {
    let n = columns.len();
    let height = (width / 2).clamp(220, 360);
    let max = columns
        .iter()
        .map(|c| c.online + c.offline)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(AXIS)
            .y_label_area_size(64)
            .build_cartesian_2d((0..n).into_segmented(), 0..max + max / 10)
            .map_err(failed)?;
        let every = (n * 64 / width.max(1) as usize).max(1);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(k) if k % every == 0 => {
                    columns.get(*k).map(|c| c.label.clone()).unwrap_or_default()
                }
                _ => String::new(),
            })
            .y_labels(5)
            .y_label_formatter(&|v| count(*v))
            .label_style(FONT)
            .light_line_style(RGBColor(235, 238, 235))
            .draw()
            .map_err(failed)?;
        let column = |i: usize, from: u64, to: u64, color: RGBColor| {
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), from),
                    (SegmentValue::Exact(i + 1), to),
                ],
                color.filled(),
            );
            bar.set_margin(0, 0, 2, 2);
            bar
        };
        chart
            .draw_series(
                columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| column(i, 0, c.online, ONLINE)),
            )
            .map_err(failed)?;
        chart
            .draw_series(
                columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| column(i, c.online, c.online + c.offline, OFFLINE)),
            )
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}
