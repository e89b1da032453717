//! Data written into the app's page as JSON, so the app reads it without a
//! request: the platform, the certificate keys, the first screen's data.

use serde::Serialize;

/// `value` as JSON safe inside a `<script>` element: `<` is escaped, so no
/// `</script>` in any string can close the element early.
pub fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".to_owned())
        .replace('<', "\\u003c")
}

/// `html` with `value` written in before `</head>`, as the JSON of a
/// `<script type="application/json" id="{id}">` element.
pub fn with_json_element<T: Serialize>(html: &str, id: &str, value: &T) -> String {
    let element = format!(
        "<script type=\"application/json\" id=\"{id}\">{}</script>\n</head>",
        script_json(value)
    );
    html.replacen("</head>", &element, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_close_the_element() {
        let page = with_json_element(
            "<head></head><body></body>",
            "data",
            &"</script><script>alert(1)</script>",
        );
        assert_eq!(page.matches("</script>").count(), 1);
        assert!(page.contains("id=\"data\">\"\\u003c/script>\\u003cscript>alert(1)"));
        assert!(page.ends_with("</head><body></body>"));
    }
}
