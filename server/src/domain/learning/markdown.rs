//! Article lessons: Markdown rendered to HTML, then sanitised with ammonia so
//! that no script, event handler or `javascript:` link reaches a trainee.

pub fn render(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::clean(&html)
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_becomes_html() {
        let html = render("# 标题\n\n**加粗** 与 [链接](https://example.com)");
        assert!(html.contains("<h1>标题</h1>"), "{html}");
        assert!(html.contains("<strong>加粗</strong>"));
        assert!(html.contains("href=\"https://example.com\""));
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }
}
