//! The app's page branded for a platform, before any script runs: its name
//! in the title and on the loading screen with its welcome text, its
//! colours as the style sheet's variables, its manifest and icon, and the
//! platform itself as JSON for the app to read (no extra round trip).

use cultivator_shared::api::platforms::PlatformView;

/// Where the app reads the platform from.
pub const DATA_ID: &str = "platform";

/// `#rrggbb` as its three channels; black when malformed (stored colours
/// are validated, so this is only a guard).
fn channels(colour: &str) -> [u8; 3] {
    let hex = colour.strip_prefix('#').unwrap_or(colour);
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    [channel(0), channel(2), channel(4)]
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Each channel moved `amount` (0–1) of the way towards `to`.
fn mix(colour: &str, to: u8, amount: f64) -> String {
    let moved = channels(colour).map(|c| {
        let c = f64::from(c);
        (c + (f64::from(to) - c) * amount).round().clamp(0.0, 255.0) as u8
    });
    hex(moved)
}

/// The style sheet's colour variables for this platform: its primary
/// colour, a darker shade for pressed states and a pale one for
/// backgrounds, and its accent.
pub fn colour_variables(view: &PlatformView) -> String {
    let primary = &view.branding.primary_colour;
    format!(
        ":root{{--green:{};--green-dark:{};--green-soft:{};--accent:{}}}",
        hex(channels(primary)),
        mix(primary, 0, 0.3),
        mix(primary, 255, 0.9),
        hex(channels(&view.branding.accent_colour)),
    )
}

fn text(s: &str) -> String {
    ammonia::clean_text(s)
}

/// An address of our own making inside an attribute: only the characters
/// that could end the attribute or start markup are escaped, so `/` and `=`
/// stay readable.
fn attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Replaces the text between `start` and `end` (both kept) in `html`.
fn replace_between(html: &mut String, start: &str, end: &str, with: &str) {
    if let Some(from) = html.find(start).map(|i| i + start.len())
        && let Some(len) = html[from..].find(end)
    {
        html.replace_range(from..from + len, with);
    }
}

/// The app's page (`index.html` or `staff.html`) branded for `view`.
pub fn branded_page(html: &str, view: &PlatformView) -> String {
    let b = &view.branding;
    let mut page = html.to_owned();
    replace_between(&mut page, "<title>", "</title>", &text(&b.name_zh));
    replace_between(
        &mut page,
        "<meta name=\"theme-color\" content=\"",
        "\"",
        &hex(channels(&b.primary_colour)),
    );
    let icon = match &view.logo_url {
        Some(logo) => format!("<link rel=\"icon\" href=\"{}\">", attribute(logo)),
        None => "<link rel=\"icon\" href=\"/platform-icon.svg\" type=\"image/svg+xml\">".to_owned(),
    };
    page = page.replace(
        "<link rel=\"icon\" href=\"data:,\">",
        &format!("{icon}\n<link rel=\"manifest\" href=\"/manifest.webmanifest\">"),
    );
    let head = format!(
        "<style>{}</style>\n<script type=\"application/json\" id=\"{DATA_ID}\">{}</script>\n</head>",
        colour_variables(view),
        crate::domain::page_data::script_json(view)
    );
    page = page.replacen("</head>", &head, 1);
    let logo = view.logo_url.as_ref().map_or(String::new(), |logo| {
        format!(
            "<img class=\"boot-logo\" src=\"{}\" alt=\"\">",
            attribute(logo)
        )
    });
    let boot = format!(
        "<div id=\"boot\" class=\"boot\">{logo}<p class=\"boot-name\"><strong>{}</strong> {}</p>\
         <div class=\"welcome\">{}</div><p>正在加载… Loading…</p></div>",
        text(&b.short_zh),
        text(&b.name_zh),
        view.welcome_html
    );
    page.replacen(
        "<p id=\"boot\" class=\"boot\">正在加载… Loading…</p>",
        &boot,
        1,
    )
}

/// The platform's web app manifest: installed to a home screen, the app
/// carries the platform's name, colour and icon.
pub fn manifest(view: &PlatformView) -> serde_json::Value {
    let b = &view.branding;
    serde_json::json!({
        "name": b.name_zh,
        "short_name": b.short_zh,
        "lang": "zh-CN",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": hex(channels(&b.primary_colour)),
        "background_color": "#f6f8f5",
        "icons": match &view.logo_url {
            Some(logo) => serde_json::json!([{ "src": logo, "sizes": "any" }]),
            None => serde_json::json!([
                { "src": "/platform-icon.svg", "sizes": "any", "type": "image/svg+xml" }
            ]),
        },
    })
}

/// The platform's icon: the first character of its short name, white on
/// its primary colour.
pub fn icon_svg(view: &PlatformView) -> String {
    let b = &view.branding;
    let initial: String = b.short_zh.chars().take(1).collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\
         <rect width=\"64\" height=\"64\" rx=\"12\" fill=\"{}\"/>\
         <text x=\"32\" y=\"44\" font-size=\"36\" text-anchor=\"middle\" fill=\"#fff\" \
         font-family=\"sans-serif\">{}</text></svg>",
        hex(channels(&b.primary_colour)),
        text(&initial)
    )
}

#[cfg(test)]
mod tests {
    use cultivator_shared::api::platforms::PlatformBrandingFields;

    use super::*;

    const PAGE: &str = "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n\
        <meta name=\"theme-color\" content=\"#2f7d32\">\n<title>Cultivator 乡村人才培训</title>\n\
        <link rel=\"icon\" href=\"data:,\">\n</head>\n<body>\n\
        <p id=\"boot\" class=\"boot\">正在加载… Loading…</p>\n</body>\n</html>\n";

    fn sichuan(name: &str) -> PlatformView {
        PlatformView {
            code: "sichuan".into(),
            host: None,
            home_region: None,
            branding: PlatformBrandingFields {
                name_zh: name.into(),
                name_en: "Sichuan Good Governance".into(),
                short_zh: "川善治".into(),
                short_en: "Sichuan".into(),
                primary_colour: "#B71C1C".into(),
                accent_colour: "#f9a825".into(),
                welcome_markdown: String::new(),
                issuer: String::new(),
            },
            welcome_html: "<p>欢迎</p>".into(),
            may_edit: false,
            logo_url: None,
            featured: Vec::new(),
        }
    }

    #[test]
    fn the_page_carries_the_platforms_name_colours_and_data() {
        let page = branded_page(PAGE, &sichuan("四川省乡村治理人才培训平台"));
        assert!(page.contains("<title>四川省乡村治理人才培训平台</title>"));
        assert!(page.contains("content=\"#b71c1c\""));
        assert!(page.contains("--green:#b71c1c;"));
        assert!(page.contains("<strong>川善治</strong>"));
        assert!(page.contains("<div class=\"welcome\"><p>欢迎</p></div>"));
        assert!(page.contains("rel=\"manifest\""));
        assert!(page.contains("id=\"platform\">{\"code\":\"sichuan\""));
        assert!(!page.contains("data:,"));
    }

    #[test]
    fn names_cannot_break_out_of_the_page() {
        let page = branded_page(PAGE, &sichuan("</title><script>alert(1)</script>"));
        assert!(!page.contains("<script>alert(1)</script>"));
        assert!(!page.contains("</script><script>"));
        let data_start = page.find("id=\"platform\">").unwrap_or(0);
        let data = &page[data_start..];
        let data_end = data.find("</script>").unwrap_or(data.len());
        assert!(data[..data_end].contains("\\u003c/title>"));
    }

    #[test]
    fn shades_are_derived_from_the_primary_colour() {
        let vars = colour_variables(&sichuan("x"));
        assert_eq!(
            vars,
            ":root{--green:#b71c1c;--green-dark:#801414;--green-soft:#f8e8e8;--accent:#f9a825}"
        );
    }
}
