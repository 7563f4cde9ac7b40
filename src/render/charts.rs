//! Bar charts as inline SVG, made at build time: no JavaScript, no web font, no request. Labels
//! are SVG `<text>` in the page's own fonts, so Chinese reads as well as the page around it, and
//! colours are CSS classes (`chart-s0`, `chart-s1`) that the theme paints with its variables, so
//! the high-contrast mode recolours the charts too. Each chart sits above a data table the
//! template writes from the same rows, for screen readers and print.
//!
//! Hand-written rather than drawn with a charting crate: `plotters` writes fixed RGB fills (no
//! class to hang the theme or the high-contrast mode on) and, without a font backend, measures
//! text by its UTF-8 bytes, which makes every Chinese label three times too wide.

use std::fmt::Write;

use crate::escape;

/// Length of the longest bar in SVG units; the drawing is as wide as its labels need besides, and
/// scales down to a phone's width from there (so labels stay readable on small screens).
const ROOM: u32 = 320;
/// Height of one row.
const ROW: u32 = 30;
/// Height of a bar.
const BAR: u32 = 18;
/// Font size of labels, matched by the theme's CSS.
const FONT: u32 = 14;
/// Room for the value after the longest bar.
const VALUE_ROOM: u32 = 56;
/// Widest label column before labels are cut.
const MAX_LABEL: u32 = 220;

/// One bar: its label and a value per series (stacked left to right).
#[derive(Debug, Clone)]
pub struct Row {
    /// Label at the left.
    pub label: String,
    /// Values, one per series.
    pub values: Vec<usize>,
}

/// Width of `text` at the label size: a full em for CJK and other wide characters, about half
/// for ASCII.
fn text_width(text: &str) -> u32 {
    text.chars()
        .map(|c| if c.is_ascii() { FONT * 6 / 10 } else { FONT })
        .sum()
}

/// `text` cut with `…` to fit `max` units.
fn fit(text: &str, max: u32) -> String {
    if text_width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut w = FONT;
    for c in text.chars() {
        w += text_width(c.encode_utf8(&mut [0; 4]));
        if w > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A horizontal bar chart of `rows`, bars stacked by `series` (their names shown as a legend
/// when there are several), labelled `title` for assistive technology.
pub fn bars(title: &str, series: &[&str], rows: &[Row]) -> String {
    let legend = if series.len() > 1 { ROW } else { 0 };
    let height = legend + ROW * rows.len() as u32 + 4;
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label))
        .max()
        .unwrap_or(0)
        .clamp(3 * FONT, MAX_LABEL);
    let x0 = label_w + 10;
    let room = ROOM;
    let legend_w = 20 + series.iter().map(|n| text_width(n) + 44).sum::<u32>();
    let width = (x0 + room + VALUE_ROOM).max(x0 + legend_w);
    let max = rows
        .iter()
        .map(|r| r.values.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut s = String::with_capacity(256 + rows.len() * 320);
    let _ = write!(
        s,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}">"#,
        escape::html(title)
    );
    if legend > 0 {
        let mut x = x0;
        for (k, name) in series.iter().enumerate() {
            let _ = write!(
                s,
                r#"<rect class="chart-s{k}" x="{x}" y="6" width="14" height="14"/><text class="chart-legend" x="{}" y="18">{}</text>"#,
                x + 20,
                escape::html(name)
            );
            x += 20 + text_width(name) + 24;
        }
    }
    for (n, r) in rows.iter().enumerate() {
        let y = legend + ROW * n as u32;
        let label = fit(&r.label, label_w);
        let _ = write!(
            s,
            r#"<g class="chart-row"><text class="chart-label" x="{label_w}" y="{}" text-anchor="end">{}{}</text>"#,
            y + ROW / 2 + FONT / 2 - 1,
            escape::html(&label),
            if label == r.label {
                String::new()
            } else {
                format!("<title>{}</title>", escape::html(&r.label))
            }
        );
        let mut x = x0;
        for (k, &v) in r.values.iter().enumerate() {
            let w = (v as u64 * u64::from(room) / max as u64) as u32;
            if v > 0 {
                let _ = write!(
                    s,
                    r#"<rect class="chart-s{k}" x="{x}" y="{}" width="{}" height="{BAR}"/>"#,
                    y + (ROW - BAR) / 2,
                    w.max(2)
                );
            }
            x += w.max(u32::from(v > 0) * 2);
        }
        let total: usize = r.values.iter().sum();
        let _ = write!(
            s,
            r#"<text class="chart-value" x="{}" y="{}">{total}</text></g>"#,
            x + 6,
            y + ROW / 2 + FONT / 2 - 1
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_labels_are_text_and_bars_scale_to_the_largest() {
        let rows = vec![
            Row {
                label: "雁城市税务局".into(),
                values: vec![4, 2],
            },
            Row {
                label: "<档案馆>".into(),
                values: vec![1, 0],
            },
        ];
        let svg = bars("各单位案例与纪实", &["案例", "纪实"], &rows);
        assert!(svg.contains(">雁城市税务局</text>"), "{svg}");
        assert!(svg.contains("&lt;档案馆&gt;"), "{svg}");
        assert!(svg.contains(r#"aria-label="各单位案例与纪实""#));
        assert!(
            svg.contains(">6</text>") && svg.contains(">1</text>"),
            "{svg}"
        );
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
        // Bars scale to the longest stack (6): the first row's 4 is four times the second's 1.
        let widths: Vec<u32> = svg
            .split(r#"class="chart-s0" x=""#)
            .skip(2)
            .map(|t| {
                let w = t.split("width=\"").nth(1).unwrap();
                w[..w.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(widths.len(), 2, "{svg}");
        assert!(widths[0].abs_diff(4 * widths[1]) <= 4, "{widths:?}");
    }

    #[test]
    fn long_labels_are_cut_and_keep_their_full_text_as_a_title() {
        let long = "雁城市人力资源和社会保障局机关第一党支部第二党小组";
        let svg = bars(
            "t",
            &["n"],
            &[Row {
                label: long.into(),
                values: vec![1],
            }],
        );
        assert!(
            svg.contains('…') && svg.contains(&format!("<title>{long}</title>")),
            "{svg}"
        );
    }
}
