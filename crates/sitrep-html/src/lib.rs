//! The main text of an HTML page: boilerplate (script, style, navigation, header, footer, asides) dropped,
//! blocks on their own lines. Evidence offsets of an HTML document refer to this text.

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

/// Elements whose content is never main text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "iframe", "svg",
    "select", "head", "title", "menu",
];

/// Elements that end a line.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "hr",
    "address",
];

/// The page's title (`<title>`, else the first `<h1>`) and its main text.
pub fn main_text(html: &str) -> (Option<String>, String) {
    let doc = Html::parse_document(html);
    let title = ["title", "h1"].iter().find_map(|tag| {
        let selector = Selector::parse(tag).ok()?;
        let text = collapse(&doc.select(&selector).next()?.text().collect::<String>());
        (!text.is_empty()).then_some(text)
    });
    // The article or main element when the page marks one; the whole body otherwise.
    let root = ["article", "main", "body"]
        .iter()
        .filter_map(|tag| Selector::parse(tag).ok())
        .find_map(|selector| doc.select(&selector).next())
        .unwrap_or_else(|| doc.root_element());
    let mut out = String::new();
    walk(root, &mut out);
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    // At most one blank line between blocks.
    let mut text = String::new();
    let mut blank = false;
    for line in lines {
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank { "\n\n" } else { "\n" });
        }
        text.push_str(line);
        blank = false;
    }
    (title, text)
}

fn walk(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => {
                let text = collapse_keep_edges(t);
                if text.starts_with(' ') && (out.ends_with(' ') || out.ends_with('\n') || out.is_empty()) {
                    out.push_str(&text[1..]);
                } else {
                    out.push_str(&text);
                }
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                let Some(child) = ElementRef::wrap(child) else { continue };
                let block = BLOCK.contains(&name);
                let paragraph = matches!(name, "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote");
                if block {
                    out.push('\n');
                }
                walk(child, out);
                if block {
                    out.push('\n');
                }
                if paragraph {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace runs to one space, keeping a leading or trailing space when there was whitespace there.
fn collapse_keep_edges(s: &str) -> String {
    let inner = collapse(s);
    if inner.is_empty() {
        return if s.is_empty() { String::new() } else { " ".into() };
    }
    let lead = if s.starts_with(char::is_whitespace) { " " } else { "" };
    let trail = if s.ends_with(char::is_whitespace) { " " } else { "" };
    format!("{lead}{inner}{trail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_is_dropped_and_blocks_are_lines() {
        let html = r#"<html><head><title>Clash in Helmand</title><style>p{}</style></head><body>
            <header>Site name</header><nav><a href="/">Home</a></nav>
            <p>Two   soldiers were <b>killed</b> in Nad Ali.</p><p>The Taliban claimed it.</p>
            <script>var x = 1;</script><aside>Related</aside><footer>(c) site</footer></body></html>"#;
        let (title, text) = main_text(html);
        assert_eq!(title.as_deref(), Some("Clash in Helmand"));
        assert_eq!(text, "Two soldiers were killed in Nad Ali.\n\nThe Taliban claimed it.");
    }

    #[test]
    fn the_article_is_preferred() {
        let html = "<body><div>Menu</div><article><h1>T</h1><p>Body text.</p></article></body>";
        assert_eq!(main_text(html).1, "T\n\nBody text.");
    }
}
