//! The spec's descriptions and summaries as rustdoc shows them: as the text they are.
//!
//! They become doc comments (typify's types, the methods, the query parameters), where rustdoc
//! reads them as Markdown: `[PaymentLink]` would be a broken intra-doc link, a bare URL and an
//! HTML-like `<id>` warnings, and a fenced block without a language a Rust doctest that does not
//! compile. Each is written so that rustdoc shows the spec's words and nothing else.

/// `text` with `[`, `]`, `<`, `>` escaped, bare URLs made links, and fences without a language
/// marked `text`.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence = false;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            // An opening fence with no language would be a Rust doctest.
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(indent);
            out.push_str("```");
            out.push_str(if !in_fence && info.trim().is_empty() {
                "text"
            } else {
                info
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(line);
        } else {
            escape_line(line, &mut out);
        }
    }
    out
}

/// One line of prose: brackets and angle brackets escaped, URLs as `<…>` autolinks; code
/// spans (between backticks) as they are.
fn escape_line(line: &str, out: &mut String) {
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            // A URL runs to the next space or bracket, less what ends a sentence.
            let end = rest
                .find(|c: char| c.is_whitespace() || "<>[]\"`".contains(c))
                .unwrap_or(rest.len());
            let link = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '\'', '!', '?']);
            out.push('<');
            out.push_str(link);
            out.push('>');
            rest = &rest[link.len()..];
            continue;
        }
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' | ']' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

#[cfg(test)]
mod tests {
    use super::doc_text;

    #[test]
    fn what_rustdoc_would_read_as_markdown_is_shown_as_text() {
        assert_eq!(
            doc_text("See [PaymentLink] at https://lomi.africa/docs. Ids are <id>."),
            r"See \[PaymentLink\] at <https://lomi.africa/docs>. Ids are &lt;id&gt;."
        );
        assert_eq!(doc_text("(http://x.y/a)"), "(<http://x.y/a>)");
        assert_eq!(
            doc_text("Body:\n```\n{\"a\": [1]}\n```\nthen [x]"),
            "Body:\n```text\n{\"a\": [1]}\n```\nthen \\[x\\]"
        );
        assert_eq!(doc_text("```json\n[1]\n```"), "```json\n[1]\n```");
        assert_eq!(
            doc_text("`a[0]` and `<b>` at `https://x.y`, not [c]"),
            r"`a[0]` and `<b>` at `https://x.y`, not \[c\]"
        );
    }
}
