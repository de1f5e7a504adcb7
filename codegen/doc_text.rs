//! The spec's descriptions and summaries as rustdoc shows them: as the text they are.
//!
//! They become doc comments (typify's types, the methods, the query parameters), where rustdoc
//! reads them as Markdown: `[PaymentLink]` would be a broken intra-doc link, a bare URL and an
//! HTML-like `<id>` warnings, and a fenced block without a language a Rust doctest that does not
//! compile. Each is written so that rustdoc shows the spec's words and nothing else.

/// `text` with `[`, `]`, `<`, `>` escaped, bare URLs made links, fences without a language
/// marked `text`, and indented code blocks fenced as `text`.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // The open fence's marker (three or more backticks or tildes), if any.
    let mut fence: Option<String> = None;
    let mut indented = false;
    let mut previous_blank = true;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let blank = trimmed.is_empty();
        if let Some(marker) = &fence {
            out.push_str(line);
            out.push('\n');
            if trimmed.starts_with(marker.as_str())
                && trimmed.trim_start_matches(&marker[..1]).trim().is_empty()
            {
                fence = None;
            }
            previous_blank = blank;
            continue;
        }
        // An indented code block (four spaces or a tab, after a blank line) would be a Rust
        // doctest: fenced as text instead, blank lines inside it kept.
        let code_indent = line.starts_with("    ") || line.starts_with('\t');
        if code_indent && !blank && (previous_blank || indented) {
            if !indented {
                out.push_str("```text\n");
                indented = true;
            }
            let dedented = line
                .strip_prefix("    ")
                .or_else(|| line.strip_prefix('\t'));
            out.push_str(dedented.unwrap_or(line));
            out.push('\n');
            previous_blank = false;
            continue;
        }
        if indented && !blank {
            out.push_str("```\n");
            indented = false;
        }
        if let Some(marker) = fence_marker(trimmed) {
            // An opening fence with no language would be a Rust doctest.
            let info = trimmed[marker.len()..].trim();
            out.push_str(&line[..line.len() - trimmed.len()]);
            out.push_str(&marker);
            out.push_str(if info.is_empty() { "text" } else { info });
            out.push('\n');
            fence = Some(marker);
        } else {
            escape_line(line, &mut out);
            out.push('\n');
        }
        previous_blank = blank;
    }
    if indented {
        out.push_str("```\n");
    }
    // The text's own last line has no line break after it.
    out.pop();
    if fence.is_some() {
        // An unclosed fence runs to the end of the doc: close it, so nothing after is code.
        out.push('\n');
        out.push_str("```");
    }
    out
}

/// The marker of a fence opening on `line` (three or more backticks or tildes), if any.
fn fence_marker(line: &str) -> Option<String> {
    let first = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let marker: String = line.chars().take_while(|c| *c == first).collect();
    (marker.len() >= 3).then_some(marker)
}

/// One line of prose: brackets and angle brackets escaped, URLs as `<…>` autolinks; code
/// spans (between two backticks of the line) as they are. A backtick with no partner on its
/// line opens no span (a span wrapped across lines is escaped as prose: rustdoc would
/// otherwise read its brackets as links).
fn escape_line(line: &str, out: &mut String) {
    let ticks = line.matches('`').count();
    let mut seen_ticks = 0;
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
                seen_ticks += 1;
                // The last of an odd number of backticks has no partner.
                if in_code || seen_ticks < ticks || ticks.is_multiple_of(2) {
                    in_code = !in_code;
                }
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
        assert_eq!(doc_text("~~~\n[1]\n~~~"), "~~~text\n[1]\n~~~");
        assert_eq!(
            doc_text("Body:\n\n    {\"a\": [1]}\n\n    [2]\nthen [x]"),
            "Body:\n\n```text\n{\"a\": [1]}\n\n[2]\n```\nthen \\[x\\]"
        );
        assert_eq!(doc_text("a lone ` then [x]"), r"a lone ` then \[x\]");
        assert_eq!(doc_text("```\nopen"), "```text\nopen\n```");
        assert_eq!(
            doc_text("`a[0]` and `<b>` at `https://x.y`, not [c]"),
            r"`a[0]` and `<b>` at `https://x.y`, not \[c\]"
        );
    }
}
